"""What meetings do when something happens to a tandem in a lower app."""

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from tandem.accounts.models import User
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.meetings.series import cancel_series
from tandem.meetings.services import cancel_meeting
from tandem.programs.models import Tandem
from tandem.programs.signals import tandem_ended


@receiver(tandem_ended)
def cancel_ahead(*, tandem: Tandem, actor: User, **_kwargs: Any) -> int:
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
