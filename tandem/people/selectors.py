"""Reads about employees and import runs."""

from django.db.models import Count, Q, QuerySet
from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.core.collation import alphabetical, sorted_alphabetically
from tandem.core.models import AuditEntry, Membership, Organization
from tandem.people.models import Employee, ImportRun


def employee_directory(
    organization: Organization, *, query: str = "", department: str = "", status: str = ""
) -> QuerySet[Employee]:
    """Employees matching a search, with their supervisor, ready for a list page."""
    employees = Employee.objects.filter(organization=organization).select_related("supervisor")
    for term in query.split():
        employees = employees.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(employee_id__iexact=term)
            | Q(email__iexact=term)
            | Q(team__iexact=term)
        )
    if department:
        employees = employees.filter(department=department)
    if status:
        employees = employees.filter(status=status)
    return employees.annotate(report_count=Count("direct_reports")).order_by(
        *alphabetical("last_name", "first_name"), "employee_id"
    )


def departments(organization: Organization) -> list[str]:
    names = (
        Employee.objects.filter(organization=organization)
        .exclude(department="")
        .order_by()
        .values_list("department", flat=True)
        .distinct()
    )
    return sorted_alphabetically(names, key=str)


def direct_reports(employee: Employee) -> QuerySet[Employee]:
    return employee.direct_reports.annotate(report_count=Count("direct_reports")).order_by(
        *alphabetical("last_name", "first_name"), "pk"
    )


def top_of_chart(organization: Organization) -> QuerySet[Employee]:
    return (
        Employee.objects.filter(organization=organization, supervisor__isnull=True)
        .annotate(report_count=Count("direct_reports"))
        .order_by(*alphabetical("last_name", "first_name"), "pk")
    )


def recent_imports(organization: Organization, limit: int = 10) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(organization=organization).select_related("uploaded_by")[:limit]


def audit_trail(organization: Organization) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organization=organization).select_related("actor")


def role_holders(organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", *alphabetical("user__last_name", "user__first_name"), "user__email")
    )


def employee_of(organization: Organization, user: User) -> Employee | None:
    """The employee of ``organization`` that ``user`` is linked to, if any."""
    return Employee.objects.filter(organization=organization, user=user).first()


def employers_of(user: User) -> list[Organization]:
    """The organisations in whose org chart ``user`` is linked to a person."""
    with scopes_disabled():
        return list(
            Organization.objects.filter(
                id__in=Employee.objects.filter(user=user).values("organization_id")
            ).order_by(*alphabetical("name"))
        )
