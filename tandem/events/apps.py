"""App config for events: a cohort's kick-off, mentor exchanges and wrap-up, with RSVP."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tandem.events"
    label = "events"
    verbose_name = _("Cohort events")

    def ready(self) -> None:
        from tandem.calendars.feed import register_feed_source
        from tandem.core.cohortpage import register_section
        from tandem.core.startpage import register_card
        from tandem.events.calendar import feed_entries

        register_card("events/cards/your_events.html", order=40)
        register_section("events/cohort_section.html", order=10)
        register_feed_source(feed_entries)
