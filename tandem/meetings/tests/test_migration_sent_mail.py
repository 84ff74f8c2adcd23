"""The data migration into one ledger of sent mail: nothing sent before is sent again."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conftest import World
from tandem.core.models import SentMail
from tandem.meetings.models import Meeting
from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Tandem
from tandem.workspace import reminders

BEFORE = [("meetings", "0009_writing_moves_to_workspace"), ("core", "0005_alphabetical_order")]
AFTER = [("meetings", "0010_one_sent_mail_ledger")]
START = datetime(2027, 5, 3, 6, 30, tzinfo=UTC)
SENT = datetime(2027, 5, 2, 7, 0, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_both_old_ledgers_become_sent_mail_with_the_keys_the_code_claims(
    world: World, tandem: Tandem
) -> None:
    accept(tandem)
    meeting = Meeting.objects.create(
        organization=world.organization, tandem=tandem, start=START, place="Café"
    )
    due = START - timedelta(hours=24)
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    calendar_mail = old.get_model("meetings", "CalendarMail")
    sent_reminder = old.get_model("meetings", "SentReminder")
    calendar_mail.objects.create(
        organization_id=world.organization.pk, key=f"{world.mentor.pk}:uid@tandem:-:0:REQUEST"
    )
    calendar_mail.objects.create(
        organization_id=world.organization.pk,
        key=f"fit:1:2027-05-01T10:00:00+00:00:{world.program_manager.pk}",
    )
    for user in (world.mentor, world.mentee):
        sent_reminder.objects.create(
            organization_id=world.organization.pk,
            meeting_id=meeting.pk,
            recipient_id=user.pk,
            kind="before",
            due=due,
        )
    sent_reminder.objects.filter(recipient_id=world.mentor.pk).update(sent=SENT)

    _migrate(AFTER)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = {row.key: row for row in SentMail.objects.all()}
    assert set(rows) == {
        f"{world.mentor.pk}:uid@tandem:-:0:REQUEST",
        f"fit:1:2027-05-01T10:00:00+00:00:{world.program_manager.pk}",
        reminders.reminder_key(world.mentor.pk, meeting.pk, "before", due),
        reminders.reminder_key(world.mentee.pk, meeting.pk, "before", due),
    }
    assert {row.organization_id for row in rows.values()} == {world.organization.pk}
    assert rows[reminders.reminder_key(world.mentor.pk, meeting.pk, "before", due)].sent == SENT
    # The pass that would have reminded both partners finds their reminders sent.
    with time_machine.travel(START - timedelta(hours=20), tick=False):
        assert reminders.run_pass() == 0
    assert mail.outbox == []
