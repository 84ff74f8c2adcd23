"""AUTH-05 through the directory: whom it deactivates or deletes is signed out and locked out."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from conftest import World
from tandem.accounts.tests.logins import login
from tandem.core.models import AuditEntry
from tandem.people.models import Employee, EmployeeStatus
from tandem.provisioning.tests.scim import Directory, issue, user


def org_home(world: World) -> str:
    return reverse("people:organization_home", kwargs={"org_slug": world.organization.slug})


def provision_mentor(world: World, directory: Directory) -> str:
    """The world's mentor, provisioned by the directory (adopting the HR row E0300)."""
    body = user("mia@nordwind.example", externalId="E0300")
    response = directory.post("/Users", body)
    assert response.status_code == 201
    return str(response.json()["id"])


@pytest.mark.django_db
def test_a_deprovisioned_employee_is_signed_out_at_once_and_cannot_log_in(world: World) -> None:
    directory = Directory(issue(world.organization))
    scim_id = provision_mentor(world, directory)
    browser = Client()
    login(browser, world.mentor.email)
    assert browser.get(org_home(world), secure=True).status_code == 200
    session_key = browser.session.session_key

    response = directory.patch(
        f"/Users/{scim_id}", {"op": "Replace", "path": "active", "value": "False"}
    )

    assert response.status_code in (200, 204)
    assert not Session.objects.filter(session_key=session_key).exists()
    next_request = browser.get(org_home(world), secure=True)
    assert next_request.status_code == 302
    assert next_request["Location"].startswith(reverse("account_login"))
    again = Client()
    login(again, world.mentor.email)
    assert "_auth_user_id" not in again.session  # the password no longer opens anything
    assert again.get(org_home(world), secure=True).status_code == 302
    employee = Employee.objects.get(pk=world.mentor_employee.pk)
    assert (employee.status, employee.user) == (EmployeeStatus.TERMINATED, None)
    assert AuditEntry.objects.filter(action="provisioning.user.deactivated").exists()


@pytest.mark.django_db
def test_a_deprovisioned_consultant_keeps_the_login_of_their_other_organisation(
    identity_personas: World,
) -> None:
    world = identity_personas
    assert world.two_orgs is not None
    directory = Directory(issue(world.organization))
    created = directory.post("/Users", user("kai@nordwind.example", externalId="E0900")).json()
    directory.put(
        f"/Users/{created['id']}", user("kai@nordwind.example", externalId="E0900", active=False)
    )
    world.two_orgs.refresh_from_db()
    assert world.two_orgs.is_active  # the other organisation's program manager still
    assert Employee.objects.get(organization=world.organization, employee_id="E0900").user is None


@pytest.mark.django_db
def test_reactivation_does_not_link_the_login_again(world: World) -> None:
    directory = Directory(issue(world.organization))
    scim_id = provision_mentor(world, directory)
    directory.patch(f"/Users/{scim_id}", {"op": "replace", "path": "active", "value": False})
    directory.patch(f"/Users/{scim_id}", {"op": "replace", "path": "active", "value": True})
    employee = Employee.objects.get(pk=world.mentor_employee.pk)
    assert (employee.status, employee.user) == (EmployeeStatus.ACTIVE, None)
    assert AuditEntry.objects.filter(action="provisioning.user.reactivated").exists()


@pytest.mark.django_db
def test_a_deleted_user_leaves_keeps_the_row_and_is_gone_for_the_directory(world: World) -> None:
    directory = Directory(issue(world.organization))
    scim_id = provision_mentor(world, directory)
    browser = Client()
    browser.force_login(world.mentor)

    assert directory.delete(f"/Users/{scim_id}").status_code == 204

    assert directory.get(f"/Users/{scim_id}").status_code == 404
    assert directory.delete(f"/Users/{scim_id}").status_code == 404
    employee = Employee.objects.get(pk=world.mentor_employee.pk)  # kept for its tandems' history
    assert (employee.status, employee.user, employee.directory_username) == (
        EmployeeStatus.TERMINATED,
        None,
        "",
    )
    assert browser.get(org_home(world), secure=True).status_code == 302
    world.mentor.refresh_from_db()
    assert not world.mentor.is_active
    assert AuditEntry.objects.filter(action="provisioning.user.deleted").exists()
