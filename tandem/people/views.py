"""Pages for the organisation's people: start page, org chart, HR import, audit log."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core import startpage
from tandem.core.models import Organization, Role
from tandem.people import selectors
from tandem.people.access import (
    get_employee_for_user,
    organization_view,
    organizations_for_user,
)
from tandem.people.forms import EmployeeFilterForm, GrantRoleForm, ImportUploadForm
from tandem.people.imports import apply_import, check_import, discard_import
from tandem.people.models import Employee, ImportRun, ImportStatus
from tandem.people.orgchart import chain_up
from tandem.people.services import grant_role, revoke_role

PAGE_SIZE = 50
PEOPLE_ROLES = (Role.ADMIN, Role.PROGRAM_MANAGER)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    organizations = organizations_for_user(request.user)
    if len(organizations) == 1:
        return redirect("people:organization_home", org_slug=organizations[0].slug)
    return render(request, "people/home.html", {"organizations": organizations})


@organization_view()
def organization_home(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    employee = Employee.objects.filter(organization=organization, user=request.user).first()
    context = {"employee": employee, "start_cards": startpage.cards()}
    return render(request, "people/organization_home.html", context)


@organization_view(*PEOPLE_ROLES)
def employee_list(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    form = EmployeeFilterForm(request.GET, departments=selectors.departments(organization))
    filters = form.cleaned_data if form.is_valid() else {}
    employees = selectors.employee_directory(organization, **filters)
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtering": any(filters.values()),
        "top": selectors.top_of_chart(organization) if not any(filters.values()) else None,
    }
    template = "people/employee_list.html"
    if request.htmx and request.htmx.target == "results":  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@organization_view(*PEOPLE_ROLES)
def employee_detail(
    request: HttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    employee = get_employee_for_user(request.user, organization, public_id)
    context = {
        "employee": employee,
        "chain": chain_up(employee),
        "reports": selectors.direct_reports(employee),
        "appraisers": employee.appraisers.all(),
        "appraisees": employee.appraisees.all(),
    }
    return render(request, "people/employee_detail.html", context)


@organization_view(Role.ADMIN)
def import_upload(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = check_import(
            organization=organization,
            actor=request.user,
            filename=upload.name,
            content=upload.read(),
            deactivate_missing=form.cleaned_data["deactivate_missing"],
        )
        return redirect("people:import_detail", org_slug=organization.slug, public_id=run.public_id)
    context = {"form": form, "imports": selectors.recent_imports(organization)}
    return render(request, "people/import_upload.html", context)


def _get_import_run(organization: Organization, public_id: UUID) -> ImportRun:
    run = ImportRun.objects.filter(organization=organization, public_id=public_id).first()
    if run is None:
        raise Http404
    return run


@organization_view(Role.ADMIN)
def import_detail(
    request: HttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    return render(request, "people/import_detail.html", {"run": run})


@require_POST
@organization_view(Role.ADMIN)
def import_apply(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    if run.status != ImportStatus.PREVIEWED:
        messages.error(request, _("This import has already been decided."))
    else:
        run = apply_import(run=run, actor=request.user)
        if run.status == ImportStatus.APPLIED:
            messages.success(request, _("The import has been applied."))
        else:
            messages.error(request, _("Nothing was changed: the file no longer passes the checks."))
    return redirect("people:import_detail", org_slug=organization.slug, public_id=run.public_id)


@require_POST
@organization_view(Role.ADMIN)
def import_discard(
    request: HttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    if run.status == ImportStatus.PREVIEWED:
        discard_import(run=run, actor=request.user)
        messages.info(request, _("The import has been discarded; nothing was changed."))
    return redirect("people:import_upload", org_slug=organization.slug)


@organization_view(Role.ADMIN)
def audit_log(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    page = Paginator(selectors.audit_trail(organization), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "people/audit_log.html", {"page": page})


@organization_view(Role.ADMIN)
def role_list(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    form = GrantRoleForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            grant_role(
                organization=organization,
                actor=request.user,
                employee=form.cleaned_data["employee_id"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error("employee_id", error)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("people:role_list", org_slug=organization.slug)
    context = {"form": form, "memberships": selectors.role_holders(organization)}
    return render(request, "people/role_list.html", context)


@require_POST
@organization_view(Role.ADMIN)
def role_revoke(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    try:
        user_id = UUID(request.POST.get("user", ""))
    except ValueError:
        raise Http404 from None
    membership = (
        selectors.role_holders(organization)
        .filter(user__public_id=user_id, role=request.POST.get("role", ""))
        .first()
    )
    if membership is None:
        raise Http404
    try:
        revoke_role(
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
