from django.urls import URLPattern, URLResolver, path

from tandem.meetings.views import feed, workspace

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tandems/<uuid:public_id>/meetings/", workspace.workspace, name="workspace"),
    path(
        "tandems/<uuid:public_id>/meetings/series/", workspace.series_create, name="series_create"
    ),
    path("tandems/<uuid:public_id>/meetings/new/", workspace.meeting_create, name="meeting_create"),
    path("meetings/<uuid:public_id>/move/", workspace.meeting_move, name="meeting_move"),
    path("meetings/<uuid:public_id>/cancel/", workspace.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:public_id>/held/", workspace.meeting_held, name="meeting_held"),
    path("calendar/", feed.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", feed.calendar_feed, name="calendar_feed"),
]
