"""SAML per organisation: the IdP's uploaded metadata, the app's settings, who a response names.

Each organisation that signs in through SAML has one allauth ``SocialApp`` (provider
``saml``, ``client_id`` = the organisation's short name, so its addresses are
``/account/saml/<slug>/login/``, ``…/acs/`` and ``…/metadata/``). python3-saml checks every
response in strict mode: the assertion's signature against the one certificate from the
metadata, Audience, Recipient, Destination, Issuer and the validity window (ECO-02).
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import build_auth
from cryptography import x509
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from lxml import etree
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from tandem.core.links import absolute_reverse
from tandem.core.models import Organization
from tandem.sso.oidc.provider import qualified_subject

# The name under which the assertion's subject (<NameID>) is offered as a claim, beside the
# attributes: an organisation may choose it as the attribute that holds the employee id.
NAME_ID = "NameID"
# A metadata document of a real IdP is a few kilobytes; Entra's is about 5, with rollover 10.
MAX_METADATA_BYTES = 512 * 1024
# SocialAccount.uid's length (allauth's UID_MAX_LENGTH).
UID_MAX_LENGTH = 191

TRANSIENT = OneLogin_Saml2_Constants.NAMEID_TRANSIENT


@dataclass(frozen=True)
class IdpMetadata:
    """What Tandem keeps of an identity provider's metadata."""

    entity_id: str
    sso_url: str
    x509cert: str  # base64 DER, no PEM armour, as python3-saml wants it


def read_idp_metadata(xml: bytes) -> IdpMetadata:
    """The entity id, sign-in address and signing certificate of uploaded IdP metadata.

    Raises ``ValidationError`` naming everything that is missing.
    """
    if len(xml) > MAX_METADATA_BYTES:
        raise ValidationError(
            _("The metadata file is too large (at most %(kilobytes)s KB)."),
            code="too_large",
            params={"kilobytes": MAX_METADATA_BYTES // 1024},
        )
    try:
        # python3-saml parses without DTDs or entities (no XXE, no entity expansion).
        parsed: dict[str, Any] = OneLogin_Saml2_IdPMetadataParser.parse(xml)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ValidationError(
            _(
                "The file is not readable XML. Please upload the metadata file of your "
                "identity provider."
            ),
            code="not_xml",
        ) from error
    idp: dict[str, Any] = parsed.get("idp", {})
    entity_id = idp.get("entityId", "")
    sso_url = idp.get("singleSignOnService", {}).get("url", "")
    certificate = _signing_certificate(idp)
    errors = []
    if not entity_id:
        errors.append(
            ValidationError(
                _("The metadata names no identity provider (entityID of an IDPSSODescriptor)."),
                code="no_entity_id",
            )
        )
    if not sso_url.startswith(("https://", "http://")):
        errors.append(
            ValidationError(
                _(
                    "The metadata names no sign-in address (SingleSignOnService with the "
                    "HTTP-Redirect binding)."
                ),
                code="no_sso_url",
            )
        )
    if not certificate:
        errors.append(
            ValidationError(
                _("The metadata contains no signing certificate."), code="no_certificate"
            )
        )
    elif not _is_certificate(certificate):
        errors.append(
            ValidationError(
                _("The signing certificate in the metadata cannot be read."), code="bad_certificate"
            )
        )
    if errors:
        raise ValidationError(errors)
    return IdpMetadata(entity_id=entity_id, sso_url=sso_url, x509cert=certificate)


def _signing_certificate(idp: dict[str, Any]) -> str:
    # One certificate: allauth hands python3-saml only ``x509cert``. During a rollover the IdP
    # lists the old one first; after it, the organisation uploads the new metadata.
    single: str = idp.get("x509cert", "")
    if single:
        return single
    signing: list[str] = idp.get("x509certMulti", {}).get("signing", [])
    return signing[0] if signing else ""


def _is_certificate(certificate: str) -> bool:
    try:
        x509.load_der_x509_certificate(base64.b64decode(certificate, validate=True))
    except (binascii.Error, ValueError):
        return False
    return True


def configure_app(app: SocialApp, *, organization: Organization, idp: IdpMetadata) -> SocialApp:
    """The organisation's SAML ``app`` (new or not) set to sign in through ``idp``; not saved."""
    app.provider = SAMLProvider.id
    # allauth's SAML addresses name the app by its client id: /account/saml/<slug>/…
    app.client_id = organization.slug
    app.name = organization.name[:40]
    # Tandem's entity id is written once: the IdP keeps it as Tandem's name, so it must not
    # follow a request's Host header or a later change of TANDEM_BASE_URL.
    entity_id = app.settings.get("sp", {}).get("entity_id") or sp_entity_id(organization.slug)
    app.settings = app_settings(sp_entity_id=entity_id, idp=idp)
    return app


def app_settings(*, sp_entity_id: str, idp: IdpMetadata) -> dict[str, Any]:
    """The ``SocialApp.settings`` of an organisation's SAML sign-in (allauth's keys)."""
    return {
        "idp": {"entity_id": idp.entity_id, "sso_url": idp.sso_url, "x509cert": idp.x509cert},
        "sp": {"entity_id": sp_entity_id},
        "advanced": {
            "strict": True,
            # The assertion's own signature is what proves who signed in (ECO-02); a signed
            # message around an unsigned assertion is refused.
            "want_assertion_signed": True,
            # Entra ID and Google sign only the assertion by default.
            "want_message_signed": False,
            "want_name_id": True,
            # An IdP may send only the NameID (e.g. the employee id as NameID).
            "want_attribute_statement": False,
            "reject_deprecated_algorithm": True,
            # Only answers to a request Tandem made (InResponseTo matches a stashed state).
            "reject_idp_initiated_sso": True,
            # A syntax check of our own and the IdP's addresses, no security: an intranet
            # installation may be reached as http://tandem/.
            "allow_single_label_domains": True,
        },
    }


@dataclass(frozen=True)
class SpAddresses:
    """What an IdP's administrator copies into it: Tandem's entity id and addresses."""

    entity_id: str
    acs_url: str
    metadata_url: str


def sp_addresses(organization: Organization, app: SocialApp | None) -> SpAddresses:
    """Tandem's side of the organisation's SAML sign-in (the kept entity id, once there is one)."""
    slug = organization.slug
    kept = app.settings.get("sp", {}).get("entity_id") if app is not None else None
    return SpAddresses(
        entity_id=kept or sp_entity_id(slug),
        acs_url=absolute_reverse("saml_acs", organization_slug=slug),
        metadata_url=absolute_reverse("saml_metadata", organization_slug=slug),
    )


def sp_entity_id(organization_slug: str) -> str:
    """Tandem's entity id for one organisation: the address of its SP metadata."""
    return absolute_reverse("saml_metadata", organization_slug=organization_slug)


def subject(issuer: str, name_id: str) -> str:
    """The issuer-qualified subject: who this is, as this IdP says (like OIDC's iss + sub)."""
    uid = qualified_subject(issuer, name_id)
    if len(uid) <= UID_MAX_LENGTH:
        return uid
    return "sha256:" + hashlib.sha256(uid.encode()).hexdigest()


class Provider(SAMLProvider):  # type: ignore[misc]  # allauth is untyped
    """allauth's SAML provider with the login's uid qualified by the IdP's entity id.

    The response's Issuer equals the configured entity id (python3-saml checks it in strict
    mode), so the configured one is used. Registered through
    ``SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"]``.
    """

    # allauth finds a provider's URLs and views beside its class: they stay allauth's.
    package = "allauth.socialaccount.providers.saml"

    def extract_uid(self, data: OneLogin_Saml2_Auth) -> str:
        if data.get_nameid_format() == TRANSIENT:
            # A transient NameID changes with every sign-in: it names nobody.
            raise ImmediateHttpResponse(render_authentication_error(self.request, self))
        return subject(self.app.settings["idp"]["entity_id"], data.get_nameid())

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        """allauth's AuthnRequest; with ``ForceAuthn`` when the caller asks for a fresh sign-in
        (``auth_params={"prompt": "login"}``, OpenID Connect's word for it)."""
        auth = build_auth(request, self)
        force = (kwargs.get("auth_params") or {}).get("prompt") == "login"
        location = auth.login(return_to="", force_authn=force)
        self.stash_redirect_state(
            request, process, next_url, data, state_id=auth.get_last_request_id(), **kwargs
        )
        return HttpResponseRedirect(location)

    def claims(self, data: dict[str, Any]) -> dict[str, object]:
        """The NameID (as ``NAME_ID``) and each attribute's first value, from ``extra_data``;
        ``auth_time`` as in OpenID Connect: when the person signed in at the IdP (epoch)."""
        result: dict[str, object] = {
            name: str(values[0])
            for name, values in data.get("attributes", {}).items()
            if isinstance(values, list) and values
        }
        if data.get("name_id"):
            result[NAME_ID] = str(data["name_id"])
        if isinstance(data.get("authn_instant"), int):
            result["auth_time"] = data["authn_instant"]
        return result

    def extract_extra_data(self, data: OneLogin_Saml2_Auth) -> dict[str, Any]:
        return {
            "name_id": data.get_nameid(),
            "name_id_format": data.get_nameid_format(),
            "attributes": data.get_attributes(),
            "authn_instant": authn_instant(data.get_last_response_xml()),
        }


def authn_instant(response_xml: str) -> int | None:
    """When the IdP last saw the person sign in: the AuthnStatement's AuthnInstant (epoch).

    Read after python3-saml validated the response: one assertion, signed.
    """
    instants = OneLogin_Saml2_XML.query(
        OneLogin_Saml2_XML.to_etree(response_xml),
        "/samlp:Response/saml:Assertion/saml:AuthnStatement/@AuthnInstant",
    )
    if len(instants) != 1:
        return None
    seconds: int = OneLogin_Saml2_Utils.parse_SAML_to_time(str(instants[0]))
    return seconds
