"""The org chart: the directory of employees and one employee's page."""

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core import audit
from tandem.core.models import MembershipRole, Organization
from tandem.people import selectors
from tandem.people.access import get_employee, organization_view
from tandem.people.forms import EmployeeFilterForm
from tandem.people.orgchart import chain_up

PAGE_SIZE = 50
PEOPLE_ROLES = (MembershipRole.ADMIN, MembershipRole.PROGRAM_MANAGER)


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
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


@organization_view(*PEOPLE_ROLES)
def employee_detail(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    employee = get_employee(organization, public_id)
    # AZ-06: who looked at whose profile, and when (nothing else is recorded).
    audit.record(
        organization=organization, actor=request.user, action="people.employee.viewed", obj=employee
    )
    context = {
        "employee": employee,
        "chain": chain_up(employee),
        "reports": selectors.direct_reports(employee),
        "appraisers": employee.appraisers.all(),
        "appraisees": employee.appraisees.all(),
    }
    return render(request, "people/employee_detail.html", context)
