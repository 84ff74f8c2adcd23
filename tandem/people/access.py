"""Entering an organisation, and obtaining its employees.

The only way a view obtains an organisation or an employee. Another
organisation answers 404 (nothing is revealed); a member without the needed
role gets 403; anonymous users are sent to the login page.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Concatenate
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tandem.accounts import mfa
from tandem.accounts.models import AuthenticatedHttpRequest, User
from tandem.core.access import roles_of
from tandem.core.links import redirect_page
from tandem.core.models import MembershipRole, Organization
from tandem.people.models import Employee

OrgView = Callable[Concatenate[AuthenticatedHttpRequest, Organization, ...], HttpResponse]


def organizations_for_user(user: User | AnonymousUser) -> list[Organization]:
    """Organisations where the user holds a role or is an employee with a login."""
    if not user.is_authenticated:
        return []
    with scopes_disabled():
        employed = Employee.objects.filter(user=user).values("organization_id")
        return list(
            Organization.objects.filter(Q(memberships__user=user) | Q(id__in=employed))
            .distinct()
            .order_by("name")
        )


def _is_employee(user: User | AnonymousUser, organization: Organization) -> bool:
    if not user.is_authenticated:
        return False
    with scopes_disabled():
        return Employee.objects.filter(organization=organization, user=user).exists()


def get_organization_for_user(
    user: User | AnonymousUser, slug: str, *, roles: Iterable[str] = ()
) -> tuple[Organization, frozenset[str]]:
    """The organisation ``slug`` if ``user`` belongs to it, with the user's roles there.

    With ``roles``, the user needs at least one of them (403 otherwise);
    without, any role holder or employee with a login may enter.
    """
    organization = get_object_or_404(Organization.objects.filter(slug=slug))
    held = roles_of(user, organization)
    if not held and not _is_employee(user, organization):
        raise Http404
    required = frozenset(roles)
    if required and not held & required:
        raise PermissionDenied
    return organization, held


def organization_view(*roles: MembershipRole) -> Callable[[OrgView], Callable[..., HttpResponse]]:
    """Decorate a view taking ``(request, organization, ...)`` under a URL with ``org_slug``.

    The view runs inside the organisation's scope, so every tenant-owned query
    is filtered to it; ``request.roles`` holds the user's roles there. Where company
    sign-in is the only way in, a session that did not begin with it is sent to it;
    whoever needs a second factor there (AUTH-03) and has none is sent to set one up.
    """

    def decorator(view: OrgView) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(
            request: AuthenticatedHttpRequest, org_slug: str, *args: object, **kwargs: object
        ) -> HttpResponse:
            organization, held = get_organization_for_user(request.user, org_slug, roles=roles)
            if organization.sso_required and not mfa.signed_in_through(request, organization):
                return _company_sign_in(request, organization)
            if mfa.required_in(organization, held, request) and not mfa.enrolled(request.user):
                return mfa.send_to_enrolment(request)
            request.organization = organization  # type: ignore[attr-defined]
            request.roles = held
            with scope(organization=organization):
                return view(request, organization, *args, **kwargs)

        return wrapper

    return decorator


def _company_sign_in(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    """To the organisation's company sign-in, then back to this page (htmx: the whole page)."""
    url = reverse("sso:organization", args=[organization.slug])
    return redirect_page(request, url + "?" + urlencode({"next": request.get_full_path()}))


def get_employee(organization: Organization, public_id: UUID) -> Employee:
    """An employee of ``organization``; the caller has already checked the role."""
    return get_object_or_404(
        Employee.objects.filter(organization=organization, public_id=public_id)
    )
