// An OpenID Connect provider for Tandem's tests: panva's certified oidc-provider on loopback.
//
// The protocol (discovery, authorisation with PKCE, token endpoint, ID token signing,
// userinfo, dynamic client registration) is oidc-provider's. This script adds only
// what a test needs around it:
//   - accounts from the OIDC_ACCOUNTS environment variable (JSON: sub -> claims);
//   - a one-field sign-in page at /interaction/<uid> (POST login=<sub>); consent is given at once;
//   - POST /test/next-id-token with JSON overrides: the next ID token the token endpoint
//     sends is re-made with those claims ("nonce", "aud", "iss", "exp", "sub"…), signed with the
//     provider's key, or with {"sign": "other-key"} by a key the provider does not publish,
//     or {"sign": "none"} not at all. This is how the tests play an attacker or a broken
//     provider; everything else is the real thing.
// Prints {"url": issuer} when it listens.

import http from 'node:http';

import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const { privateKey: otherKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'peer-key', alg: 'RS256', use: 'sig' };

let nextIdToken = null;

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  cookies: { keys: ['tandem-test-peer-only'] },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'employee_id'],
  },
  async findAccount(_ctx, sub) {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, async claims() { return { sub, ...accounts[sub] }; } };
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && nextIdToken && ctx.body?.id_token) {
    const overrides = nextIdToken;
    nextIdToken = null;
    const { sign = 'key', ...claims } = overrides;
    const payload = { ...decodeJwt(ctx.body.id_token), ...claims };
    if (sign === 'none') {
      const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
      ctx.body = { ...ctx.body, id_token: `${part({ alg: 'none' })}.${part(payload)}.` };
    } else {
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'peer-key' })
        .sign(sign === 'other-key' ? otherKey : privateKey);
      ctx.body = { ...ctx.body, id_token: token };
    }
  }
});

const callback = provider.callback();

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
  });
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (req.method === 'POST') {
      const login = new URLSearchParams(await readBody(req)).get('login') || '';
      if (!accounts[login]) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`unknown account ${login}`);
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: login } });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Peer IdP sign-in</title>
<h1>Test identity provider</h1>
<form method="post" action="/interaction/${escape(details.uid)}">
<label for="login">Account</label> <input id="login" name="login" autofocus>
<button type="submit">Sign in</button></form></html>`);
    return;
  }
  // Consent: the test provider grants what the client asked for.
  const { accountId } = details.session;
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

server.on('request', async (req, res) => {
  try {
    if (req.url.startsWith('/interaction/')) {
      await interaction(req, res);
    } else if (req.url === '/test/next-id-token' && req.method === 'POST') {
      nextIdToken = JSON.parse(await readBody(req));
      res.writeHead(204);
      res.end();
    } else {
      callback(req, res);
    }
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});

console.log(JSON.stringify({ url: issuer }));
