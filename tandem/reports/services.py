"""The program team's interventions in a running cohort: ending a tandem early."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.matching.services import dissolve_tandem
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.meetings.services import cancel_meeting, cancel_series
from tandem.programs.models import EndReason, Tandem
from tandem.reports import tasks


def _cancel_ahead(*, tandem: Tandem, actor: User) -> int:
    """Cancel the tandem's meetings still ahead: single dates one by one, each series as a whole.

    Both go through the partners' own cancel operations, so calendars hear of it the same
    way (CANCEL for a date; a series keeps its past dates and loses the rest, ADR 0008).
    """
    ahead = Meeting.objects.filter(
        tandem=tandem,
        state__in=(MeetingState.PLANNED, MeetingState.MOVED),
        start__gte=timezone.now(),
    )
    count = ahead.count()
    for meeting in ahead.filter(series__isnull=True):
        cancel_meeting(meeting=meeting, actor=actor)
    series_ids = ahead.filter(series__isnull=False).values("series_id")
    for series in MeetingSeries.objects.filter(pk__in=series_ids).order_by("pk"):
        cancel_series(series=series, actor=actor)
    return count


@transaction.atomic
def end_tandem_early(*, tandem: Tandem, actor: User, reason: str, note: str = "") -> Tandem:
    """End an active tandem before wrap-up: seat freed, meetings ahead cancelled, partners told.

    The note is the program team's own words and stays with the program team; the
    partners learn the category of the reason only. A second call changes nothing.
    """
    if reason not in EndReason.values:
        raise ValidationError(_("Please choose a reason."))
    locked = (
        Tandem.objects.select_related("cohort__organization")
        .select_for_update(of=("self",))
        .filter(pk=tandem.pk)
        .first()
    )
    if locked is None or not locked.active:
        raise ValidationError(_("This tandem has already ended."))
    dissolve_tandem(tandem=locked, actor=actor)
    locked.end_reason, locked.end_note, locked.ended_by = reason, note.strip(), actor
    locked.save(update_fields=["end_reason", "end_note", "ended_by"])
    cancelled = _cancel_ahead(tandem=locked, actor=actor)
    audit.record(
        organization=locked.cohort.organization,
        actor=actor,
        action="meetings.tandem.ended_early",
        obj=locked,
        # The note is free text: the log keeps only that there was one.
        changes={
            "end_reason": [None, reason],
            "note": [None, bool(locked.end_note)],
            "meetings_cancelled": [None, cancelled],
        },
    )
    transaction.on_commit(lambda: tasks.send_tandem_ended.enqueue(locked.pk))
    return locked
