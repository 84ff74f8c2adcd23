"""A series can end early or hand over to a successor; feed tokens are kept only as hashes.

Existing feeds keep working: each stored token is replaced by its SHA-256 (the hash
``tandem.calendars.models.hash_feed_token`` computes), then the plain column is dropped.
"""

import hashlib

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def hash_tokens(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    feeds = apps.get_model("meetings", "CalendarFeed")
    for feed in feeds.objects.all():
        feed.token_hash = hashlib.sha256(feed.token.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


def forget_feeds(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Backwards, the tokens cannot be recovered from their hashes: the addresses go."""
    apps.get_model("meetings", "CalendarFeed").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_action_plan"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.RunPython(migrations.RunPython.noop, forget_feeds, elidable=False),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.AddField(
            model_name="meetingseries",
            name="ended",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="meetingseries",
            name="successor",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="meetings.meetingseries",
            ),
        ),
    ]
