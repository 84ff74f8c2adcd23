"""App config for meetings: a tandem's series and single meetings, invitations, its feed entries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tandem.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from tandem.calendars.feed import register_feed_source
        from tandem.core.cohortpage import register_section
        from tandem.core.startpage import register_card
        from tandem.meetings.feed import feed_entries

        register_card("meetings/cards/workspaces.html", order=35)
        # Program health comes first among the sections: it is where the team acts.
        register_section("meetings/cohort_section.html", order=5)
        register_feed_source(feed_entries)
