"""Reads for the tandem's pages: its meetings with what was written, the start-page card, quotes."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.selectors import of_user
from tandem.programs.models import Cohort, Role, Tandem, running, took_part
from tandem.workspace.models import Feedback, Quote, Takeaway


@dataclass(frozen=True)
class MeetingList:
    upcoming: list[Meeting]
    past: list[Meeting]


def tandem_meetings(tandem: Tandem, *, reader: Role) -> MeetingList:
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
    upcoming = [m for m in meetings if m.end >= now and m.is_open]  # not held, not cancelled
    past = [m for m in reversed(meetings) if m not in upcoming]
    return MeetingList(upcoming, past)


def workspaces_of(user: User, organization: Organization) -> QuerySet[Tandem]:
    """The user's accepted tandems with their next open meetings, for the start page."""
    upcoming = Meeting.objects.filter(
        start__gte=timezone.now(), state__in=(MeetingState.PLANNED, MeetingState.MOVED)
    ).order_by("start")
    return (
        Tandem.objects.filter(running(), organization=organization)
        .filter(of_user(user))
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .prefetch_related(Prefetch("meetings", queryset=upcoming, to_attr="next_meetings"))
        .order_by("-created")
    )


def published_quotes(cohort: Cohort) -> list[str]:
    """The words of every quote both partners agree to, of tandems that took part (one query).

    Tandems ended early count; proposals that never started do not. Sorted alphabetically,
    whatever the database's collation, so that the order says nothing about who wrote first.
    """
    texts = Quote.objects.filter(
        took_part("tandem__"), tandem__cohort=cohort, mentor_agreed=True, mentee_agreed=True
    ).values_list("text", flat=True)
    return sorted(texts, key=lambda text: (text.casefold(), text))
