"""Administrators grant and remove roles; people without a login get an invitation first."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for, fresh_client_for
from tandem.core.models import AuditEntry, Membership
from tandem.core.tests.mail import run_queued, unreachable_smtp
from tandem.people.models import Employee, EmployeeStatus, LoginInvitation
from tandem.people.tests.factories import EmployeeFactory, UserFactory


def roles_url(world: World, name: str = "people:role_list") -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug})


def invitation_link(message) -> str:
    return re.search(r"https://tandem\.example(/account/invitation/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_granting_a_role_invites_the_person_and_the_role_waits_for_them(
    world: World, django_capture_on_commit_callbacks
) -> None:
    newcomer = EmployeeFactory(
        organization=world.organization,
        employee_id="E0777",
        first_name="Jörg",
        email="joerg@nordwind.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = fresh_client_for(world, "admin").post(
            roles_url(world), {"employee_id": "E0777", "role": "observer"}, secure=True
        )
    assert response.status_code == 302
    assert Employee.objects.get(pk=newcomer.pk).user is None  # no login until they follow the link
    assert not Membership.objects.filter(role="observer").exclude(user=world.observer).exists()
    invitation = LoginInvitation.objects.get(employee_id=newcomer.pk)
    assert invitation.roles == ["observer"]
    assert AuditEntry.objects.filter(action="people.invitation.created", actor=world.admin).exists()
    page = fresh_client_for(world, "admin").get(roles_url(world), secure=True)
    assert "joerg@nordwind.example" in page.content.decode()  # listed as invited

    assert mail.outbox == []  # the worker sends it, not the request
    assert run_queued() == 1
    (message,) = mail.outbox
    assert message.to == ["joerg@nordwind.example"]
    assert "Nordwind Logistik AG" in message.subject
    assert "Beobachter:in" in message.body  # German, the organisation's language
    assert message.alternatives[0].mimetype == "text/html"

    visitor = Client()
    page = visitor.get(invitation_link(message), secure=True)
    assert page.status_code == 200
    assert b'name="password1"' in page.content
    response = visitor.post(
        invitation_link(message),
        {"password1": "ein langer neuer Satz", "password2": "ein langer neuer Satz"},
        secure=True,
    )
    assert response.status_code == 302
    login = Employee.objects.get(pk=newcomer.pk).user
    assert login is not None
    assert login.email == "joerg@nordwind.example"
    assert Membership.objects.filter(user=login, role="observer").exists()
    # The link worked once.
    assert Client().get(invitation_link(message), secure=True).status_code == 404


@pytest.mark.django_db
def test_a_mail_server_that_is_down_does_not_fail_the_grant(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    EmployeeFactory(
        organization=world.organization, employee_id="E0778", email="ines@nordwind.example"
    )
    settings.MAILERS = unreachable_smtp()
    with django_capture_on_commit_callbacks(execute=True):
        response = fresh_client_for(world, "admin").post(
            roles_url(world), {"employee_id": "E0778", "role": "observer"}, secure=True
        )
    assert response.status_code == 302
    assert run_queued() == 1
    assert mail.outbox == []
    (retry,) = DBTaskResult.objects.filter(status="READY")  # put back for later
    assert retry.task_path.endswith("people.tasks.send_login_invitation")
    assert retry.run_after > timezone.now()
    # The server is back: the retry sends the invitation.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(retry.run_after + timedelta(seconds=1)):
        assert run_queued() == 1
    (message,) = mail.outbox
    assert message.to == ["ines@nordwind.example"]
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"


@pytest.mark.django_db
def test_granting_to_someone_with_a_login_sends_no_mail(world: World) -> None:
    response = fresh_client_for(world, "admin").post(
        roles_url(world), {"employee_id": "E0100", "role": "observer"}, secure=True
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.mentee, role="observer").exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("employee_id", "message"),
    [
        ("E9999", "Personalnummer E9999"),
        ("E0500", "keine E-Mail-Adresse"),
        ("E0600", "Ausgeschiedene Personen"),
    ],
)
def test_bad_grants_are_explained_at_the_field(
    world: World, employee_id: str, message: str
) -> None:
    EmployeeFactory(organization=world.organization, employee_id="E0500", email="")
    EmployeeFactory(
        organization=world.organization, employee_id="E0600", status=EmployeeStatus.TERMINATED
    )
    response = fresh_client_for(world, "admin").post(
        roles_url(world), {"employee_id": employee_id, "role": "observer"}, secure=True
    )
    assert response.status_code == 200
    error = re.search(r'id="id_employee_id_error">(.*?)</ul>', response.content.decode(), re.S)
    assert error is not None
    assert message in error.group(1)
    assert Membership.objects.count() == 4
    assert not LoginInvitation.objects.exists()


@pytest.mark.django_db
def test_removing_a_role_is_audited(world: World) -> None:
    response = fresh_client_for(world, "admin").post(
        roles_url(world, "people:role_revoke"),
        {"user": world.observer.public_id, "role": "observer"},
        secure=True,
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=world.observer).exists()
    assert AuditEntry.objects.filter(action="core.role.revoked").count() == 1


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_removed(world: World) -> None:
    response = fresh_client_for(world, "admin").post(
        roles_url(world, "people:role_revoke"),
        {"user": world.admin.public_id, "role": "admin"},
        secure=True,
        follow=True,
    )
    assert (
        "Die letzte Person mit Administrationsrolle kann nicht entfernt werden."
        in response.content.decode()
    )
    assert Membership.objects.filter(user=world.admin, role="admin").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_revoking_with_a_bad_or_foreign_id_is_not_found(world: World, user: str) -> None:
    response = fresh_client_for(world, "admin").post(
        roles_url(world, "people:role_revoke"), {"user": user, "role": "admin"}, secure=True
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_admin_of_another_organisation_cannot_remove_roles_here(world: World) -> None:
    response = fresh_client_for(world, "other_admin").post(
        roles_url(world, "people:role_revoke"),
        {"user": world.admin.public_id, "role": "admin"},
        secure=True,
    )
    assert response.status_code == 404
    assert Membership.objects.filter(user=world.admin, role="admin").exists()


@pytest.mark.django_db
def test_a_pending_invitation_can_be_sent_again_or_withdrawn(
    world: World, django_capture_on_commit_callbacks
) -> None:
    EmployeeFactory(
        organization=world.organization, employee_id="E0779", email="k@nordwind.example"
    )
    admin = fresh_client_for(world, "admin")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(roles_url(world), {"employee_id": "E0779", "role": "observer"}, secure=True)
    run_queued()
    first = invitation_link(mail.outbox[-1])
    invitation = LoginInvitation.objects.get()
    kwargs = {"org_slug": world.organization.slug, "public_id": invitation.public_id}
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("people:invitation_send_again", kwargs=kwargs), secure=True)
    run_queued()
    second = invitation_link(mail.outbox[-1])
    assert Client().get(first, secure=True).status_code == 404  # replaced
    assert Client().get(second, secure=True).status_code == 200

    response = admin.post(reverse("people:invitation_withdraw", kwargs=kwargs), secure=True)
    assert response.status_code == 302
    assert not LoginInvitation.objects.exists()
    assert Client().get(second, secure=True).status_code == 404
    assert AuditEntry.objects.filter(action="people.invitation.withdrawn").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 200])
def test_role_list_runs_a_fixed_number_of_queries(
    world: World, rows: int, django_assert_max_num_queries
) -> None:
    for n in range(rows):
        Membership.objects.create(
            organization=world.organization, user_id=UserFactory().pk, role="observer"
        )
        invited = Employee.objects.get(
            pk=EmployeeFactory(organization=world.organization, employee_id=f"I{n:04d}").pk
        )
        LoginInvitation.objects.create(
            organization=world.organization,
            employee=invited,
            email=invited.email,
            roles=["observer"],
        )
    client = client_for(world, "admin")
    with django_assert_max_num_queries(14):
        assert client.get(roles_url(world), secure=True).status_code == 200
