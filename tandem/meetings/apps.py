"""App config for meetings: a tandem's series and single meetings, invitations, feed entries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tandem.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from tandem.calendars.feed import register_feed_source
        from tandem.meetings import receivers  # noqa: F401 (connects the receivers)
        from tandem.meetings.feed import feed_entries

        register_feed_source(feed_entries)
