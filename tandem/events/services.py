"""Event operations: create, change, cancel, invite the audience, answer, record attendance.

Every change writes the audit log (times, counts and states; never who
answered what). A change invitees must see raises the event's SEQUENCE and,
after commit, hands the invitations to the task worker
(``tasks.send_event_mails``), which sends each message once (REL-05).
"""

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.events.models import CohortEvent, EventInvitation, EventState, Rsvp
from tandem.events.selectors import audience
from tandem.events.tasks import send_event_mails
from tandem.programs.models import Cohort

# What an edit may change; the kind (and with it the audience) stays.
EDITABLE = ("title", "start", "minutes", "place", "online_link", "agenda")


def _require_place(place: str, online_link: str) -> None:
    if not place and not online_link:
        raise ValidationError(_("Please give a place or an online link."))


def _require_planned(event: CohortEvent) -> None:
    if not event.is_planned:
        raise ValidationError(_("This event has been cancelled."))


def _enqueue(event: CohortEvent) -> None:
    pk = event.pk
    transaction.on_commit(lambda: send_event_mails.enqueue(pk))


def _locked(event: CohortEvent) -> CohortEvent:
    return CohortEvent.objects.select_for_update().select_related("organization").get(pk=event.pk)


@transaction.atomic
def create_event(
    *,
    cohort: Cohort,
    actor: User | None,
    kind: str,
    title: str,
    start: datetime,
    minutes: int = 120,
    place: str = "",
    online_link: str = "",
    agenda: str = "",
) -> CohortEvent:
    """A planned event of ``cohort``; nobody hears of it until :func:`invite`."""
    _require_place(place, online_link)
    event = CohortEvent.objects.create(
        organization_id=cohort.organization_id,
        cohort=cohort,
        kind=kind,
        title=title,
        start=start,
        minutes=minutes,
        place=place,
        online_link=online_link,
        agenda=agenda,
        created_by=actor,
    )
    audit.record(
        organization=cohort.organization,
        actor=actor,
        action="events.event.created",
        obj=event,
        changes={"kind": [None, kind], "start": [None, start.isoformat()]},
    )
    return event


@transaction.atomic
def update_event(
    *,
    event: CohortEvent,
    actor: User | None,
    title: str,
    start: datetime,
    minutes: int,
    place: str = "",
    online_link: str = "",
    agenda: str = "",
) -> CohortEvent:
    """New details; if anything changed, SEQUENCE goes up and the invitees get the update."""
    locked = _locked(event)
    _require_planned(locked)
    _require_place(place, online_link)
    new = {
        "title": title,
        "start": start,
        "minutes": minutes,
        "place": place,
        "online_link": online_link,
        "agenda": agenda,
    }
    changed = [name for name in EDITABLE if getattr(locked, name) != new[name]]
    if not changed:
        return locked
    before_start = locked.start
    for name in changed:
        setattr(locked, name, new[name])
    locked.sequence += 1
    locked.save(update_fields=[*changed, "sequence", "updated"])
    audit.record(
        organization=locked.organization,
        actor=actor,
        action="events.event.changed",
        obj=locked,
        changes={
            "fields": [None, changed],
            "start": [before_start.isoformat(), locked.start.isoformat()],
            "sequence": [None, locked.sequence],
        },
    )
    _enqueue(locked)
    return locked


@transaction.atomic
def cancel_event(*, event: CohortEvent, actor: User | None) -> CohortEvent:
    """Cancel the event; every invitee's calendar gets METHOD:CANCEL."""
    locked = _locked(event)
    _require_planned(locked)
    locked.state = EventState.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["state", "sequence", "updated"])
    audit.record(
        organization=locked.organization,
        actor=actor,
        action="events.event.cancelled",
        obj=locked,
        changes={"state": [EventState.PLANNED, EventState.CANCELLED]},
    )
    _enqueue(locked)
    return locked


@transaction.atomic
def invite(*, event: CohortEvent, actor: User | None) -> int:
    """Invite everyone in the event's audience not invited yet; returns how many were new.

    Run it again after more people were admitted: only they are added (and mailed).
    """
    locked = _locked(event)
    _require_planned(locked)
    invited = EventInvitation.objects.filter(event=locked).values("enrollment_id")
    missing = list(audience(locked).exclude(pk__in=invited).values_list("pk", flat=True))
    EventInvitation.objects.bulk_create(
        [
            EventInvitation(organization_id=locked.organization_id, event=locked, enrollment_id=pk)
            for pk in missing
        ],
        ignore_conflicts=True,  # a concurrent invite of the same person changes nothing
    )
    if missing:
        audit.record(
            organization=locked.organization,
            actor=actor,
            action="events.event.invited",
            obj=locked,
            changes={"invited": [None, len(missing)]},
        )
        _enqueue(locked)
    return len(missing)


@transaction.atomic
def respond(*, invitation: EventInvitation, actor: User, response: str) -> EventInvitation:
    """The participant's answer: yes, no or maybe, until the event begins."""
    if response not in (Rsvp.YES, Rsvp.NO, Rsvp.MAYBE):
        raise ValidationError(_("Please answer yes, no or maybe."))
    event = invitation.event
    _require_planned(event)
    if event.start <= timezone.now():
        raise ValidationError(_("This event has already begun."))
    before = invitation.response
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "responded_at"])
    audit.record(
        organization=event.organization,
        actor=actor,
        action="events.invitation.answered",
        obj=event,
        changes={"response": [before or None, response]},
    )
    return invitation


@transaction.atomic
def record_attendance(
    *, event: CohortEvent, actor: User | None, attended: Mapping[int, bool | None]
) -> int:
    """Who attended (True), who did not (False), not known (None), by invitation id.

    Only for an event that has begun; returns how many records changed.
    """
    _require_planned(event)
    if event.start > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the event has begun."))
    invitations = list(EventInvitation.objects.filter(event=event, pk__in=attended))
    changed = [i for i in invitations if i.attended != attended[i.pk]]
    for invitation in changed:
        invitation.attended = attended[invitation.pk]
    EventInvitation.objects.bulk_update(changed, ["attended"])
    if changed:
        audit.record(
            organization=event.organization,
            actor=actor,
            action="events.attendance.recorded",
            obj=event,
            changes={"records": [None, len(changed)]},
        )
    return len(changed)
