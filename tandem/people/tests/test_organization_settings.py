"""An organisation's administration sets its name, language, group size and MFA policy."""

import pytest
from django.urls import reverse

from conftest import World, client_for, fresh_client_for
from tandem.core.models import AuditEntry, MfaPolicy, Organization


def settings_url(world: World) -> str:
    return reverse("people:organization_settings", kwargs={"org_slug": world.organization.slug})


VALID = {
    "name": "Nordwind Logistik SE",
    "language": "en",
    "min_group_size": 7,
    "mfa_policy": "everyone",
    "health_detail": "activity",
}


@pytest.mark.django_db
def test_an_administrator_changes_the_settings_and_the_audit_log_says_what_changed(
    world: World,
) -> None:
    page = client_for(world, "admin").get(settings_url(world), secure=True)
    assert page.status_code == 200
    assert "Zwei-Faktor-Authentifizierung verlangt für" in page.content.decode()
    response = fresh_client_for(world, "admin").post(settings_url(world), VALID, secure=True)
    assert response.status_code == 302
    organization = Organization.objects.get(pk=world.organization.pk)
    assert (organization.name, organization.language, organization.min_group_size) == (
        "Nordwind Logistik SE",
        "en",
        7,
    )
    assert organization.mfa_policy == MfaPolicy.EVERYONE
    entry = AuditEntry.objects.get(action="core.organization.changed")
    assert entry.changes["min_group_size"] == [5, 7]
    assert entry.changes["mfa_policy"] == ["roles", "everyone"]
    # Naming tandems for activity is a works-agreement decision: the audit log keeps it (PRIV-04).
    assert entry.changes["health_detail"] == ["asked", "activity"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("min_group_size", 4), ("min_group_size", "x"), ("name", "")]
)
def test_a_bad_value_is_explained_at_its_field_and_nothing_changes(
    world: World, field: str, value: object
) -> None:
    response = fresh_client_for(world, "admin").post(
        settings_url(world), {**VALID, field: value}, secure=True
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Organization.objects.get(pk=world.organization.pk).name == "Nordwind Logistik AG"
    assert not AuditEntry.objects.filter(action="core.organization.changed").exists()


@pytest.mark.django_db
def test_the_organisation_cannot_be_renamed_by_smuggled_fields(world: World) -> None:
    fresh_client_for(world, "admin").post(
        settings_url(world), {**VALID, "slug": "taken-over", "id": 99}, secure=True
    )
    organization = Organization.objects.get(pk=world.organization.pk)
    assert organization.slug == "nordwind"
