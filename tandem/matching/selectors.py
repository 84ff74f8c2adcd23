"""Reads for the matching pages: runs, decisions, the pool, published tandems."""

from django.db.models import F, Q, QuerySet

from tandem.accounts.models import User
from tandem.core.collation import alphabetical
from tandem.core.models import Organization
from tandem.matching.models import MatchingRun, PairDecision, RunStatus
from tandem.programs.models import Cohort, Registration, RegistrationStatus, Tandem


def cohort_runs(cohort: Cohort) -> QuerySet[MatchingRun]:
    """The cohort's runs, newest first, with their quality summary but not the whole result."""
    return (
        MatchingRun.objects.filter(cohort=cohort)
        .select_related("started_by")
        .defer("result")
        .annotate(summary=F("result__quality"))
        .order_by("-number")
    )


def finished_runs(cohort: Cohort) -> QuerySet[MatchingRun]:
    return cohort_runs(cohort).filter(status=RunStatus.DONE)


def cohort_decisions(cohort: Cohort) -> QuerySet[PairDecision]:
    return (
        PairDecision.objects.filter(cohort=cohort)
        .select_related("mentor__employee", "mentee__employee", "decided_by")
        .order_by("-created", "-id")
    )


def admitted(cohort: Cohort) -> list[Registration]:
    return list(
        Registration.objects.filter(
            cohort=cohort, status=RegistrationStatus.ADMITTED
        ).select_related("employee")
    )


def cohort_tandems(cohort: Cohort) -> QuerySet[Tandem]:
    """Published tandems with both partners, for the answers page."""
    return (
        Tandem.objects.filter(cohort=cohort)
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .order_by(
            "state",
            *alphabetical("mentee__employee__last_name", "mentee__employee__first_name"),
            "id",
        )
    )


def tandems_of(user: User, organization: Organization) -> QuerySet[Tandem]:
    """The user's own tandems in ``organization``, as mentor or mentee."""
    return (
        Tandem.objects.filter(organization=organization)
        .filter(Q(mentor__employee__user=user) | Q(mentee__employee__user=user))
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .order_by("-created")
    )
