"""App config for calendars: iCalendar, calendar mail and the personal feed that apps feed."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "tandem.calendars"
    label = "calendars"
    verbose_name = _("Calendars")
