"""Reads for the events pages: the team's list with answer counts, a participant's events."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.events.models import CohortEvent, EventInvitation, EventKind, EventState, Rsvp
from tandem.programs.models import Cohort, Enrollment, EnrollmentStatus, Role


def audience(event: CohortEvent) -> QuerySet[Enrollment]:
    """Who an event is for: the cohort's admitted mentors for an exchange, else all admitted."""
    people = Enrollment.objects.filter(cohort_id=event.cohort_id, status=EnrollmentStatus.ADMITTED)
    if event.mentors_only:
        people = people.filter(role=Role.MENTOR)
    return people


@dataclass(frozen=True)
class AudienceSizes:
    everyone: int
    mentors: int


def audience_sizes(cohort: Cohort) -> AudienceSizes:
    """How many admitted participants (and mentors) the cohort has: one query."""
    counts = Enrollment.objects.filter(cohort=cohort, status=EnrollmentStatus.ADMITTED).aggregate(
        everyone=Count("id"), mentors=Count("id", filter=Q(role=Role.MENTOR))
    )
    return AudienceSizes(counts["everyone"], counts["mentors"])


def _answered(response: str) -> Count:
    return Count("invitations", filter=Q(invitations__response=response))


def cohort_events(cohort: Cohort) -> QuerySet[CohortEvent]:
    """The cohort's events with answer counts and who said yes, in a fixed number of queries."""
    said_yes = EventInvitation.objects.filter(response=Rsvp.YES).select_related(
        "enrollment__employee"
    )
    return (
        CohortEvent.objects.filter(cohort=cohort)
        .annotate(
            invited=Count("invitations"),
            yes=_answered(Rsvp.YES),
            no=_answered(Rsvp.NO),
            maybe=_answered(Rsvp.MAYBE),
            unanswered=_answered(Rsvp.NONE),
            attended_count=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .prefetch_related(Prefetch("invitations", queryset=said_yes, to_attr="said_yes"))
        .order_by("start", "id")
    )


def attendance_list(event: CohortEvent) -> QuerySet[EventInvitation]:
    """Everyone invited to ``event``, by name, for recording attendance."""
    return EventInvitation.objects.filter(event=event).select_related("enrollment__employee")


def invitations_of(user: User, organization: Organization) -> QuerySet[EventInvitation]:
    """The user's invitations to events of cohorts they are admitted to, soonest first.

    A mentee never sees a mentor exchange, even if an invitation should exist.
    """
    return (
        EventInvitation.objects.filter(
            organization=organization,
            enrollment__employee__user=user,
            enrollment__status=EnrollmentStatus.ADMITTED,
        )
        .exclude(event__kind=EventKind.EXCHANGE, enrollment__role=Role.MENTEE)
        .select_related("event__cohort", "event__organization")
        .order_by("event__start", "event__id")
    )


def upcoming_invitations_of(user: User, organization: Organization) -> QuerySet[EventInvitation]:
    """The user's planned events still ahead, for the start-page card."""
    return invitations_of(user, organization).filter(
        event__state=EventState.PLANNED, event__start__gte=timezone.now()
    )
