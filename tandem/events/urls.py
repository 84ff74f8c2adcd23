from django.urls import URLPattern, URLResolver, path

from tandem.events import views

app_name = "events"
urlpatterns: list[URLPattern | URLResolver] = [
    # The program team
    path("cohorts/<uuid:public_id>/events/", views.cohort_events, name="cohort_events"),
    path("cohorts/<uuid:public_id>/events/new/", views.event_create, name="event_create"),
    path("events/<uuid:public_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<uuid:public_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<uuid:public_id>/invite/", views.event_invite, name="event_invite"),
    path("events/<uuid:public_id>/attendance/", views.event_attendance, name="event_attendance"),
    # Participants
    path("events/", views.my_events, name="my_events"),
    path("events/<uuid:public_id>/rsvp/", views.rsvp, name="rsvp"),
    path("events/<uuid:public_id>/event.ics", views.event_ics, name="event_ics"),
]
