"""Reminders and nudges to the partners of a running tandem, one scheduler pass at a time.

A pass looks at the clock once and works out every message that is due:

- **before**: ``TANDEM_REMINDER_HOURS_BEFORE`` hours before a planned or moved
  meeting, until it starts, to both partners;
- **mark**: a planned or moved meeting whose end lies ``TANDEM_NUDGE_MARK_DAYS``
  behind: mark it held or move it (both partners);
- **follow_up**: a held meeting ``TANDEM_NUDGE_FOLLOW_UP_DAYS`` after its end
  without a takeaway of the tandem (both partners) or without this partner's
  feedback (that partner): one message naming what is missing, never what was
  written (AZ-03).

Each message is keyed by recipient + meeting + kind + due moment in the
``SentMail`` ledger and claimed before it is sent (``core.tasks.send_once``),
so passes may repeat or overlap and each message still goes out once. Due
moments are computed in UTC from the stored start, so a change to or from
summer time neither repeats nor skips one (REL-06); a moved meeting has a new
due moment and gets its reminder for the new time. Nudges older than
``TANDEM_NUDGE_WINDOW_DAYS`` are dropped rather than sent late.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from tandem.accounts.mail import render_localised
from tandem.accounts.models import User
from tandem.calendars.schedule import to_local
from tandem.core.models import SentMail
from tandem.core.tasks import TRANSIENT_MAIL_ERRORS, send_once
from tandem.meetings.invitations import workspace_link
from tandem.meetings.models import Meeting, MeetingState
from tandem.people.models import Employee
from tandem.programs.models import Role, running
from tandem.workspace.models import Feedback, Takeaway

logger = logging.getLogger("tandem.reminders")


class ReminderKind(StrEnum):
    """Which message is due: its template, and part of its key."""

    BEFORE = "before"  # a reminder before a meeting
    MARK = "mark"  # a nudge to mark a meeting held or moved
    FOLLOW_UP = "follow_up"  # a nudge for takeaways or feedback


SUBJECTS = {
    ReminderKind.BEFORE: gettext_lazy("Reminder: tandem meeting with %(name)s"),
    ReminderKind.MARK: gettext_lazy("Did your tandem meeting with %(name)s take place?"),
    ReminderKind.FOLLOW_UP: gettext_lazy("After your tandem meeting with %(name)s"),
}
OPEN = (MeetingState.PLANNED, MeetingState.MOVED)
LONGEST_MEETING = timedelta(minutes=180)


@dataclass(frozen=True)
class Due:
    """One message a pass owes: to ``recipient`` about ``meeting``, due at ``due``."""

    kind: ReminderKind
    meeting: Meeting
    recipient: User
    me: Employee
    partner: Employee
    due: datetime
    missing: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return reminder_key(self.recipient.pk, self.meeting.pk, self.kind, self.due)

    def claim(self) -> SentMail:
        """The ledger row for this message (unsaved): ``send_once`` commits it before sending."""
        return SentMail(organization_id=self.meeting.organization_id, key=self.key)


def reminder_key(recipient_id: int, meeting_id: int, kind: str, due: datetime) -> str:
    """``reminder:<recipient>:<meeting>:<kind>:<due in UTC, ISO 8601>``, the message's ledger key.

    Migration ``meetings.0010`` wrote the keys of the reminders sent before the ledger was
    shared in this form: change it, and those would be sent again.
    """
    return f"reminder:{recipient_id}:{meeting_id}:{kind}:{due.astimezone(UTC).isoformat()}"


def _running_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(running("tandem__")).select_related(
        "organization",
        "tandem__cohort__organization",
        "tandem__mentor__employee__user",
        "tandem__mentee__employee__user",
    )


def _partners(meeting: Meeting) -> Iterator[tuple[Role, User, Employee, Employee]]:
    """Each partner who can receive mail, with their role, login, employee and the other."""
    for side in meeting.tandem.sides():
        if (user := side.recipient) is not None:
            yield side.role, user, side.me, side.partner


def due_messages(now: datetime) -> list[Due]:
    """Every reminder and nudge due at ``now``, sent or not (a few queries, whatever the count)."""
    before = timedelta(hours=settings.TANDEM_REMINDER_HOURS_BEFORE)
    mark_after = timedelta(days=settings.TANDEM_NUDGE_MARK_DAYS)
    follow_after = timedelta(days=settings.TANDEM_NUDGE_FOLLOW_UP_DAYS)
    window = timedelta(days=settings.TANDEM_NUDGE_WINDOW_DAYS)
    found: list[Due] = []
    with scopes_disabled():
        upcoming = _running_meetings().filter(
            state__in=OPEN, start__gt=now, start__lte=now + before
        )
        for meeting in upcoming:
            for _role, user, me, partner in _partners(meeting):
                found.append(
                    Due(ReminderKind.BEFORE, meeting, user, me, partner, meeting.start - before)
                )

        unmarked = _running_meetings().filter(
            state__in=OPEN,
            start__lte=now - mark_after,
            start__gt=now - mark_after - window - LONGEST_MEETING,
        )
        for meeting in unmarked:
            due = meeting.end + mark_after
            if now - window < due <= now:
                for _role, user, me, partner in _partners(meeting):
                    found.append(Due(ReminderKind.MARK, meeting, user, me, partner, due))

        feedback = Feedback.objects.filter(meeting=OuterRef("pk"))
        held = (
            _running_meetings()
            .filter(
                state=MeetingState.HELD,
                start__lte=now - follow_after,
                start__gt=now - follow_after - window - LONGEST_MEETING,
            )
            .annotate(
                has_takeaway=Exists(Takeaway.objects.filter(meeting=OuterRef("pk"))),
                mentor_feedback=Exists(feedback.filter(author=Role.MENTOR)),
                mentee_feedback=Exists(feedback.filter(author=Role.MENTEE)),
            )
        )
        for meeting in held:
            due = meeting.end + follow_after
            if not now - window < due <= now:
                continue
            for role, user, me, partner in _partners(meeting):
                given = meeting.mentor_feedback if role == Role.MENTOR else meeting.mentee_feedback
                missing = tuple(
                    name
                    for name, absent in (
                        ("takeaway", not meeting.has_takeaway),
                        ("feedback", not given),
                    )
                    if absent
                )
                if missing:
                    found.append(
                        Due(ReminderKind.FOLLOW_UP, meeting, user, me, partner, due, missing)
                    )
    return found


def _unsent(found: list[Due]) -> list[Due]:
    """Drop what an earlier pass sent (one query); the claim in ``send_once`` settles races."""
    if not found:
        return []
    with scopes_disabled():
        sent = set(
            SentMail.objects.filter(key__in={d.key for d in found}).values_list("key", flat=True)
        )
    return [d for d in found if d.key not in sent]


def render(item: Due) -> EmailMessage:
    """The message for ``item`` in the recipient's language: times in Berlin, nothing written."""
    return render_localised(
        to=item.recipient,
        subject=SUBJECTS[item.kind],
        subject_params={"name": item.partner.full_name},
        template="workspace/email/reminder",
        context={
            "kind": item.kind.value,
            "me": item.me,
            "partner": item.partner,
            "meeting": item.meeting,
            "start": to_local(item.meeting.start),
            "missing": item.missing,
            "link": workspace_link(item.meeting.tandem),
        },
    )


def run_pass(*, now: datetime | None = None) -> int:
    """Send what is due at ``now`` and not sent yet; returns how many messages went out.

    A transient mail-server failure ends the pass (its message is released);
    the next pass is the retry.
    """
    now = now or timezone.now()
    pending = _unsent(due_messages(now))
    claims = ((item.claim(), render(item)) for item in pending)
    try:
        return send_once(claims)
    except TRANSIENT_MAIL_ERRORS as error:
        logger.warning("reminders: the mail server failed, the next pass retries: %s", error)
        return 0
