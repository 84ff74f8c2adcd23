"""allauth's hooks for company sign-in: who a sign-in is, and what it spares (MFA).

Settings point allauth here (``SOCIALACCOUNT_ADAPTER``, ``ACCOUNT_ADAPTER``): this
app sits above people and accounts, and extends their sign-in with the
organisation's identity provider.
"""

import time
from typing import Any, NoReturn

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tandem.accounts.adapter import AccountAdapter as PasswordAccountAdapter
from tandem.accounts.mfa import SSO_CONFIRMED_KEY
from tandem.core.security import Outcome, log_event
from tandem.sso import linking, testing
from tandem.sso.linking import Refused
from tandem.sso.models import IdentityProvider

TEST_FLAG = "tandem_sso_test"
# A signed-in login confirming itself at its provider before a sensitive action (AUTH-07).
CONFIRM_FLAG = "tandem_sso_confirm"
# Seconds the provider's clock may differ from ours.
CLOCK_SKEW = 60


def provider_of(sociallogin: SocialLogin) -> IdentityProvider | None:
    """The organisation's identity provider this sign-in came through (None: not one of ours)."""
    app = sociallogin.provider.app
    if app is None or app.pk is None:
        return None
    with scopes_disabled():
        return (
            IdentityProvider.objects.select_related("organization", "app")
            .filter(app_id=app.pk)
            .first()
        )


def refuse(request: HttpRequest, provider: IdentityProvider | None, refused: Refused) -> NoReturn:
    log_event(
        "sso.login.refused",
        object_type="sso.identityprovider",
        object_id=refused.reason,
        outcome=Outcome.DENIED,
        organization=provider.organization.slug if provider else "",
    )
    raise ImmediateHttpResponse(
        render(
            request,
            "sso/refused.html",
            {
                "message": refused.message,
                "organization": provider.organization if provider else None,
            },
            status=403,
        )
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:  # noqa: ARG002 (allauth's hook)
        # A company sign-in is linked (or refused) before allauth would offer a sign-up.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = provider_of(sociallogin)
        if provider is None:
            refuse(request, None, Refused(_("This sign-in is not set up."), "unknown_provider"))
        if sociallogin.state.get("process") != "login":
            # Connecting a company account to a login signed in otherwise is not a way in.
            refuse(request, provider, Refused(_("This sign-in is not set up."), "connect"))
        claims = sociallogin.provider.claims(sociallogin.account.extra_data)
        data = sociallogin.state.get("data") or {}
        if data.get(TEST_FLAG):
            raise ImmediateHttpResponse(testing.report(request, provider, sociallogin, claims))
        if data.get(CONFIRM_FLAG):
            confirm(request, provider, sociallogin, claims, started=float(data.get("started", 0)))
        if not provider.enabled:
            refuse(request, provider, Refused(_("Company sign-in is switched off."), "disabled"))
        try:
            linking.link(provider, sociallogin, claims)
        except Refused as refused:
            refuse(request, provider, refused)

    def on_authentication_error(
        self,
        request: HttpRequest,  # noqa: ARG002 (allauth's hook)
        provider: Any,
        error: Any = None,  # noqa: ARG002 (allauth's hook)
        exception: Any = None,  # noqa: ARG002 (allauth's hook)
        extra_context: Any = None,  # noqa: ARG002 (allauth's hook)
    ) -> None:
        # A refused token or assertion (signature, nonce, audience, time…) is a security event.
        app = getattr(provider, "app", None)
        log_event(
            "sso.login.failed",
            object_type="sso.identityprovider",
            object_id=str(getattr(app, "provider_id", "") or ""),
            outcome=Outcome.FAILED,
        )


def confirm(
    request: HttpRequest,
    provider: IdentityProvider,
    sociallogin: SocialLogin,
    claims: dict[str, object],
    *,
    started: float,
) -> None:
    """The signed-in person signed in at their provider again, just now: the session counts as
    confirmed for the next few minutes, and they go back to what they were doing."""
    same = (
        request.user.is_authenticated
        and sociallogin.is_existing
        and sociallogin.user.pk == request.user.pk
    )
    auth_time = claims.get("auth_time")
    # OpenID Connect's auth_time; for SAML the AuthnStatement's AuthnInstant (tandem.sso.saml).
    fresh = isinstance(auth_time, (int, float)) and auth_time >= started - CLOCK_SKEW
    if not (same and fresh):
        refuse(request, provider, Refused(_("This was not a new sign-in of yours."), "confirm"))
    request.session[SSO_CONFIRMED_KEY] = time.time()
    log_event(
        "sso.login.confirmed",
        actor=request.user,
        object_type="sso.identityprovider",
        object_id=provider.provider_id,
        organization=provider.organization.slug,
    )
    raise ImmediateHttpResponse(redirect(sociallogin.get_redirect_url(request) or "/"))


class SkipAfterCompanySignIn(AuthenticateStage):  # type: ignore[misc]
    """allauth asks for the authenticator at sign-in; not after the organisation's provider
    did, unless the organisation asks for Tandem's as well (``Organization.sso_mfa``)."""

    def handle(self) -> tuple[Any, bool]:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None:
            provider = provider_of(sociallogin)
            if provider is not None and not provider.organization.sso_mfa:
                return None, True
        result: tuple[Any, bool] = super().handle()
        return result


class AccountAdapter(PasswordAccountAdapter):
    def get_login_stages(self) -> list[str]:
        stages: list[str] = super().get_login_stages()
        stage = f"{AuthenticateStage.__module__}.{AuthenticateStage.__qualname__}"
        mine = f"{SkipAfterCompanySignIn.__module__}.{SkipAfterCompanySignIn.__qualname__}"
        return [mine if path == stage else path for path in stages]
