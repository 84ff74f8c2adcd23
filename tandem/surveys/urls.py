from django.urls import URLPattern, URLResolver, path

from tandem.surveys import editor_views, views

app_name = "surveys"
urlpatterns: list[URLPattern | URLResolver] = [
    # The program team (results also for observers)
    path("cohorts/<uuid:public_id>/surveys/", views.cohort_surveys, name="cohort_surveys"),
    path("surveys/<uuid:public_id>/settings/", views.survey_settings, name="survey_settings"),
    path("surveys/<uuid:public_id>/results/", views.survey_results, name="survey_results"),
    # The program team's questionnaires
    path("questionnaires/", editor_views.template_list, name="template_list"),
    path("questionnaires/<slug:key>/", editor_views.template_detail, name="template_detail"),
    path("questionnaires/<slug:key>/copy/", editor_views.template_copy, name="template_copy"),
    path("questionnaires/<slug:key>/add/", editor_views.question_add, name="question_add"),
    path(
        "questionnaires/<slug:key>/questions/<slug:question>/",
        editor_views.question_edit,
        name="question_edit",
    ),
    path(
        "questionnaires/<slug:key>/questions/<slug:question>/move/",
        editor_views.question_move,
        name="question_move",
    ),
    path(
        "questionnaires/<slug:key>/questions/<slug:question>/remove/",
        editor_views.question_remove,
        name="question_remove",
    ),
    # Participants
    path("surveys/<uuid:public_id>/", views.answer, name="answer"),
]
