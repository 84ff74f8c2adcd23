"""AUTH-07: the password again before sensitive actions, however fresh or old the session."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.accounts.tests.logins import login, reauthenticate
from tandem.core.models import Membership, MembershipRole
from tandem.people import invitations
from tandem.people.models import ImportRun, ImportStatus
from tandem.people.tests.factories import PASSWORD


def _org(world: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, **kwargs})


def _sensitive_posts(world: World) -> dict[str, tuple[str, dict[str, object]]]:
    """Each sensitive action of an administrator: its URL and what it posts."""
    run = ImportRun.objects.create(
        organization=world.organization,
        uploaded_by=world.admin,
        filename="hr.csv",
        content=b"Personalnummer;Vorname;Nachname\nE0001;Carla;Chefin\n",
        status=ImportStatus.PREVIEWED,
    )
    pending = invitations.create_invitation(
        organization=world.organization,
        actor=world.admin,
        employee=world.ceo,
        roles=[MembershipRole.OBSERVER],
    )
    return {
        "grant a role": (
            _org(world, "people:role_list"),
            {"employee_id": "E0100", "role": "admin"},
        ),
        "revoke a role": (
            _org(world, "people:role_revoke"),
            {"user": world.observer.public_id, "role": "observer"},
        ),
        "apply an HR import": (_org(world, "people:import_apply", public_id=run.public_id), {}),
        "send an invitation again": (
            _org(world, "people:invitation_send_again", public_id=pending.public_id),
            {},
        ),
        "withdraw an invitation": (
            _org(world, "people:invitation_withdraw", public_id=pending.public_id),
            {},
        ),
        "sign a member out everywhere": (
            _org(world, "people:member_sessions_end"),
            {"user": world.mentee.public_id},
        ),
        "change the security settings": (
            _org(world, "people:organization_settings"),
            {"name": "X", "language": "de", "min_group_size": 5, "mfa_policy": "everyone"},
        ),
    }


ACTIONS = [
    "grant a role",
    "revoke a role",
    "apply an HR import",
    "send an invitation again",
    "withdraw an invitation",
    "sign a member out everywhere",
    "change the security settings",
]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_each_sensitive_action_asks_for_the_password_first(world: World, action: str) -> None:
    url, data = _sensitive_posts(world)[action]
    before = Membership.objects.count(), ImportRun.objects.get().status
    response = client_for(world, "admin").post(url, data, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert (Membership.objects.count(), ImportRun.objects.get().status) == before


@pytest.mark.django_db
def test_a_login_an_hour_old_must_confirm_before_granting_a_role_then_the_grant_goes_through(
    world: World,
) -> None:
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        login(client, world.admin.email)
        reauthenticate(client)
        grant = _org(world, "people:role_list")
        for _ in range(3):  # an hour of use (idle sessions end after 30 minutes)
            clock.shift(timedelta(minutes=20))
            assert client.get(grant, secure=True).status_code == 200
        response = client.post(grant, {"employee_id": "E0100", "role": "admin"}, secure=True)
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        assert not Membership.objects.filter(user=world.mentee, role="admin").exists()
        # The confirmation carries the suspended request out.
        confirmed = client.post(response["Location"], {"password": PASSWORD}, secure=True)
        assert confirmed["Location"] == grant
        assert Membership.objects.filter(user=world.mentee, role="admin").exists()
        # Within five minutes the next action needs no new confirmation; after them it does.
        clock.shift(timedelta(minutes=4))
        again = client.post(grant, {"employee_id": "E0300", "role": "observer"}, secure=True)
        assert again["Location"] == grant
        clock.shift(timedelta(minutes=2))
        later = client.post(grant, {"employee_id": "E0001", "role": "observer"}, secure=True)
        assert later["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.django_db
def test_a_wrong_password_confirms_nothing(world: World) -> None:
    client = client_for(world, "admin")
    grant = _org(world, "people:role_list")
    response = client.post(grant, {"employee_id": "E0100", "role": "admin"}, secure=True)
    wrong = client.post(response["Location"], {"password": "not the password!"}, secure=True)
    assert wrong.status_code == 200
    assert not Membership.objects.filter(user=world.mentee, role="admin").exists()


@pytest.mark.django_db
def test_an_htmx_request_is_sent_to_the_confirmation_as_a_whole_page(world: World) -> None:
    grant = _org(world, "people:role_list")
    response = client_for(world, "admin").post(
        grant,
        {"employee_id": "E0100", "role": "admin"},
        secure=True,
        headers={"HX-Request": "true", "HX-Current-URL": f"https://testserver{grant}"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("account_reauthenticate"))
    assert "next=%2Fnordwind%2Froles%2F" in response["HX-Redirect"]


@pytest.mark.django_db
def test_adding_an_address_asks_for_the_password_first(world: World) -> None:
    response = client_for(world, "observer").post(
        reverse("account_email"), {"action_add": "", "email": "new@example.org"}, secure=True
    )
    assert response["Location"].startswith(reverse("account_reauthenticate"))
