# The glossary's word in the code: a survey template is a questionnaire.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0004_template_copied_from'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='surveytemplate',
            name='survey_template_key',
        ),
        migrations.RemoveConstraint(
            model_name='question',
            name='survey_question_key',
        ),
        migrations.RenameModel(
            old_name='SurveyTemplate',
            new_name='Questionnaire',
        ),
        migrations.AlterModelOptions(
            name='questionnaire',
            options={'ordering': ['phase', 'role', 'name_de'], 'verbose_name': 'questionnaire', 'verbose_name_plural': 'questionnaires'},
        ),
        migrations.AddConstraint(
            model_name='questionnaire',
            constraint=models.UniqueConstraint(fields=('organization', 'key'), name='questionnaire_key'),
        ),
        migrations.RenameField(
            model_name='question',
            old_name='template',
            new_name='questionnaire',
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.UniqueConstraint(fields=('questionnaire', 'key'), name='survey_question_key'),
        ),
        migrations.AlterModelOptions(
            name='question',
            options={'ordering': ['questionnaire', 'position', 'id'], 'verbose_name': 'question', 'verbose_name_plural': 'questions'},
        ),
        migrations.RenameField(
            model_name='survey',
            old_name='mentor_template',
            new_name='mentor_questionnaire',
        ),
        migrations.RenameField(
            model_name='survey',
            old_name='mentee_template',
            new_name='mentee_questionnaire',
        ),
    ]
