"""AUTH-05 across both ways in: whom the directory deprovisions is signed out of every session
in that request and cannot come back, neither through the company sign-in nor with a password."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from conftest import World
from tandem.accounts.tests.logins import login
from tandem.people.models import Employee
from tandem.provisioning.tests.scim import Directory, issue, user
from tandem.sso.tests.oidc_peer import Peer, configure, sign_in

pytestmark = pytest.mark.django_db


def test_deprovisioned_by_scim_ends_every_session_and_both_ways_in(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization)
    home = reverse("people:organization_home", args=[world.organization.slug])
    through_idp, with_password = Client(), Client()
    assert sign_in(through_idp, world.organization, "sub-mia").status_code == 302
    login(with_password, world.mentor.email)
    for browser in (through_idp, with_password):
        assert browser.get(home, secure=True).status_code == 200
    keys = [through_idp.session.session_key, with_password.session.session_key]

    directory = Directory(issue(world.organization))
    created = directory.post("/Users", user("mia@nordwind.example", externalId="E0300"))
    response = directory.patch(
        f"/Users/{created.json()['id']}", {"op": "replace", "path": "active", "value": False}
    )
    assert response.status_code in (200, 204)

    assert not Session.objects.filter(session_key__in=keys).exists()
    for browser in (through_idp, with_password):
        assert browser.get(home, secure=True).status_code == 302
    again = Client()
    response = sign_in(again, world.organization, "sub-mia")
    assert response.status_code == 403
    assert "_auth_user_id" not in again.session
    assert not SocialAccount.objects.filter(user=world.mentor).exists()
    by_password = Client()
    login(by_password, world.mentor.email)
    assert "_auth_user_id" not in by_password.session
    assert Employee.objects.get(pk=world.mentor_employee.pk).user is None
