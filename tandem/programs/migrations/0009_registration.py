from django.db import migrations


class Migration(migrations.Migration):
    """The glossary's word in the code too: a registration, not an enrollment."""

    dependencies = [
        ("programs", "0008_alphabetical_order"),
        # After every migration that names the old model, so that they still find it.
        ("events", "0003_alphabetical_order"),
        ("matching", "0001_initial"),
        ("surveys", "0005_questionnaire"),
    ]

    operations = [
        migrations.RenameModel("Enrollment", "Registration"),
    ]
