from django.urls import URLPattern, URLResolver, path

from tandem.meetings import views

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tandems/<uuid:public_id>/meetings/", views.workspace, name="workspace"),
    path("tandems/<uuid:public_id>/meetings/series/", views.series_create, name="series_create"),
    path("tandems/<uuid:public_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<uuid:public_id>/move/", views.meeting_move, name="meeting_move"),
    path("meetings/<uuid:public_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:public_id>/held/", views.meeting_held, name="meeting_held"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
