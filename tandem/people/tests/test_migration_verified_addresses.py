"""The data migration that keeps existing logins working once addresses must be verified."""

from collections.abc import Callable
from typing import Any

BEFORE = [
    ("people", "0002_identity_by_proof"),
    ("account", "0009_emailaddress_unique_primary_email"),
]
AFTER = [("people", "0003_verified_hr_addresses")]


def test_only_addresses_that_hr_holds_for_the_linked_person_count_as_verified(
    migrate_to: Callable[[list[tuple[str, str]]], Any],
) -> None:
    old = migrate_to(BEFORE)
    User = old.get_model("accounts", "User")
    Organization = old.get_model("core", "Organization")
    Employee = old.get_model("people", "Employee")
    EmailAddress = old.get_model("account", "EmailAddress")
    org = Organization.objects.create(name="Nordwind", slug="nordwind")
    invited = User.objects.create(email="mia@nordwind.example")  # set a password by HR's link
    changed = User.objects.create(email="private@example.org")  # typed in, never verified
    Employee.objects.create(
        organization=org,
        employee_id="1",
        first_name="Mia",
        last_name="M",
        email="Mia@Nordwind.example",
        user=invited,
    )
    Employee.objects.create(
        organization=org,
        employee_id="2",
        first_name="Max",
        last_name="M",
        email="max@nordwind.example",
        user=changed,
    )
    EmailAddress.objects.create(
        user=changed, email="private@example.org", verified=False, primary=True
    )

    new = migrate_to(AFTER)
    addresses = new.get_model("account", "EmailAddress").objects
    kept = addresses.get(user_id=invited.pk)
    assert (kept.email, kept.verified, kept.primary) == ("mia@nordwind.example", True, True)
    assert not addresses.get(user_id=changed.pk).verified
    assert new.get_model("people", "Employee").objects.get(employee_id="2").user_id == changed.pk
