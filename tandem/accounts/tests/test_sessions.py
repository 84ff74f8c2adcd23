"""AUTH-06: people see and end their own sessions; an administrator signs a member out."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World, client_for, fresh_client_for
from tandem.accounts.tests.logins import login
from tandem.core.models import AuditEntry

PROTECTED = "/account/preferences/"


def signed_in(client: Client) -> bool:
    return client.get(PROTECTED, secure=True).status_code == 200


@pytest.mark.django_db
def test_a_person_sees_their_sessions_and_ends_the_others(world: World) -> None:
    laptop, phone = Client(), Client()
    login(laptop, world.mentor.email)
    login(phone, world.mentor.email)
    page = laptop.get(reverse("usersessions_list"), secure=True)
    assert page.status_code == 200
    assert page.context["session_count"] == 2
    laptop.post(reverse("usersessions_list"), secure=True)
    assert signed_in(laptop)
    assert not signed_in(phone)


@pytest.mark.django_db
def test_an_administrator_signs_a_member_out_everywhere(world: World) -> None:
    laptop, phone = Client(), Client()
    login(laptop, world.mentee.email)
    login(phone, world.mentee.email)
    response = fresh_client_for(world, "admin").post(
        reverse("people:member_sessions_end", kwargs={"org_slug": world.organization.slug}),
        {"user": world.mentee.public_id, "from": "employee"},
        secure=True,
    )
    assert response["Location"] == reverse(
        "people:employee_detail",
        kwargs={"org_slug": world.organization.slug, "public_id": world.mentee_employee.public_id},
    )
    assert not signed_in(laptop)
    assert not signed_in(phone)
    entry = AuditEntry.objects.get(action="accounts.sessions.ended")
    assert (entry.actor, entry.object_id) == (world.admin, str(world.mentee.public_id))
    world.mentee.refresh_from_db()
    assert world.mentee.is_active  # signed out, not locked out


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "target"), [("admin", "outsider"), ("admin", "other_admin")])
def test_only_members_of_ones_own_organisation_can_be_signed_out(
    world: World, persona: str, target: str
) -> None:
    victim = Client()
    victim.force_login(getattr(world, target))
    response = fresh_client_for(world, persona).post(
        reverse("people:member_sessions_end", kwargs={"org_slug": world.organization.slug}),
        {"user": getattr(world, target).public_id},
        secure=True,
    )
    assert response.status_code == 404
    assert signed_in(victim)


@pytest.mark.django_db
def test_the_admin_of_another_organisation_cannot_sign_out_anyone_here(world: World) -> None:
    victim = Client()
    victim.force_login(world.mentee)
    response = fresh_client_for(world, "other_admin").post(
        reverse("people:member_sessions_end", kwargs={"org_slug": world.organization.slug}),
        {"user": world.mentee.public_id},
        secure=True,
    )
    assert response.status_code == 404
    assert signed_in(victim)


@pytest.mark.django_db
def test_a_session_page_lists_no_one_elses_sessions(world: World) -> None:
    other = Client()
    login(other, world.mentee.email)
    page = client_for(world, "mentor").get(reverse("usersessions_list"), secure=True)
    assert page.context["session_count"] <= 1
