"""Event invitations by e-mail: each invitee in their language, with the iCalendar part.

One message per invitee, who is the only ATTENDEE in it: the participants of
a cohort do not learn each other's addresses from a calendar file. The event
keeps its UID; a change arrives as a REQUEST with a higher SEQUENCE, a
cancellation as a CANCEL. Each message is sent once by its key (recipient,
UID, SEQUENCE, METHOD) in the ``SentMail`` ledger (REL-05). The agenda is
in the e-mail and on the page, not in the calendar file.
"""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy, override

from tandem.accounts.mail import render_localised
from tandem.calendars.delivery import CalendarMessage, with_calendar
from tandem.calendars.ical import CANCEL, REQUEST, Attendee, itip
from tandem.calendars.schedule import to_local
from tandem.core.models import SentMail
from tandem.core.tasks import send_once
from tandem.events.calendar import events_link, vevent_for
from tandem.events.models import CohortEvent, EventInvitation
from tandem.programs.models import RegistrationStatus, Role

SUBJECTS = {
    "new": gettext_lazy("Invitation: %(title)s"),
    "changed": gettext_lazy("Changed: %(title)s"),
    "cancelled": gettext_lazy("Cancelled: %(title)s"),
}


def _kind(event: CohortEvent, invitation: EventInvitation) -> str:
    if not event.is_planned:
        return "cancelled"
    # Someone invited after the last change has seen no earlier version.
    if event.sequence and invitation.created < event.updated:
        return "changed"
    return "new"


def _messages(event: CohortEvent) -> Iterator[tuple[SentMail, CalendarMessage]]:
    link = events_link(event)
    method = REQUEST if event.is_planned else CANCEL
    invitations = EventInvitation.objects.filter(
        event=event, registration__status=RegistrationStatus.ADMITTED
    ).select_related("registration__employee__user")
    for invitation in invitations:
        if event.mentors_only and invitation.registration.role != Role.MENTOR:
            continue
        employee = invitation.registration.employee
        user = employee.user
        if user is None or not user.email:
            continue
        kind = _kind(event, invitation)
        with override(user.language or "de"):
            attendee = Attendee(employee.full_name, user.email)
            ics = itip(method, [vevent_for(event, link, [attendee])])
            title = event.name
        message = render_localised(
            to=user,
            subject=SUBJECTS[kind],
            subject_params={"title": title},
            template="events/email/invitation",
            context={
                "kind": kind,
                "event": event,
                "me": employee,
                "start": to_local(event.start),
                "link": link,
            },
        )
        key = f"{user.pk}:{event.uid}:{event.sequence}:{method}"
        yield (
            SentMail(organization_id=event.organization_id, key=key),
            with_calendar(message, ics, method),
        )


def send_event_mails(*, event: CohortEvent) -> int:
    """Send every invitee the event's current state, each message once."""
    return send_once(_messages(event))
