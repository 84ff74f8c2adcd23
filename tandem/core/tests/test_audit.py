"""AZ-06: audit entries record who changed what, mask sensitive values, and never change."""

import pytest

from conftest import World
from tandem.core.audit import MASK, Change, mask, record, record_many
from tandem.core.models import AuditEntry


@pytest.mark.django_db
def test_record_names_actor_action_and_object(world: World) -> None:
    entry = record(
        organization=world.organization,
        actor=world.admin,
        action="people.employee.updated",
        obj=world.mentor_employee,
        changes={"team": ["IT-1", "IT-2"]},
    )
    assert entry.actor == world.admin
    assert entry.object_type == "people.employee"
    assert entry.object_id == str(world.mentor_employee.public_id)
    assert entry.changes == {"team": ["IT-1", "IT-2"]}


@pytest.mark.django_db
def test_entries_cannot_be_edited(world: World) -> None:
    entry = record(organization=world.organization, actor=None, action="x", object_type="y")
    entry.action = "something else"
    with pytest.raises(TypeError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


def test_masked_fields_show_only_that_they_changed() -> None:
    masked = mask({"email": ["a@x.example", "b@x.example"], "team": ["A", "B"]}, ["email"])
    assert masked == {"email": [MASK, MASK], "team": ["A", "B"]}


@pytest.mark.django_db
def test_many_changes_are_recorded_in_bulk(world: World, django_assert_max_num_queries) -> None:
    changes = [Change("people.employee.created", "people.employee", f"E{i}") for i in range(2500)]
    with django_assert_max_num_queries(5):
        assert (
            record_many(organization=world.organization, actor=world.admin, changes=changes) == 2500
        )
    assert AuditEntry.objects.filter(organization=world.organization).count() == 2500
