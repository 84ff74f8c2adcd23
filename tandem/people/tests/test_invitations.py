"""Following a login invitation: a new login, or the signed-in one, linked by proof (AUTH-09)."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.accounts.models import User
from tandem.accounts.tests.logins import login
from tandem.core.models import AuditEntry, Membership, MembershipRole
from tandem.people import invitations, mail
from tandem.people.models import Employee, EmployeeStatus, LoginInvitation
from tandem.people.tests.factories import EmployeeFactory, UserFactory, create_user

NEW_PASSWORD = "ein langer neuer Satz"


def link_for(invitation: LoginInvitation) -> str:
    url = mail.issue_link(invitation)
    return url.removeprefix(settings.TANDEM_BASE_URL)


def invite(world: World, employee: Employee, *roles: MembershipRole) -> LoginInvitation:
    return invitations.create_invitation(
        organization=world.organization, actor=world.admin, employee=employee, roles=roles
    )


def choose_password(client: Client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, {"password1": password, "password2": password}, secure=True)


@pytest.fixture
def newcomer(world: World) -> Employee:
    return EmployeeFactory(
        organization=world.organization,
        employee_id="E0700",
        first_name="Nora",
        last_name="Neu",
        email="nora@nordwind.example",
    )


@pytest.mark.django_db
def test_a_newcomer_chooses_a_password_and_signs_in_with_it_later(
    world: World, newcomer: Employee
) -> None:
    path = link_for(invite(world, newcomer, MembershipRole.OBSERVER))
    visitor = Client()
    page = visitor.get(path, secure=True)
    assert page.status_code == 200
    assert "Nora Neu" in page.content.decode()
    response = choose_password(visitor, path)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "people:organization_home", kwargs={"org_slug": world.organization.slug}
    )
    user = Employee.objects.get(pk=newcomer.pk).user
    assert user is not None
    assert (user.email, user.first_name, user.language) == ("nora@nordwind.example", "Nora", "de")
    assert EmailAddress.objects.get(user=user).verified  # the link was the proof
    assert Membership.objects.filter(user=user, role=MembershipRole.OBSERVER).exists()
    assert AuditEntry.objects.filter(action="people.login.linked", actor=user).exists()
    assert visitor.get(response["Location"], secure=True).status_code == 200
    later = Client()
    login(later, "nora@nordwind.example", NEW_PASSWORD)
    assert later.get(response["Location"], secure=True).status_code == 200


@pytest.mark.django_db
def test_a_weak_or_mismatched_password_is_explained_and_nothing_is_made(
    world: World, newcomer: Employee
) -> None:
    path = link_for(invite(world, newcomer))
    short = choose_password(Client(), path, "kurz")
    assert short.status_code == 200
    assert 'id="id_password1_error"' in short.content.decode()
    mismatch = Client().post(
        path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "!"}, secure=True
    )
    assert 'id="id_password2_error"' in mismatch.content.decode()
    assert not User.objects.filter(email="nora@nordwind.example").exists()
    assert Client().get(path, secure=True).status_code == 200  # the link still works


@pytest.mark.django_db
def test_a_signed_in_login_of_another_organisation_accepts_and_belongs_to_both(
    world: World, newcomer: Employee
) -> None:
    consultant = create_user(email="kai@beratung.example")
    path = link_for(invite(world, newcomer))
    client = Client()
    client.force_login(consultant)
    page = client.get(path, secure=True)
    assert "kai@beratung.example" in page.content.decode()  # which login will be linked
    assert Employee.objects.get(pk=newcomer.pk).user is None  # nothing happens on reading
    response = client.post(path, secure=True)
    assert response.status_code == 302
    assert Employee.objects.get(pk=newcomer.pk).user == consultant
    consultant.refresh_from_db()
    assert consultant.email == "kai@beratung.example"  # their address stays theirs


@pytest.mark.django_db
def test_an_address_that_already_has_a_login_asks_its_owner_to_sign_in_first(
    world: World, newcomer: Employee
) -> None:
    existing = create_user(email="nora@nordwind.example")
    path = link_for(invite(world, newcomer))
    response = choose_password(Client(), path)
    assert response.status_code == 200
    assert "melden Sie sich" in response.content.decode()
    assert Employee.objects.get(pk=newcomer.pk).user is None  # no address match links anything
    assert User.objects.filter(email__iexact="nora@nordwind.example").count() == 1
    existing.refresh_from_db()
    assert existing.check_password("correct horse battery staple")
    # Its owner signs in and comes back: the link, followed while signed in, is the proof.
    owner = Client()
    owner.force_login(existing)
    owner.post(path, secure=True)
    assert Employee.objects.get(pk=newcomer.pk).user == existing


@pytest.mark.django_db
def test_an_address_differing_only_in_case_is_the_same_login(
    world: World, newcomer: Employee
) -> None:
    UserFactory(email="Nora@Nordwind.example")
    response = choose_password(Client(), link_for(invite(world, newcomer)))
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="nora@nordwind.example").count() == 1


@pytest.mark.django_db
def test_a_link_works_once_until_it_expires_and_only_the_newest(
    world: World, newcomer: Employee
) -> None:
    invitation = invite(world, newcomer)
    replaced = link_for(invitation)
    current = link_for(invitation)
    assert Client().get(replaced, secure=True).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        expired = Client().get(current, secure=True)
        assert expired.status_code == 404
        assert "Dieser Link funktioniert nicht mehr" in expired.content.decode()
    choose_password(Client(), current)
    assert Client().get(current, secure=True).status_code == 404
    assert Client().get("/account/invitation/guessed/", secure=True).status_code == 404


@pytest.mark.django_db
def test_accepting_settles_every_open_invitation_of_the_person_and_grants_their_roles(
    world: World, newcomer: Employee
) -> None:
    invite(world, newcomer, MembershipRole.OBSERVER)
    invite(world, newcomer, MembershipRole.PROGRAM_MANAGER)
    cohort_invitation = invite(world, newcomer)
    choose_password(Client(), link_for(cohort_invitation))
    user = Employee.objects.get(pk=newcomer.pk).user
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {
        MembershipRole.OBSERVER,
        MembershipRole.PROGRAM_MANAGER,
    }
    assert not LoginInvitation.objects.filter(accepted__isnull=True).exists()
    granted = AuditEntry.objects.filter(action="core.role.granted", object_id=str(user.public_id))
    assert set(granted.values_list("actor", flat=True)) == {world.admin.pk}


@pytest.mark.django_db
def test_a_person_with_another_login_already_cannot_be_taken_by_a_second_one(
    world: World,
) -> None:
    path = link_for(invite(world, world.mentee_employee))
    client = client_for(world, "outsider")
    response = client.post(path, secure=True)
    assert response.status_code == 200
    assert "bereits mit einem anderen Zugang" in response.content.decode()
    assert Employee.objects.get(pk=world.mentee_employee.pk).user == world.mentee


@pytest.mark.django_db
def test_a_login_is_one_person_per_organisation(world: World, newcomer: Employee) -> None:
    response = client_for(world, "mentor").post(link_for(invite(world, newcomer)), secure=True)
    assert response.status_code == 200
    assert Employee.objects.get(pk=newcomer.pk).user is None


@pytest.mark.django_db
def test_a_leaver_cannot_accept(world: World, newcomer: Employee) -> None:
    path = link_for(invite(world, newcomer))
    Employee.objects.filter(pk=newcomer.pk).update(status=EmployeeStatus.TERMINATED)
    response = choose_password(Client(), path)
    assert response.status_code == 200
    assert not User.objects.filter(email="nora@nordwind.example").exists()


@pytest.mark.django_db
def test_a_link_sent_to_an_address_hr_has_since_corrected_stops_working(
    world: World, newcomer: Employee
) -> None:
    from tandem.people.imports import apply_import, check_import

    path = link_for(invite(world, newcomer, MembershipRole.OBSERVER))
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=b"Personalnummer;Vorname;Nachname;E-Mail\nE0700;Nora;Neu;nora.neu@nordwind.example\n",
        deactivate_missing=False,
    )
    apply_import(run=run, actor=world.admin)
    assert Client().get(path, secure=True).status_code == 404
    invitation = LoginInvitation.objects.get(employee=newcomer)
    assert invitation.roles == [MembershipRole.OBSERVER]  # the role still waits, to be sent again


@pytest.mark.django_db
def test_the_first_administrator_of_an_organisation_needs_no_place_in_the_org_chart(
    world: World,
) -> None:
    invitation = invitations.create_invitation(
        organization=world.organization,
        actor=None,
        email="it@nordwind.example",
        roles=[MembershipRole.ADMIN],
    )
    visitor = Client()
    choose_password(visitor, link_for(invitation))
    user = User.objects.get(email="it@nordwind.example")
    assert Membership.objects.filter(user=user, role=MembershipRole.ADMIN).exists()
    assert not Employee.objects.filter(user=user).exists()
