"""The organisation's administration: roles and invitations, sessions, settings, audit log."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.decorators import reauthentication_required
from tandem.accounts.models import AuthenticatedHttpRequest, User
from tandem.core.models import MembershipRole, Organization
from tandem.people import invitations, selectors, services
from tandem.people.access import organization_view
from tandem.people.forms import GrantRoleForm, OrganizationSettingsForm
from tandem.people.models import LoginInvitation

PAGE_SIZE = 50


@organization_view(MembershipRole.ADMIN)
def audit_log(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    page = Paginator(selectors.audit_trail(organization), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "people/audit_log.html", {"page": page})


@organization_view(MembershipRole.ADMIN)
@reauthentication_required(allow_get=True)
def role_list(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    form = GrantRoleForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            granted = services.grant_role(
                organization=organization,
                actor=request.user,
                employee=form.cleaned_data["employee_id"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("employee_id", error)
        else:
            if isinstance(granted, LoginInvitation):
                messages.success(
                    request,
                    _("An invitation is on its way; the role applies once it is accepted."),
                )
            else:
                messages.success(request, _("The role has been granted."))
            return redirect("people:role_list", org_slug=organization.slug)
    context = {
        "form": form,
        "memberships": selectors.role_holders(organization),
        "invitations": invitations.pending(organization),
    }
    return render(request, "people/role_list.html", context)


@require_POST
@organization_view(MembershipRole.ADMIN)
@reauthentication_required
def role_revoke(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    try:
        user_id = UUID(request.POST.get("user", ""))
    except ValueError:
        raise Http404 from None
    membership = get_object_or_404(
        selectors.role_holders(organization).filter(
            user__public_id=user_id, role=request.POST.get("role", "")
        )
    )
    try:
        services.revoke_role(
            organization=organization,
            actor=request.user,
            user=membership.user,
            role=membership.role,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has been removed."))
    return redirect("people:role_list", org_slug=organization.slug)


def _get_invitation(organization: Organization, public_id: UUID) -> LoginInvitation:
    return get_object_or_404(
        LoginInvitation.objects.filter(
            organization=organization, public_id=public_id, accepted__isnull=True
        )
    )


@require_POST
@organization_view(MembershipRole.ADMIN)
@reauthentication_required
def invitation_send_again(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    invitation = _get_invitation(organization, public_id)
    try:
        invitations.send_again(
            invitation=invitation,
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new link is on its way; the previous one no longer works."))
    return redirect("people:role_list", org_slug=organization.slug)


@require_POST
@organization_view(MembershipRole.ADMIN)
@reauthentication_required
def invitation_withdraw(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    invitations.withdraw(invitation=_get_invitation(organization, public_id), actor=request.user)
    messages.success(request, _("The invitation has been withdrawn; its link no longer works."))
    return redirect("people:role_list", org_slug=organization.slug)


@require_POST
@organization_view(MembershipRole.ADMIN)
@reauthentication_required
def member_sessions_end(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    try:
        user_id = UUID(request.POST.get("user", ""))
    except ValueError:
        raise Http404 from None
    member = User.objects.filter(public_id=user_id).first()
    if member is None or not services.belongs_to(member, organization):
        raise Http404
    ended = services.end_sessions(organization=organization, actor=request.user, user=member)
    messages.success(
        request,
        _("%(name)s has been signed out everywhere (%(count)s sessions ended).")
        % {"name": member.get_full_name() or member.email, "count": ended},
    )
    employee = selectors.employee_of(organization, member)
    if employee is not None and request.POST.get("from") == "employee":
        return redirect(
            "people:employee_detail", org_slug=organization.slug, public_id=employee.public_id
        )
    return redirect("people:role_list", org_slug=organization.slug)


@organization_view(MembershipRole.ADMIN)
@reauthentication_required(allow_get=True)
def organization_settings(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.change_settings(organization=organization, actor=request.user, form=form)
        messages.success(request, _("The settings have been saved."))
        return redirect("people:organization_settings", org_slug=organization.slug)
    return render(request, "people/organization_settings.html", {"form": form})
