// A SAML 2.0 identity provider for the tests of tandem/sso, built on samlify.
//
// It listens on 127.0.0.1 (a free port), prints {"url": …, "entity_id": …} once ready,
// and serves:
//   GET  /metadata     the IdP metadata (entity id, SSO URL, signing certificate)
//   POST /sp           the service provider's metadata XML (what an admin gives the IdP)
//   POST /next         JSON that shapes the next response only: {"variant": …, "name_id": …,
//                      "attributes": {name: value}}; variants: normal, message-signed-only,
//                      both-signed, unsigned, other-key, wrong-audience, wrong-recipient,
//                      wrong-destination, wrong-issuer, expired, not-yet-valid, stale-sign-in
//                      (AuthnInstant an hour back, as after a remembered session)
//   GET  /sso          HTTP-Redirect binding: parses the AuthnRequest (samlify checks it
//                      against the SP metadata and the SAML schema), answers with an HTML form
//                      that posts the SAMLResponse to the SP's assertion consumer service
//   GET  /unsolicited  an IdP-initiated response (no AuthnRequest, no InResponseTo)
//   GET  /last-request what the last AuthnRequest asked for: {"id": …, "force_authn": …}
//
// Its signing keys are made at start (test-only, never written to disk): one that the
// metadata names, and a stranger's key that signs the 'other-key' variant.
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const samlify = require("samlify");
const forge = require("node-forge");
const { validate } = require("@authenio/samlify-xmllint-wasm");

// A real schema validator (libxml2 compiled to WebAssembly, no Java): samlify checks every
// inbound AuthnRequest against the SAML 2.0 schemas.
samlify.setSchemaValidator({ validate });

const libsaml = samlify.SamlLib;
const NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
const ATTRIBUTE_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
const ATTRIBUTE_BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";

function testOnlyKeyPair(commonName) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = "01" + forge.util.bytesToHex(forge.random.getBytesSync(8));
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const subject = [{ name: "commonName", value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { privateKey, certificate: forge.pki.certificateToPem(cert) };
}

const DEFAULT_USER = {
  name_id: "e-1001@example.com",
  name_id_format: NAMEID_UNSPECIFIED,
  attributes: { employeeNumber: "1001", email: "e-1001@example.com" },
};

let sp = null; // samlify ServiceProvider built from the uploaded SP metadata
let next = null; // the shape of the next response, then back to normal
let lastRequest = null; // what the last AuthnRequest asked for

function identityProvider(base, keys) {
  return samlify.IdentityProvider({
    entityID: `${base}/metadata`,
    signingCert: keys.certificate,
    privateKey: keys.privateKey,
    nameIDFormat: [NAMEID_UNSPECIFIED],
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${base}/sso` }],
  });
}

// The SP as samlify sees it for one response: its entity id and ACS from the metadata, the
// signing the variant asks for (samlify signs the assertion when the SP wants it, and the
// message when the SP wants that or does not want signed assertions).
function spFor(variant) {
  const acs = sp.entityMeta.getAssertionConsumerService("post");
  return samlify.ServiceProvider({
    entityID: sp.entityMeta.getEntityID(),
    assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: acs }],
    wantAssertionsSigned: variant !== "message-signed-only",
    wantMessageSigned: variant === "both-signed",
  });
}

const AUTHN_STATEMENT =
  '<saml:AuthnStatement AuthnInstant="{AuthnInstant}" SessionIndex="{AssertionID}">' +
  "<saml:AuthnContext><saml:AuthnContextClassRef>" +
  "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport" +
  "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>";

function attributeStatement(attributes) {
  const names = Object.keys(attributes);
  if (names.length === 0) return { xml: "", tags: {} };
  const tags = {};
  const lines = names.map((name, index) => {
    tags[`AttrName${index}`] = name;
    tags[`AttrFormat${index}`] = name.includes(":") ? ATTRIBUTE_URI : ATTRIBUTE_BASIC;
    tags[`AttrValue${index}`] = String(attributes[name]);
    return (
      `<saml:Attribute Name="{AttrName${index}}" NameFormat="{AttrFormat${index}}">` +
      `<saml:AttributeValue xsi:type="xs:string">{AttrValue${index}}</saml:AttributeValue>` +
      "</saml:Attribute>"
    );
  });
  return { xml: `<saml:AttributeStatement>${lines.join("")}</saml:AttributeStatement>`, tags };
}

// The response's values: what samlify would fill in, then what the variant changes.
function responseTemplate(idp, target, inResponseTo, shape) {
  const variant = shape.variant;
  const user = { ...DEFAULT_USER, ...shape };
  const attributes = shape.attributes ?? DEFAULT_USER.attributes;
  const acs = target.entityMeta.getAssertionConsumerService("post");
  let now = new Date();
  if (variant === "expired") now = new Date(now.getTime() - 60 * 60 * 1000);
  if (variant === "not-yet-valid") now = new Date(now.getTime() + 60 * 60 * 1000);
  const later = new Date(now.getTime() + 5 * 60 * 1000);
  const elsewhere = "https://elsewhere.example/saml/acs/";
  const statement = attributeStatement(attributes);
  const tags = {
    ID: idp.entitySetting.generateID(),
    AssertionID: idp.entitySetting.generateID(),
    Destination: variant === "wrong-destination" ? elsewhere : acs,
    Audience: variant === "wrong-audience" ? "https://elsewhere.example/saml/metadata/" : target.entityMeta.getEntityID(),
    SubjectRecipient: variant === "wrong-recipient" ? elsewhere : acs,
    Issuer: variant === "wrong-issuer" ? "https://elsewhere.example/idp" : idp.entityMeta.getEntityID(),
    IssueInstant: now.toISOString(),
    // When the user last signed in here: an hour ago for 'stale-sign-in' (a remembered session).
    AuthnInstant: (variant === "stale-sign-in" ? new Date(now.getTime() - 60 * 60 * 1000) : now).toISOString(),
    StatusCode: samlify.Constants.StatusCode.Success,
    ConditionsNotBefore: now.toISOString(),
    ConditionsNotOnOrAfter: later.toISOString(),
    SubjectConfirmationDataNotOnOrAfter: later.toISOString(),
    NameIDFormat: user.name_id_format,
    NameID: user.name_id,
    InResponseTo: inResponseTo,
    ...statement.tags,
  };
  const template = libsaml.defaultLoginResponseTemplate.context
    .replace("{AuthnStatement}", AUTHN_STATEMENT)
    .replace("{AttributeStatement}", statement.xml);
  return { id: tags.ID, context: libsaml.replaceTagsByValue(template, tags) };
}

async function loginResponse(base, keys, inResponseTo) {
  const shape = next ?? { variant: "normal" };
  next = null;
  const variant = shape.variant ?? "normal";
  const signer = variant === "other-key" ? keys.stranger : keys.idp;
  const idp = identityProvider(base, signer);
  const target = spFor(variant);
  const response = responseTemplate(idp, target, inResponseTo, { ...shape, variant });
  if (variant === "unsigned") {
    return Buffer.from(response.context).toString("base64");
  }
  const made = await idp.createLoginResponse(target, null, "post", {}, {
    customTagReplacement: () => response,
  });
  return made.context;
}

function autoPost(action, samlResponse, relayState) {
  const escape = (s) => String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const relay = relayState ? `<input type="hidden" name="RelayState" value="${escape(relayState)}">` : "";
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>SAML</title></head>' +
    '<body onload="document.forms[0].submit()">' +
    `<form method="post" action="${escape(action)}">` +
    `<input type="hidden" name="SAMLResponse" value="${escape(samlResponse)}">${relay}` +
    '<noscript><button type="submit">Continue</button></noscript></form></body></html>'
  );
}

async function body(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf-8");
}

function reply(response, status, type, text) {
  response.writeHead(status, { "Content-Type": type });
  response.end(text);
}

async function handle(base, keys, request, response) {
  const url = new URL(request.url, base);
  if (request.method === "GET" && url.pathname === "/metadata") {
    return reply(response, 200, "application/samlmetadata+xml", identityProvider(base, keys.idp).getMetadata());
  }
  if (request.method === "POST" && url.pathname === "/sp") {
    sp = samlify.ServiceProvider({ metadata: await body(request) });
    return reply(response, 200, "application/json", JSON.stringify({ entity_id: sp.entityMeta.getEntityID() }));
  }
  if (request.method === "GET" && url.pathname === "/last-request") {
    return reply(response, 200, "application/json", JSON.stringify(lastRequest));
  }
  if (request.method === "POST" && url.pathname === "/next") {
    next = JSON.parse(await body(request));
    return reply(response, 200, "application/json", JSON.stringify(next));
  }
  if (request.method === "GET" && (url.pathname === "/sso" || url.pathname === "/unsolicited")) {
    if (sp === null) return reply(response, 409, "text/plain", "No service provider: POST its metadata to /sp.");
    let inResponseTo = null;
    if (url.pathname === "/sso") {
      const query = Object.fromEntries(url.searchParams);
      const parsed = await identityProvider(base, keys.idp).parseLoginRequest(sp, "redirect", { query });
      inResponseTo = parsed.extract.request.id;
      lastRequest = { id: inResponseTo, force_authn: /ForceAuthn="true"/.test(parsed.samlContent) };
    }
    const samlResponse = await loginResponse(base, keys, inResponseTo);
    const acs = sp.entityMeta.getAssertionConsumerService("post");
    return reply(response, 200, "text/html; charset=utf-8", autoPost(acs, samlResponse, url.searchParams.get("RelayState")));
  }
  return reply(response, 404, "text/plain", "Not found");
}

const keys = { idp: testOnlyKeyPair("Tandem test IdP (test only)"), stranger: testOnlyKeyPair("Stranger (test only)") };
const server = createServer((request, response) => {
  handle(`http://127.0.0.1:${server.address().port}`, keys, request, response).catch((error) => {
    console.error(error);
    reply(response, 400, "text/plain", String(error && error.message ? error.message : error));
  });
});
server.listen(0, "127.0.0.1", () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  console.log(JSON.stringify({ url, entity_id: `${url}/metadata`}));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
