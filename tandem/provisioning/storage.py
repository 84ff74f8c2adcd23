"""scim2-server's storage over one organisation's employees: SCIM Users ⇄ ``Employee``.

The protocol (validation, PATCH, filters, responses) is scim2-server's; this
module only reads and writes employees, through ``provisioning.services``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast, override
from uuid import UUID

from django.db.models import QuerySet
from scim2_models import (
    InvalidValueException,
    Meta,
    NotFoundException,
    Resource,
    ResourceType,
    ResponseParameters,
    ScimFilter,
    SearchRequest,
    UniquenessException,
)
from scim2_models.path import CompareOperator, Comparison
from scim2_models.resources.user import Email
from scim2_server.storage import ScimStorage, SearchPage

from tandem.core.models import Organization
from tandem.people.models import Employee
from tandem.provisioning import services
from tandem.provisioning.schema import (
    ENTERPRISE_SCHEMA,
    USER_SCHEMA,
    DirectoryUser,
    EnterpriseUser,
    Manager,
    Name,
)

# Filters on these attributes are narrowed in the database before scim2-models matches them.
INDEXED = {
    f"{USER_SCHEMA}:userName": "directory_username__iexact",
    f"{USER_SCHEMA}:externalId": "external_id",
    f"{ENTERPRISE_SCHEMA}:employeeNumber": "employee_id",
}


def to_resource(employee: Employee) -> Resource[Any]:
    """How the directory sees an employee; ``id`` is the employee's public id."""
    user = DirectoryUser(
        id=str(employee.public_id),
        external_id=employee.external_id or None,
        user_name=employee.directory_username,
        name=Name(given_name=employee.first_name or None, family_name=employee.last_name or None)
        if employee.first_name or employee.last_name
        else None,
        active=employee.is_active,
        emails=[Email(value=employee.email, type=Email.Type.work, primary=True)]
        if employee.email
        else None,
        meta=Meta(
            resource_type="User",
            created=employee.created,
            last_modified=employee.updated,
            version=f'W/"{employee.updated.timestamp():.6f}"',
        ),
    )
    supervisor = employee.supervisor
    user[EnterpriseUser] = EnterpriseUser(
        employee_number=employee.employee_id,
        department=employee.department or None,
        manager=Manager.model_validate(
            {"value": str(supervisor.public_id), "$ref": f"Users/{supervisor.public_id}"}
        )
        if supervisor is not None
        else None,
    )
    return cast(Resource[Any], user)


def to_profile(resource: Resource[Any]) -> services.Profile:
    """What a SCIM User says about a person, in the terms of ``services``."""
    user = cast(Any, resource)
    enterprise = user[EnterpriseUser] or EnterpriseUser()
    emails = user.emails or []
    email = next((e for e in emails if e.primary), emails[0] if emails else None)
    manager = enterprise.manager
    return services.Profile(
        user_name=(user.user_name or "").strip(),
        external_id=user.external_id or "",
        employee_number=(enterprise.employee_number or "").strip(),
        first_name=(user.name.given_name or "") if user.name else "",
        last_name=(user.name.family_name or "") if user.name else "",
        email=str(email.value or "") if email else "",
        department=enterprise.department or "",
        manager=(manager.value or "") if manager else "",
        active=user.active is not False,
    )


class EmployeeStorage(ScimStorage):
    """The employees of one organisation, as SCIM Users; built per request."""

    def __init__(self, organization: Organization) -> None:
        self.organization = organization

    def _employees(self) -> QuerySet[Employee]:
        return services.provisioned(self.organization).select_related("supervisor")

    def _employee(self, resource_id: str | None) -> Employee:
        try:
            public_id = UUID(str(resource_id))
        except ValueError:
            public_id = None
        employee = self._employees().filter(public_id=public_id).first() if public_id else None
        if employee is None:
            raise NotFoundException(detail=f"User {resource_id!r} not found")
        return employee

    @override
    def get(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        response_parameters: ResponseParameters[Any] | None = None,
    ) -> Resource[Any]:
        return to_resource(self._employee(resource_id))

    @override
    def search(
        self,
        resource_types: list[ResourceType],
        search_request: SearchRequest[Any],
        *,
        position: Any = None,
    ) -> SearchPage:
        employees = self._employees().order_by("pk")
        scim_filter = search_request.filter
        if scim_filter is not None:
            employees = _narrowed(employees, scim_filter)
        found = [to_resource(employee) for employee in employees]
        if scim_filter is not None:
            found = [resource for resource in found if scim_filter.match(resource)]
        start = search_request.start_index_0 or 0
        stop = None if search_request.count is None else start + search_request.count
        return SearchPage(len(found), found[start:stop])

    @override
    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        with _as_scim_errors():
            employee = services.provision_employee(
                organization=self.organization, profile=to_profile(resource)
            )
        return self.get(resource_type, str(employee.public_id))

    @override
    def update(
        self,
        resource_type: ResourceType,
        resource: Resource[Any],
        *,
        expected_version: str | None = None,
    ) -> Resource[Any]:
        employee = self._employee(resource.id)
        with _as_scim_errors():
            services.update_employee(
                organization=self.organization, employee=employee, profile=to_profile(resource)
            )
        return self.get(resource_type, str(employee.public_id))

    @override
    def delete(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        expected_version: str | None = None,
    ) -> None:
        services.remove_employee(
            organization=self.organization, employee=self._employee(resource_id)
        )


def _narrowed(employees: QuerySet[Employee], scim_filter: ScimFilter[Any]) -> QuerySet[Employee]:
    """A ``eq`` on an indexed attribute as a database condition; the match stays the library's."""
    node = scim_filter.ast
    if not isinstance(node, Comparison) or node.op != CompareOperator.eq:
        return employees
    if not isinstance(node.value, str):
        return employees
    binding = scim_filter.resolve_comparison(node.attr_path, strict=False)
    lookup = INDEXED.get(binding.urn) if binding is not None else None
    return employees.filter(**{lookup: node.value}) if lookup else employees


@contextmanager
def _as_scim_errors() -> Iterator[None]:
    """The services' refusals as SCIM errors: 409 ``uniqueness`` or 400 ``invalidValue``."""
    try:
        yield
    except services.ProvisioningConflict as error:
        raise UniquenessException(detail=str(error)) from error
    except services.ProvisioningError as error:
        raise InvalidValueException(detail=str(error)) from error
