"""An event as a calendar entry: in the invitation, the personal feed and a file to download.

Built on ``calendars.ical`` (``vevent``, ADR 0008): the event's UID and SEQUENCE
everywhere, so a calendar that has it from one place takes the others as the same event. The
words are in the active language; the description names the kind and the cohort and links
to the participant's events page. The agenda stays in the e-mail and on the page.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from icalendar import Event

from tandem.accounts.models import User
from tandem.calendars.ical import Attendee, Texts, document, vevent, where
from tandem.core.links import absolute_reverse
from tandem.core.models import Organization
from tandem.events.models import CohortEvent
from tandem.events.selectors import invitations_of


def events_link(event: CohortEvent) -> str:
    return absolute_reverse("events:my_events", org_slug=event.organization.slug)


def vevent_for(event: CohortEvent, link: str, attendees: Sequence[Attendee] = ()) -> Event:
    """The event as one VEVENT; a cancelled one stays, marked CANCELLED, so calendars drop it."""
    texts = Texts(
        summary=event.name,
        description=_("%(kind)s of %(cohort)s. Details and your answer: %(link)s")
        % {"kind": event.get_kind_display(), "cohort": event.cohort.name, "link": link},
    )
    return vevent(
        uid=event.uid,
        sequence=event.sequence,
        start=event.start,
        minutes=event.minutes,
        location=where(event.place, event.online_link),
        texts=texts,
        attendees=attendees,
        cancelled=not event.is_planned,
    )


def event_document(event: CohortEvent) -> bytes:
    """The event as a file to download."""
    return document([vevent_for(event, events_link(event))])


def feed_entries(user: User, organization: Organization) -> list[Event]:
    """Every event ``user`` is invited to, for their personal feed (``calendars.feed``)."""
    return [
        vevent_for(invitation.event, events_link(invitation.event))
        for invitation in invitations_of(user, organization)
    ]
