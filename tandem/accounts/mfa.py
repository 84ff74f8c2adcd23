"""Two-factor authentication where it matters (AUTH-03).

Administrators and program managers of an organisation, and everyone in an
organisation that asks for it, must have an authenticator before they enter
that organisation's pages. Signing in through the organisation's own
identity provider counts instead (the provider asks for the second factor),
unless the organisation asks for Tandem's too (``Organization.sso_mfa``).
"""

from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_scopes import scopes_disabled

from tandem.core.links import redirect_page
from tandem.core.models import Membership, MembershipRole, MfaPolicy, Organization

ROLES_THAT_NEED_MFA = frozenset({MembershipRole.ADMIN, MembershipRole.PROGRAM_MANAGER})
# Where to go once the authenticator is set up (the page that asked for it).
NEXT_KEY = "tandem_mfa_next"
# The organisation whose identity provider signed this session in (set by tandem.sso).
SSO_ORGANIZATION_KEY = "tandem_sso_organization"
# When a login without password or authenticator last confirmed itself at that provider.
SSO_CONFIRMED_KEY = "tandem_sso_confirmed"


def signed_in_through(request: HttpRequest, organization: Organization) -> bool:
    """Whether this session began with ``organization``'s own identity provider."""
    return bool(request.session.get(SSO_ORGANIZATION_KEY) == organization.pk)


def required_in(organization: Organization, roles: frozenset[str], request: HttpRequest) -> bool:
    """Whether someone with ``roles`` needs Tandem's second factor to enter ``organization``.

    Not after signing in through the organisation's identity provider, which asked for it,
    unless the organisation wants Tandem's as well.
    """
    if signed_in_through(request, organization) and not organization.sso_mfa:
        return False
    return organization.mfa_policy == MfaPolicy.EVERYONE or bool(roles & ROLES_THAT_NEED_MFA)


def required_for(user: AbstractBaseUser) -> bool:
    """Whether any organisation ``user`` belongs to asks them for a second factor."""
    with scopes_disabled():
        return (
            Membership.objects.filter(user_id=user.pk)
            .filter(
                Q(role__in=ROLES_THAT_NEED_MFA) | Q(organization__mfa_policy=MfaPolicy.EVERYONE)
            )
            .exists()
            or Organization.objects.filter(mfa_policy=MfaPolicy.EVERYONE)
            .filter(pk__in=user.employments.values("organization_id"))  # type: ignore[attr-defined]
            .exists()
        )


def enrolled(user: AbstractBaseUser) -> bool:
    return bool(is_mfa_enabled(user))


def send_to_enrolment(request: HttpRequest) -> HttpResponse:
    """To the guided set-up, remembering the page that asked (htmx: the whole page moves)."""
    url = reverse("accounts:mfa_required") + "?" + urlencode({"next": request.get_full_path()})
    return redirect_page(request, url)


def safe_next(request: HttpRequest, target: str | None) -> str:
    """``target`` if it is a path of this site, else the start page."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")
