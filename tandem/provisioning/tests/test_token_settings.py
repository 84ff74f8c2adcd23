"""The organisation's administrators issue, rotate and revoke the directory's token."""

import re

import pytest
from django.urls import reverse

from conftest import World, client_for, fresh_client_for
from tandem.core.models import AuditEntry
from tandem.people.models import token_digest
from tandem.provisioning.models import ScimToken
from tandem.provisioning.tests.scim import Directory


def settings_url(world: World) -> str:
    return reverse("provisioning:settings", kwargs={"org_slug": world.organization.slug})


def shown_token(content: bytes) -> str:
    found = re.search(r'<code id="scim-token">([^<]+)</code>', content.decode())
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_the_organisation_settings_lead_to_provisioning(world: World) -> None:
    page = client_for(world, "admin").get(
        reverse("people:organization_settings", kwargs={"org_slug": world.organization.slug}),
        secure=True,
    )
    assert settings_url(world) in page.content.decode()


@pytest.mark.django_db
def test_a_new_token_is_shown_once_with_the_base_url_and_only_its_digest_is_kept(
    world: World,
) -> None:
    client = fresh_client_for(world, "admin")
    response = client.post(settings_url(world), {"action": "issue"}, secure=True)
    assert response.status_code == 200
    token = shown_token(response.content)
    assert "https://tandem.example/scim/v2" in response.content.decode()
    stored = ScimToken.objects.get(organization=world.organization)
    assert stored.token_digest == token_digest(token)
    assert token not in client.get(settings_url(world), secure=True).content.decode()
    assert Directory(token).get("/Users").status_code == 200
    assert AuditEntry.objects.get(action="provisioning.token.created").actor == world.admin


@pytest.mark.django_db
def test_rotating_replaces_the_token_and_revoking_ends_it(world: World) -> None:
    client = fresh_client_for(world, "admin")
    first = shown_token(client.post(settings_url(world), {"action": "issue"}, secure=True).content)
    second = shown_token(client.post(settings_url(world), {"action": "issue"}, secure=True).content)
    assert Directory(first).get("/Users").status_code == 401
    assert Directory(second).get("/Users").status_code == 200
    response = client.post(settings_url(world), {"action": "revoke"}, secure=True)
    assert response.status_code == 302
    assert Directory(second).get("/Users").status_code == 401
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"provisioning.token.rotated", "provisioning.token.revoked"} <= actions


@pytest.mark.django_db
def test_issuing_asks_for_the_password_again(world: World) -> None:
    response = client_for(world, "admin").post(
        settings_url(world), {"action": "issue"}, secure=True
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not ScimToken.objects.exists()


@pytest.mark.parametrize("persona", ["program_manager", "other_admin"])
@pytest.mark.django_db
def test_only_the_organisations_administrators_may_issue(world: World, persona: str) -> None:
    response = fresh_client_for(world, persona).post(
        settings_url(world), {"action": "issue"}, secure=True
    )
    assert response.status_code in (403, 404)
    assert not ScimToken.objects.exists()
