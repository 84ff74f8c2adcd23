from django.urls import URLPattern, URLResolver, path

from tandem.meetings.views import feed

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar/", feed.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", feed.calendar_feed, name="calendar_feed"),
]
