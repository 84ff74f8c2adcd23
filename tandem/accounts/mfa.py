"""Two-factor authentication where it matters (AUTH-03).

Administrators and program managers of an organisation, and everyone in an
organisation that asks for it, must have an authenticator before they enter
that organisation's pages. Signing in through the organisation's own
identity provider will count instead, once there is one.
"""

from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_scopes import scopes_disabled

from tandem.core.models import Membership, MembershipRole, MfaPolicy, Organization

ROLES_THAT_NEED_MFA = frozenset({MembershipRole.ADMIN, MembershipRole.PROGRAM_MANAGER})
# Where to go once the authenticator is set up (the page that asked for it).
NEXT_KEY = "tandem_mfa_next"


def required_in(organization: Organization, roles: frozenset[str]) -> bool:
    """Whether someone with ``roles`` needs a second factor to enter ``organization``."""
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
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def safe_next(request: HttpRequest, target: str | None) -> str:
    """``target`` if it is a path of this site, else the start page."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")
