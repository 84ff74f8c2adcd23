from django.urls import URLPattern, URLResolver, path

from tandem.programs.views import lessons, planning, pool, registration

app_name = "programs"
urlpatterns: list[URLPattern | URLResolver] = [
    # Planning (program team)
    path("programs/", planning.program_list, name="program_list"),
    path("programs/new/", planning.program_create, name="program_create"),
    path("programs/<uuid:public_id>/edit/", planning.program_edit, name="program_edit"),
    path("programs/<uuid:public_id>/cohorts/new/", planning.cohort_create, name="cohort_create"),
    path("cohorts/<uuid:public_id>/", planning.cohort_detail, name="cohort_detail"),
    path("cohorts/<uuid:public_id>/edit/", planning.cohort_edit, name="cohort_edit"),
    path("cohorts/<uuid:public_id>/copy/", planning.cohort_copy, name="cohort_copy"),
    path("cohorts/<uuid:public_id>/state/", planning.cohort_state, name="cohort_state"),
    path("cohorts/<uuid:public_id>/invite/", planning.cohort_invite, name="cohort_invite"),
    path("topics/", planning.topic_list, name="topic_list"),
    path("topics/<slug:key>/", planning.topic_edit, name="topic_edit"),
    path("topics/<slug:key>/remove/", planning.topic_remove, name="topic_remove"),
    # Lessons learned (program team; observers read them)
    path("cohorts/<uuid:public_id>/lessons/", lessons.cohort_lessons, name="cohort_lessons"),
    path("lessons/<uuid:public_id>/edit/", lessons.lesson_edit, name="lesson_edit"),
    path("lessons/<uuid:public_id>/remove/", lessons.lesson_remove, name="lesson_remove"),
    # The pool review (program team)
    path("cohorts/<uuid:public_id>/pool/", pool.pool, name="pool"),
    path("cohorts/<uuid:public_id>/pool/admit/", pool.pool_admit, name="pool_admit"),
    path("registrations/<uuid:public_id>/", pool.registration_detail, name="registration_detail"),
    path(
        "registrations/<uuid:public_id>/verify/",
        pool.registration_verify,
        name="registration_verify",
    ),
    path(
        "registrations/<uuid:public_id>/decide/",
        pool.registration_decide,
        name="registration_decide",
    ),
    # Participants
    path("join/<str:token>/", registration.join, name="join"),
    path("cohorts/<uuid:public_id>/register/", registration.register, name="register"),
    path("cohorts/<uuid:public_id>/withdraw/", registration.withdraw, name="withdraw"),
]
