"""Company sign-in: finding one's organisation, and its administration's settings page."""

import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from tandem.accounts.decorators import reauthentication_required
from tandem.accounts.mfa import SSO_ORGANIZATION_KEY, safe_next
from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import MembershipRole, Organization
from tandem.people.access import organization_view
from tandem.sso import saml, services
from tandem.sso.adapter import CONFIRM_FLAG, TEST_FLAG
from tandem.sso.forms import LinkForm, OidcForm, PolicyForm
from tandem.sso.forms_saml import SamlForm, SamlLinkForm
from tandem.sso.models import IdentityProvider, Protocol


def _allow_sign_in_at(response: HttpResponse, provider: IdentityProvider | None) -> HttpResponse:
    """A form on this page leads, through Tandem's redirect, to the provider's sign-in:
    browsers hold that redirect to the page's ``form-action`` too, so it names the provider."""
    origin = provider.sign_in_origin if provider is not None else ""
    if origin:
        config: dict[str, Any] = dict(settings.SECURE_CSP)
        config["form-action"] = [*config.get("form-action", []), origin]
        response._csp_config = config  # type: ignore[attr-defined]  # Django's CSP override
    return response


def _enabled(organization: Organization) -> IdentityProvider | None:
    with scope(organization=organization):
        return (
            IdentityProvider.objects.select_related("app")
            .filter(organization=organization, enabled=True)
            .first()
        )


def start(request: HttpRequest) -> HttpResponse:
    """ "Sign in with your company account": by the address's domain or the short name."""
    typed = (request.POST.get("who") if request.method == "POST" else "") or ""
    typed = typed.strip()
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if typed:
        organization = _find(typed)
        if organization is not None:
            url = reverse("sso:organization", args=[organization.slug])
            return redirect(url + ("?" + urlencode({"next": next_url}) if next_url else ""))
        messages.error(
            request,
            _("No company sign-in is set up for this. Please sign in with your password."),
        )
    return render(request, "sso/start.html", {"who": typed, "next": next_url})


def _find(typed: str) -> Organization | None:
    """The organisation whose company sign-in ``typed`` (an address or a short name) names."""
    with scopes_disabled():
        return _find_unscoped(typed)


def _find_unscoped(typed: str) -> Organization | None:
    if "@" in typed:
        domain = typed.rpartition("@")[2].casefold()
        for provider in IdentityProvider.objects.filter(enabled=True).select_related(
            "organization"
        ):
            if domain in {str(d).casefold() for d in provider.domains}:
                return provider.organization
        return None
    named = (
        IdentityProvider.objects.filter(enabled=True, organization__slug=typed.casefold())
        .select_related("organization")
        .first()
    )
    return named.organization if named else None


def organization(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's sign-in button (a POST to the provider's start, with CSRF)."""
    org = get_object_or_404(Organization, slug=slug)
    provider = _enabled(org)
    if provider is None:
        raise Http404
    next_url = safe_next(request, request.GET.get("next"))
    login_url = provider.app.get_provider(request).get_login_url(request)
    response = render(
        request,
        "sso/organization.html",
        {"organization": org, "provider": provider, "login_url": login_url, "next": next_url},
    )
    return _allow_sign_in_at(response, provider)


@organization_view(MembershipRole.ADMIN)
@reauthentication_required(allow_get=True)
def settings_page(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    provider = (
        IdentityProvider.objects.select_related("app").filter(organization=organization).first()
    )
    app = provider.app if provider else None
    action = request.POST.get("action") if request.method == "POST" else None
    initial = (
        {
            "name": app.name,
            "server_url": app.settings.get("server_url", ""),
            "client_id": app.client_id,
        }
        if app and provider and provider.protocol == Protocol.OIDC
        else {"name": organization.name}
    )
    has_secret = bool(app and app.secret)
    connection = OidcForm(
        request.POST if action == "oidc" else None, initial=initial, has_secret=has_secret
    )
    link = LinkForm(
        request.POST if action == "oidc" else None,
        instance=provider or IdentityProvider(organization=organization),
    )
    policy = (
        PolicyForm(
            request.POST if action == "policy" else None,
            provider=provider,
            initial={
                "enabled": provider.enabled,
                "sso_required": organization.sso_required,
                "sso_mfa": organization.sso_mfa,
            },
        )
        if provider
        else None
    )
    is_saml = provider is not None and provider.protocol == Protocol.SAML
    saml_connection = SamlForm(
        request.POST if action == "saml" else None,
        request.FILES if action == "saml" else None,
        has_metadata=is_saml,
        prefix="saml",
    )
    saml_link = SamlLinkForm(
        request.POST if action == "saml" else None,
        instance=provider if is_saml else IdentityProvider(organization=organization),
        prefix="saml",
    )
    saved = None
    try:
        if action == "saml" and saml_connection.is_valid() and saml_link.is_valid():
            saved = services.save_saml(
                organization=organization,
                actor=request.user,
                connection=saml_connection,
                link=saml_link,
            )
        if action == "oidc" and connection.is_valid() and link.is_valid():
            saved = services.save_oidc(
                organization=organization, actor=request.user, connection=connection, link=link
            )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    if saved is not None:
        messages.success(request, _("The sign-in has been saved. Please test it."))
        return redirect("sso:settings", org_slug=organization.slug)
    if action == "policy" and policy is not None and provider is not None and policy.is_valid():
        services.set_policy(
            organization=organization, actor=request.user, provider=provider, form=policy
        )
        messages.success(request, _("The settings have been saved."))
        return redirect("sso:settings", org_slug=organization.slug)
    response = render(
        request,
        "sso/settings.html",
        {
            "provider": provider,
            "connection": connection,
            "link": link,
            "policy": policy,
            "callback_url": _callback_url(request, organization, provider),
            "saml_connection": saml_connection,
            "saml_link": saml_link,
            "saml_sp": saml.sp_addresses(organization, app if is_saml else None),
        },
    )
    return _allow_sign_in_at(response, provider)


def _callback_url(
    request: HttpRequest, organization: Organization, provider: IdentityProvider | None
) -> str:
    provider_id = provider.provider_id if provider else services.provider_id_for(organization)
    return request.build_absolute_uri(
        reverse("openid_connect_callback", kwargs={"provider_id": provider_id})
    )


# Not behind re-authentication: it changes nothing but the date of the last test, and the
# password page's form could not hand the browser on to the provider (form-action).
@require_POST
@organization_view(MembershipRole.ADMIN)
def test(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    """Sign in at the provider once, to see that it answers and whom it would find."""
    provider = get_object_or_404(
        IdentityProvider.objects.select_related("app"), organization=organization
    )
    back = reverse("sso:settings", kwargs={"org_slug": organization.slug})
    response: HttpResponse = provider.app.get_provider(request).redirect(
        request, "login", next_url=back, data={TEST_FLAG: True}
    )
    return response


@login_required
def reauthenticate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm at the company's provider before a sensitive action: a fresh sign-in there
    (``prompt=login``, ``max_age=0``), then back to the page (AUTH-07)."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    organization_id = request.session.get(SSO_ORGANIZATION_KEY)
    with scopes_disabled():
        provider = (
            IdentityProvider.objects.select_related("app", "organization")
            .filter(organization_id=organization_id, enabled=True)
            .first()
            if isinstance(organization_id, int)
            else None
        )
    if request.method == "POST" and provider is not None:
        response: HttpResponse = provider.app.get_provider(request).redirect(
            request,
            "login",
            next_url=next_url,
            data={CONFIRM_FLAG: True, "started": time.time()},
            auth_params={"prompt": "login", "max_age": "0"},
        )
        return response
    response = render(
        request,
        "sso/reauthenticate.html",
        {"provider": provider, "next": next_url},
        status=200 if provider is not None else 403,
    )
    return _allow_sign_in_at(response, provider)


@require_POST
@organization_view(MembershipRole.ADMIN)
@reauthentication_required
def remove(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider, organization=organization)
    services.remove(organization=organization, actor=request.user, provider=provider)
    messages.success(
        request, _("Company sign-in has been removed. Members sign in with their password.")
    )
    return redirect("sso:settings", org_slug=organization.slug)
