"""One ledger of sent mail: calendar messages and reminders move into ``core.SentMail``.

Every row keeps its organisation and time, and its key is the one the code now claims, so
nothing is sent twice after the upgrade: a calendar message's key as it was, a reminder's
``reminder:<recipient>:<meeting>:<kind>:<due in UTC, ISO 8601>`` (as
``workspace.reminders.reminder_key`` makes it; a migration keeps its own copy). Then the two
old ledgers are dropped. Going back restores empty ledgers.
"""

from datetime import UTC
from itertools import batched

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

BATCH = 1000


def copy_into_sent_mail(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    SentMail = apps.get_model("core", "SentMail")
    CalendarMail = apps.get_model("meetings", "CalendarMail")
    SentReminder = apps.get_model("meetings", "SentReminder")
    for rows in batched(CalendarMail.objects.order_by("pk").iterator(chunk_size=BATCH), BATCH):
        SentMail.objects.bulk_create(
            SentMail(organization_id=row.organization_id, key=row.key, sent=row.sent)
            for row in rows
        )
    for rows in batched(SentReminder.objects.order_by("pk").iterator(chunk_size=BATCH), BATCH):
        SentMail.objects.bulk_create(
            SentMail(
                organization_id=row.organization_id,
                key=(
                    f"reminder:{row.recipient_id}:{row.meeting_id}:{row.kind}:"
                    f"{row.due.astimezone(UTC).isoformat()}"
                ),
                sent=row.sent,
            )
            for row in rows
        )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_sent_mail'),
        ('meetings', '0009_writing_moves_to_workspace'),
    ]

    operations = [
        migrations.RunPython(copy_into_sent_mail, migrations.RunPython.noop),
        migrations.DeleteModel(name='CalendarMail'),
        migrations.DeleteModel(name='SentReminder'),
    ]
