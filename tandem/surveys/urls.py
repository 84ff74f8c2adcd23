from django.urls import URLPattern, URLResolver, path

from tandem.surveys.views import questionnaires, surveys

app_name = "surveys"
urlpatterns: list[URLPattern | URLResolver] = [
    # The program team (results also for observers)
    path("cohorts/<uuid:public_id>/surveys/", surveys.cohort_surveys, name="cohort_surveys"),
    path(
        "cohorts/<uuid:public_id>/surveys/<slug:phase>/settings/",
        surveys.survey_settings,
        name="survey_settings",
    ),
    path("surveys/<uuid:public_id>/results/", surveys.survey_results, name="survey_results"),
    # The program team's questionnaires
    path("questionnaires/", questionnaires.questionnaire_list, name="questionnaire_list"),
    path(
        "questionnaires/<slug:key>/",
        questionnaires.questionnaire_detail,
        name="questionnaire_detail",
    ),
    path(
        "questionnaires/<slug:key>/copy/",
        questionnaires.questionnaire_copy,
        name="questionnaire_copy",
    ),
    path("questionnaires/<slug:key>/add/", questionnaires.question_add, name="question_add"),
    path(
        "questionnaires/<slug:key>/questions/<slug:question>/",
        questionnaires.question_edit,
        name="question_edit",
    ),
    path(
        "questionnaires/<slug:key>/questions/<slug:question>/move/",
        questionnaires.question_move,
        name="question_move",
    ),
    path(
        "questionnaires/<slug:key>/questions/<slug:question>/remove/",
        questionnaires.question_remove,
        name="question_remove",
    ),
    # Participants
    path("surveys/<uuid:public_id>/", surveys.answer, name="answer"),
]
