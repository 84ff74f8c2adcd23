"""The OpenID Connect provider and adapter that Tandem registers in place of allauth's."""

import hmac
import secrets
from typing import Any

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest, HttpResponse

NONCE = "nonce"
# A subject is unique only within its issuer: links hold both, in this form.
SUBJECT_SEPARATOR = " "


def qualified_subject(issuer: str, subject: str) -> str:
    return f"{issuer}{SUBJECT_SEPARATOR}{subject}"


class Adapter(OpenIDConnectOAuth2Adapter):  # type: ignore[misc]
    """Checks the ID token's signature, issuer, audience, expiry and nonce, always."""

    # The state stashed when the sign-in began; the callback view hands it over.
    state: dict[str, Any] | None = None

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        try:
            data: dict[str, Any] = jwtkit.verify_and_decode(
                credential=id_token,
                keys_url=self.openid_config["jwks_uri"],
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                lookup_kid=jwtkit.lookup_kid_jwk,
                verify_signature=True,
            )
        except (KeyError, ValueError, TypeError) as error:
            # allauth reads the header before checking it: a token without a key ID (an
            # unsigned one, say) is a malformed token, not a server error.
            raise OAuth2Error("The ID token is malformed.") from error
        expected = str((self.state or {}).get(NONCE) or "")
        if not expected or not hmac.compare_digest(str(data.get(NONCE) or ""), expected):
            raise OAuth2Error("The ID token does not answer this sign-in (nonce).")
        return data

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: Any, **kwargs: Any
    ) -> Any:
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("The provider sent no ID token.")
        login = super().complete_login(request, app, token, **kwargs)
        data = login.account.extra_data
        userinfo = data.get("userinfo") or {}
        if userinfo and userinfo.get("sub") != data["id_token"].get("sub"):
            # OpenID Connect Core 5.3.2: the userinfo is about the token's subject, or void.
            raise OAuth2Error("The userinfo is about someone else.")
        return login


class Provider(OpenIDConnectProvider):  # type: ignore[misc]
    """allauth's OpenID Connect provider with a nonce, and subjects qualified by issuer."""

    package = "tandem.sso.oidc"
    oauth2_adapter_class = Adapter

    def get_pkce_params(self) -> dict[str, str]:
        # Always, whatever the app's settings say (RFC 9700 2.1.1).
        params: dict[str, str] = generate_code_challenge()
        return params

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params[NONCE] = nonce
        response: HttpResponse = super().redirect(
            request, process, next_url, data, auth_params=auth_params, **{NONCE: nonce}, **kwargs
        )
        return response

    def extract_uid(self, data: dict[str, Any]) -> str:
        token = data["id_token"]
        return qualified_subject(str(token["iss"]), str(token["sub"]))

    def claims(self, data: dict[str, Any]) -> dict[str, object]:
        """What the provider says of the person: the userinfo, under the ID token's word."""
        return {**(data.get("userinfo") or {}), **data["id_token"]}


provider_classes = [Provider]
