from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_questionnaire"),
        ("programs", "0009_registration"),
    ]

    operations = [
        # The constraint names the field: it goes first and comes back after the rename
        # (in the next migration), as SQLite rebuilds the table on a rename.
        migrations.RemoveConstraint(model_name="respondent", name="survey_respondent_once"),
        migrations.RenameField("respondent", "enrollment", "registration"),
    ]
