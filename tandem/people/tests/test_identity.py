"""Identity by proof (AUTH-09): the attacks of issue 13, each tried as an attacker would.

An address a login claims proves nothing; what one organisation does to its
people (roles, HR import with status T) touches its own links only.
"""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import World, client_for, fresh_client_for
from tandem.accounts.models import User
from tandem.accounts.tests.logins import login
from tandem.core.models import Membership, Organization
from tandem.core.tests.mail import run_queued
from tandem.people import services
from tandem.people.imports import apply_import, check_import
from tandem.people.models import Employee, EmployeeStatus, ImportStatus
from tandem.people.tests.factories import EmployeeFactory, create_employee
from tandem.programs import services as programs_services

HEADER = "Personalnummer;Vorname;Nachname;E-Mail;Status\n"


def org_home(organization: Organization) -> str:
    return reverse("people:organization_home", kwargs={"org_slug": organization.slug})


def claim_address(client: Client, address: str) -> None:
    """What the attacker does on allauth's address page: add the address, make it primary."""
    client.post(reverse("account_email"), {"action_add": "", "email": address}, secure=True)
    client.post(reverse("account_email"), {"action_primary": "", "email": address}, secure=True)


def import_rows(organization: Organization, actor: User, rows: str) -> None:
    run = check_import(
        organization=organization,
        actor=actor,
        filename="hr.csv",
        content=(HEADER + rows).encode(),
        deactivate_missing=False,
    )
    assert run.status == ImportStatus.PREVIEWED, run.errors
    assert apply_import(run=run, actor=actor).status == ImportStatus.APPLIED


@pytest.mark.django_db
def test_an_address_claimed_in_another_organisation_does_not_take_over_a_person(
    world: World, django_capture_on_commit_callbacks
) -> None:
    victim = EmployeeFactory(
        organization=world.organization, employee_id="E0777", email="joerg@nordwind.example"
    )
    attacker = fresh_client_for(world, "other_admin")
    claim_address(attacker, "joerg@nordwind.example")
    world.other_admin.refresh_from_db()
    assert world.other_admin.email == "admin@suedstern.example"  # unverified: counts for nothing

    with django_capture_on_commit_callbacks(execute=True):
        services.grant_role(
            organization=world.organization,
            actor=world.admin,
            employee=victim,
            role="admin",
        )
    run_queued()

    victim.refresh_from_db()
    assert victim.user is None
    assert not Membership.objects.filter(organization=world.organization, user=world.other_admin)
    assert attacker.get(org_home(world.organization), secure=True).status_code == 404
    # The invitation went to the address HR holds, not to a login that claimed it.
    assert [message.to for message in mail.outbox if "/account/invitation/" in message.body] == [
        ["joerg@nordwind.example"]
    ]


@pytest.mark.django_db
def test_a_colleague_cannot_take_over_a_participation_by_claiming_the_address(
    world: World, cohort, django_capture_on_commit_callbacks
) -> None:
    colleague = create_employee(
        organization=world.organization, employee_id="E0778", email="ines@nordwind.example"
    )
    # A participant's address is their organisation's: the page refuses to change it.
    mentor = fresh_client_for(world, "mentor")
    response = mentor.post(
        reverse("account_email"),
        {"action_add": "", "email": "ines@nordwind.example"},
        secure=True,
    )
    assert response.status_code == 403
    # A member without a place in the org chart may add an address, but it counts only verified.
    observer = fresh_client_for(world, "observer")
    claim_address(observer, "ines@nordwind.example")

    with django_capture_on_commit_callbacks(execute=True):
        programs_services.invite_to_cohort(
            cohort=cohort,
            actor=world.program_manager,
            employees=[colleague],
        )
    run_queued()

    colleague.refresh_from_db()
    assert colleague.user is None
    # Her mailbox gets the invitation (and, from allauth, a request to confirm the address for
    # the observer's login, which she can ignore).
    assert [m.to for m in mail.outbox if "/account/invitation/" in m.body] == [
        ["ines@nordwind.example"]
    ]
    world.observer.refresh_from_db()
    world.mentor.refresh_from_db()
    assert world.observer.email == "observer@nordwind.example"
    assert world.mentor.email == "mentor@nordwind.example"


@pytest.mark.django_db
def test_another_organisations_import_cannot_lock_out_a_login_it_does_not_hold(
    world: World, django_capture_on_commit_callbacks
) -> None:
    """Organisation B imports A's administrator's address, grants a role, then marks them T."""
    other = world.other_organization
    import_rows(other, world.other_admin, "E5000;Anna;Admin;admin@nordwind.example;A\n")
    impostor = Employee.objects.get(organization=other, employee_id="E5000")
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_role(
            organization=other,
            actor=world.other_admin,
            employee=impostor,
            role="observer",
        )
    import_rows(other, world.other_admin, "E5000;Anna;Admin;admin@nordwind.example;T\n")

    world.admin.refresh_from_db()
    assert world.admin.is_active
    assert Employee.objects.get(pk=impostor.pk).user is None
    client = Client()
    login(client, world.admin.email)
    assert client.get(org_home(world.organization), secure=True).status_code == 200


@pytest.mark.django_db
def test_a_leaver_of_one_organisation_keeps_their_login_for_the_other(
    identity_personas: World,
) -> None:
    world = identity_personas
    consultant = world.two_orgs
    assert consultant is not None
    client = Client()
    login(client, consultant.email)
    assert client.get(org_home(world.organization), secure=True).status_code == 200
    session_key = client.session.session_key

    import_rows(world.organization, world.admin, "E0900;Kai;Konsul;;T\n")

    consultant.refresh_from_db()
    assert consultant.is_active  # still a program manager of the other organisation
    assert Employee.objects.get(employee_id="E0900", organization=world.organization).user is None
    assert not Session.objects.filter(session_key=session_key).exists()  # AUTH-05
    again = Client()
    again.force_login(consultant)  # (the app's code of this half minute is used up)
    assert again.get(org_home(world.organization), secure=True).status_code == 404
    assert again.get(org_home(world.other_organization), secure=True).status_code == 200


@pytest.mark.django_db
def test_a_leaver_who_belongs_nowhere_else_loses_the_login(world: World) -> None:
    import_rows(world.organization, world.admin, "E0300;Mia;Mentorin;;T\n")
    world.mentor.refresh_from_db()
    assert not world.mentor.is_active
    assert Employee.objects.get(pk=world.mentor_employee.pk).status == EmployeeStatus.TERMINATED


@pytest.mark.django_db
def test_a_login_in_two_organisations_sees_each_through_its_own_link(
    identity_personas: World,
) -> None:
    world = identity_personas
    client = client_for(world, "two_orgs")
    home = client.get(reverse("home"), secure=True)
    assert home.status_code == 200  # two organisations: the choice
    body = home.content.decode()
    assert world.organization.name in body
    assert world.other_organization.name in body
    here = reverse("people:employee_list", kwargs={"org_slug": world.organization.slug})
    there = reverse("people:employee_list", kwargs={"org_slug": world.other_organization.slug})
    assert client.get(here, secure=True).status_code == 403  # a participant here
    assert client.get(there, secure=True).status_code == 200  # program manager there


@pytest.mark.django_db
def test_granting_a_role_to_someone_with_a_linked_login_applies_at_once(world: World) -> None:
    services.grant_role(
        organization=world.organization,
        actor=world.admin,
        employee=world.mentor_employee,
        role="observer",
    )
    assert Membership.objects.filter(user=world.mentor, role="observer").exists()
