from django.urls import URLPattern, URLResolver, path

from tandem.calendars import views

app_name = "calendars"
# The paths are those the feed had under meetings: subscribed calendars keep fetching them.
urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
