from django.urls import URLPattern, URLResolver, path

from tandem.surveys import views

app_name = "surveys"
urlpatterns: list[URLPattern | URLResolver] = [
    # The program team (results also for observers)
    path("cohorts/<uuid:public_id>/surveys/", views.cohort_surveys, name="cohort_surveys"),
    path("surveys/<uuid:public_id>/settings/", views.survey_settings, name="survey_settings"),
    path("surveys/<uuid:public_id>/results/", views.survey_results, name="survey_results"),
    # Participants
    path("surveys/<uuid:public_id>/", views.answer, name="answer"),
]
