"""Reads for the meetings pages, the start-page card and the calendar feed."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import (
    Feedback,
    Meeting,
    MeetingSeries,
    MeetingState,
    PartnerRole,
    Takeaway,
)
from tandem.programs.models import Tandem, TandemState


@dataclass(frozen=True)
class MeetingList:
    upcoming: list[Meeting]
    past: list[Meeting]


def tandem_meetings(tandem: Tandem, *, reader: PartnerRole) -> MeetingList:
    """The tandem's meetings: open ones still ahead (soonest first), the rest (latest first).

    Each knows whether it has takeaways and whether ``reader`` gave feedback (never whose
    takeaways, nor the partner's feedback).
    """
    now = timezone.now()
    meetings: list[Meeting] = list(
        Meeting.objects.filter(tandem=tandem)
        .select_related("series")
        .annotate(
            has_takeaways=Exists(Takeaway.objects.filter(meeting=OuterRef("pk"))),
            has_my_feedback=Exists(Feedback.objects.filter(meeting=OuterRef("pk"), author=reader)),
        )
    )
    upcoming = [m for m in meetings if m.end >= now and m.state != MeetingState.HELD]
    past = [m for m in reversed(meetings) if m not in upcoming]
    return MeetingList(upcoming, past)


def running_series(tandem: Tandem) -> list[MeetingSeries]:
    """The tandem's series that still have a rhythm to change or cancel."""
    return list(MeetingSeries.objects.filter(tandem=tandem, ended__isnull=True).order_by("starts"))


def _of_user(user: User) -> Q:
    return Q(mentor__employee__user=user) | Q(mentee__employee__user=user)


def workspaces_of(user: User, organization: Organization) -> QuerySet[Tandem]:
    """The user's accepted tandems with their next open meetings, for the start page."""
    upcoming = Meeting.objects.filter(
        start__gte=timezone.now(), state__in=(MeetingState.PLANNED, MeetingState.MOVED)
    ).order_by("start")
    return (
        Tandem.objects.filter(organization=organization, state=TandemState.ACCEPTED)
        .filter(_of_user(user))
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .prefetch_related(Prefetch("meetings", queryset=upcoming, to_attr="next_meetings"))
        .order_by("-created")
    )


def feed_tandems(user: User, organization: Organization) -> QuerySet[Tandem]:
    """The user's tandems with every series and meeting, for the calendar feed."""
    return (
        Tandem.objects.filter(organization=organization)
        .filter(_of_user(user))
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .prefetch_related(
            Prefetch("meeting_series", queryset=MeetingSeries.objects.order_by("id")),
            Prefetch("meetings", queryset=Meeting.objects.order_by("start", "id")),
        )
    )
