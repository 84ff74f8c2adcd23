"""What the organisation's directory does to its people: provision, change, deprovision.

Every write here is one transaction with its audit entry (actor None: the directory).
A directory never creates a login; it provisions employees, and a login comes
from an invitation or the company sign-in (AUTH-09). Deprovisioning ends the
person's link, roles and sessions in the same transaction (AUTH-05).
"""

from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower

from tandem.core import audit
from tandem.core.models import Organization
from tandem.people import invitations
from tandem.people.models import Employee, EmployeeStatus
from tandem.people.orgchart import SupervisorCycleError, recompute_reporting_paths
from tandem.people.services import end_membership

MASKED = ("email",)
# What the directory writes of an employee, besides its own identifiers.
DIRECTORY_FIELDS = ("employee_id", "first_name", "last_name", "email", "department")


class ProvisioningError(ValueError):
    """A value the directory sent cannot be stored (its text says which, in English)."""


class ProvisioningConflict(ProvisioningError):
    """A value that must be unique in the organisation belongs to someone else."""


@dataclass(frozen=True)
class Profile:
    """What the directory says about a person, already read from its protocol."""

    user_name: str
    external_id: str = ""
    employee_number: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    department: str = ""
    manager: str = ""  # the manager's public id, as the directory refers to them
    active: bool = True

    @property
    def key(self) -> str:
        """The HR key a new person gets: the directory's employee number, else its ids."""
        return self.employee_number or self.external_id or self.user_name


def provisioned(organization: Organization) -> QuerySet[Employee]:
    """The people of ``organization`` its directory provisioned and has not deleted."""
    return Employee.objects.filter(organization=organization).exclude(directory_username="")


@transaction.atomic
def provision_employee(*, organization: Organization, profile: Profile) -> Employee:
    """A person the directory sends for the first time.

    Someone the HR import already holds under the same employee id, and whom no
    directory identity claims yet, is adopted: the directory takes over that row,
    so the import and the directory keep describing one person.
    """
    _ensure_username_free(organization, profile.user_name, keep=None)
    employee = (
        Employee.objects.select_for_update()
        .filter(organization=organization, employee_id=profile.key)
        .first()
    )
    if employee is not None and employee.directory_username:
        raise ProvisioningConflict(f"Employee number {profile.key!r} is already provisioned")
    adopted = employee is not None
    employee = employee or Employee(organization=organization, employee_id=profile.key)
    before = _values(employee) if adopted else {}
    _write(employee, profile)
    changes = _changes(before, _values(employee))
    action = "provisioning.user.adopted" if adopted else "provisioning.user.created"
    _record(organization, employee, action, changes)
    return employee


@transaction.atomic
def update_employee(
    *, organization: Organization, employee: Employee, profile: Profile
) -> Employee:
    """The directory's new state of a person it provisioned (PUT and PATCH alike)."""
    _ensure_username_free(organization, profile.user_name, keep=employee)
    key = profile.employee_number or employee.employee_id
    if (
        Employee.objects.filter(organization=organization, employee_id=key)
        .exclude(pk=employee.pk)
        .exists()
    ):
        raise ProvisioningConflict(f"Employee number {key!r} belongs to someone else")
    before = _values(employee)
    employee.employee_id = key
    _write(employee, profile)
    changes = _changes(before, _values(employee))
    if changes:
        action = "provisioning.user.updated"
        if "status" in changes:
            active = changes["status"][1] != EmployeeStatus.TERMINATED
            action = "provisioning.user.reactivated" if active else "provisioning.user.deactivated"
        _record(organization, employee, action, changes)
    return employee


@transaction.atomic
def remove_employee(*, organization: Organization, employee: Employee) -> None:
    """The directory deletes a person: they leave (as an HR leaver does), their row stays
    for the history of their tandems, and the directory no longer sees them."""
    before = _values(employee)
    employee.status = EmployeeStatus.TERMINATED
    employee.directory_username = ""
    employee.external_id = ""
    employee.save(update_fields=["status", "directory_username", "external_id", "updated"])
    _end_login(organization, employee)
    _record(
        organization, employee, "provisioning.user.deleted", _changes(before, _values(employee))
    )


def _ensure_username_free(
    organization: Organization, user_name: str, *, keep: Employee | None
) -> None:
    taken = provisioned(organization).annotate(lowered=Lower("directory_username"))
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.filter(lowered=user_name.lower()).exists():
        raise ProvisioningConflict(f"userName {user_name!r} is already taken")


def _write(employee: Employee, profile: Profile) -> None:
    """Store ``profile`` on ``employee``; the org chart, invitations and login follow."""
    was_active, old_email, old_supervisor = (
        employee.is_active,
        employee.email,
        employee.supervisor_id,
    )
    employee.directory_username = profile.user_name
    employee.external_id = profile.external_id
    employee.first_name = profile.first_name
    employee.last_name = profile.last_name
    employee.email = profile.email
    employee.department = profile.department
    employee.supervisor = _supervisor(employee, profile.manager)
    if not profile.active:
        employee.status = EmployeeStatus.TERMINATED
    elif not employee.is_active:
        # Active again, without a login: the person proves who they are once more (AUTH-09).
        employee.status = EmployeeStatus.ACTIVE
    _validate(employee)
    is_new = employee.pk is None
    employee.save()
    if is_new or employee.supervisor_id != old_supervisor:
        try:
            recompute_reporting_paths(employee.organization)
        except SupervisorCycleError:
            raise ProvisioningError("The manager would close a loop in the org chart") from None
    if not is_new and employee.email != old_email:
        # As in the HR import: a link mailed to the old address must not work.
        invitations.void_links(employee_ids=[employee.pk])
    if was_active and not employee.is_active:
        _end_login(employee.organization, employee)


def _supervisor(employee: Employee, manager: str) -> Employee | None:
    if not manager:
        return None
    try:
        public_id = UUID(manager)
    except ValueError:
        raise ProvisioningError(f"No manager with id {manager!r}") from None
    supervisor = Employee.objects.filter(
        organization=employee.organization, public_id=public_id
    ).first()
    if supervisor is None:
        raise ProvisioningError(f"No manager with id {manager!r}")
    return supervisor


def _validate(employee: Employee) -> None:
    """The model's own rules for what the directory wrote (length, one line, address)."""
    for name in (*DIRECTORY_FIELDS, "directory_username", "external_id"):
        field = cast("models.Field[Any, Any]", Employee._meta.get_field(name))
        value = getattr(employee, name)
        try:
            if field.max_length is not None and len(value) > field.max_length:
                raise ValidationError("too long")
            if value:
                field.run_validators(value)
        except ValidationError:
            raise ProvisioningError(f"The value of {name!r} cannot be stored") from None


def _end_login(organization: Organization, employee: Employee) -> None:
    """AUTH-05: the leaver's link, roles and sessions end now; a login that belongs to
    another organisation stays there (AUTH-09)."""
    if employee.user is not None:
        end_membership(organization=organization, actor=None, user=employee.user)
        employee.user = None


def _values(employee: Employee) -> dict[str, Any]:
    return {
        "employee_id": employee.employee_id,
        "directory_username": employee.directory_username,
        "external_id": employee.external_id,
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "email": employee.email,
        "department": employee.department,
        "supervisor": employee.supervisor.employee_id if employee.supervisor else None,
        "status": employee.status,
    }


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and (name in before or value)
    }


def _record(
    organization: Organization, employee: Employee, action: str, changes: dict[str, list[Any]]
) -> None:
    audit.record(
        organization=organization,
        actor=None,
        action=action,
        object_type="people.employee",
        object_id=employee.employee_id,
        changes=audit.mask(changes, MASKED),
        # Leaving and deletion are security events: they end logins (AUTH-05, AUTH-08).
        security=action in ("provisioning.user.deactivated", "provisioning.user.deleted"),
    )
