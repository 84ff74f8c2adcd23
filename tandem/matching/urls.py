from django.urls import URLPattern, URLResolver, path

from tandem.matching import views

app_name = "matching"
urlpatterns: list[URLPattern | URLResolver] = [
    path("matching/<uuid:cohort_id>/", views.cohort_matching, name="cohort_matching"),
    path("matching/<uuid:cohort_id>/runs/", views.run_start, name="run_start"),
    path("matching/<uuid:cohort_id>/decisions/", views.decision_add, name="decision_add"),
    path("matching/<uuid:cohort_id>/answers/", views.answers, name="answers"),
    path("matching/<uuid:cohort_id>/rematch/", views.rematch, name="rematch"),
    path(
        "matching/decisions/<uuid:public_id>/remove/",
        views.decision_remove,
        name="decision_remove",
    ),
    path("matching/runs/<uuid:public_id>/", views.run_detail, name="run_detail"),
    path("matching/runs/<uuid:public_id>/why-not/", views.why_not, name="why_not"),
    path("matching/runs/<uuid:public_id>/swap/", views.swap, name="swap"),
    path("matching/runs/<uuid:public_id>/publish/", views.run_publish, name="run_publish"),
    path("matching/runs/<uuid:public_id>/compare/", views.run_compare, name="run_compare"),
]
