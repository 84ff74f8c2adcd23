"""The personal feed's address (``CalendarFeed``) now belongs to ``calendars``.

State only: the table ``meetings_calendarfeed`` and its rows stay; ``calendars.0001`` takes
the model over on the same table.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0010_one_sent_mail_ledger'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CalendarFeed')],
        ),
    ]
