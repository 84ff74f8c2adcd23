from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_alphabetical_order"),
        ("programs", "0009_registration"),
    ]

    operations = [
        # The constraint names the field: it goes first and comes back after the rename
        # (in the next migration), as SQLite rebuilds the table on a rename.
        migrations.RemoveConstraint(model_name="eventinvitation", name="event_invitation_one_per_person"),
        migrations.RenameField("eventinvitation", "enrollment", "registration"),
    ]
