"""Program health: that meetings happen, never what was said (ADR 0010).

Reads in a fixed number of queries; the rules are pure, in ``health_rules``.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db.models import Aggregate, Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.calendars.schedule import to_local
from tandem.core import anonymity
from tandem.core.models import HealthDetail
from tandem.matching import adapters
from tandem.meetings.models import Meeting, MeetingState
from tandem.programs.models import Cohort, Role, Tandem, TandemState
from tandem.reports import health_rules as health
from tandem.workspace.models import Feedback, FitCheck

ENDED_EARLY = "ended_early"
# The states in the order a cohort goes through them; a dissolved tandem without a reason
# gave way to a re-match after a change request.
STATUS_LABELS: dict[str, Promise] = {
    TandemState.PROPOSED: _("waiting for both answers"),
    TandemState.ACCEPTED: _("accepted, meeting"),
    TandemState.CHANGE_REQUESTED: _("change requested"),
    ENDED_EARLY: _("ended early by the program team"),
    TandemState.DISSOLVED: _("dissolved for a re-match"),
}


@dataclass(frozen=True)
class TandemHealth:
    """One tandem as the program team sees it: who is in it and whether meetings happen."""

    tandem: Tandem
    status: str
    expected: int
    held: int
    risks: tuple[health.Risk, ...]

    @property
    def pace(self) -> health.Pace:
        return health.pace(expected=self.expected, held=self.held)

    @property
    def emails(self) -> list[str]:
        people = (self.tandem.mentor.employee, self.tandem.mentee.employee)
        return [p.contact_email for p in people if p.contact_email]


@dataclass(frozen=True)
class CohortHealth:
    by_status: list[tuple[str, Promise, int]]
    expected: int
    held: int
    pace: dict[str, int]
    feedback: health.FeedbackAverages
    at_risk: list[TandemHealth]
    # Tandems per risk, named or not: what the program team may know without names.
    risk_counts: dict[str, int]
    # Whether signs of activity are named per tandem (Organization.health_detail).
    names_activity: bool
    mentees_without_tandem: int
    tandems: int
    k: int  # the organisation's minimum group size for averages


@dataclass(frozen=True)
class _Facts:
    """What program health needs to know of one tandem's meetings."""

    held: int = 0
    last_held: datetime | None = None
    feedback_missing: bool = False
    does_not_fit: bool = False


def _facts(cohort: Cohort) -> dict[int, _Facts]:
    """Per tandem of the cohort: meetings held, the last one, feedback missing, "does not fit".

    Three grouped queries rather than subqueries per tandem: correlated subqueries
    under the tenant filter send SQLite's planner (without ANALYZE statistics) to the
    organisation index once per tandem, seconds for a cohort of 1,000 (benchmarks/results.py).
    """
    held = Meeting.objects.filter(tandem__cohort=cohort, state=MeetingState.HELD).order_by()
    grace = timezone.now() - timedelta(days=health.FEEDBACK_GRACE_DAYS)
    unrated = set(
        held.filter(start__lt=grace, feedback__isnull=True)
        .values_list("tandem_id", flat=True)
        .distinct()
    )
    misfits = set(
        FitCheck.objects.filter(tandem__cohort=cohort, fits=False).values_list(
            "tandem_id", flat=True
        )
    )
    facts = {
        row["tandem_id"]: _Facts(
            row["n"], row["last"], row["tandem_id"] in unrated, row["tandem_id"] in misfits
        )
        for row in held.values("tandem_id").annotate(n=Count("pk"), last=Max("start"))
    }
    for tandem_id in misfits - facts.keys():
        facts[tandem_id] = _Facts(does_not_fit=True)
    return facts


def _health_tandems(cohort: Cohort) -> QuerySet[Tandem]:
    return (
        Tandem.objects.filter(cohort=cohort)
        .select_related("mentor__employee__user", "mentee__employee__user")
        .order_by("created", "id")
    )


def _status(tandem: Tandem) -> str:
    return ENDED_EARLY if tandem.ended_early else tandem.state


def _tandem_health(tandem: Tandem, facts: _Facts, cohort: Cohort, today: date) -> TandemHealth:
    held, does_not_fit = facts.held, facts.does_not_fit
    if tandem.state != TandemState.ACCEPTED:
        risks = [health.Risk.DOES_NOT_FIT] if tandem.active and does_not_fit else []
        return TandemHealth(tandem, _status(tandem), 0, held, tuple(risks))
    start = health.plan_start(
        kickoff=cohort.kickoff, accepted=timezone.localdate(tandem.accepted or tandem.created)
    )
    last_held = facts.last_held
    interval = cohort.meeting_interval_weeks
    checks = {
        health.Risk.QUIET: health.quiet_too_long(
            start=start,
            last_held=to_local(last_held).date() if last_held else None,
            today=today,
            wrapup=cohort.wrapup,
            interval_weeks=interval,
        ),
        health.Risk.DOES_NOT_FIT: does_not_fit,
        health.Risk.FEEDBACK_MISSING: facts.feedback_missing,
    }
    expected = health.expected_meetings(
        start=start, today=today, wrapup=cohort.wrapup, interval_weeks=interval
    )
    return TandemHealth(
        tandem, _status(tandem), expected, held, tuple(risk for risk, on in checks.items() if on)
    )


def _feedback(cohort: Cohort, k: int) -> health.FeedbackAverages:
    """Mean ratings by mentors and by mentees: one query, distinct people counted per side."""
    sides = {
        Role.MENTOR: "meeting__tandem__mentor",
        Role.MENTEE: "meeting__tandem__mentee",
    }
    aggregates: dict[str, Aggregate] = {}
    for side, person in sides.items():
        of_side = Q(author=side)
        aggregates[f"{side}_total"] = Sum("rating", filter=of_side)
        aggregates[f"{side}_ratings"] = Count("pk", filter=of_side)
        aggregates[f"{side}_people"] = Count(person, filter=of_side, distinct=True)
    row = Feedback.objects.filter(meeting__tandem__cohort=cohort).aggregate(**aggregates)
    groups = {
        side: health.Group(row[f"{side}_total"] or 0, row[f"{side}_ratings"], row[f"{side}_people"])
        for side in sides
    }
    return health.feedback_averages(mentors=groups[Role.MENTOR], mentees=groups[Role.MENTEE], k=k)


def cohort_health(cohort: Cohort) -> CohortHealth:
    """The cohort's health in a fixed number of queries, whatever the number of tandems.

    Tandems at risk come in the order they were published, never ranked by activity, and
    are named only for the risks the organisation's level allows; every risk is counted
    (PRIV-04). Averages follow the organisation's minimum group size (never below 5).
    """
    k = anonymity.threshold(cohort.organization.min_group_size)
    today = timezone.localdate()
    facts = _facts(cohort)
    rows = [
        _tandem_health(t, facts.get(t.pk, _Facts()), cohort, today) for t in _health_tandems(cohort)
    ]
    activity = cohort.organization.health_detail == HealthDetail.ACTIVITY
    risk_counts = Counter(risk.value for row in rows for risk in row.risks)
    shown = [
        replace(row, risks=health.named(row.risks, activity=activity)) for row in rows if row.risks
    ]
    statuses = Counter(row.status for row in rows)
    accepted = [row for row in rows if row.status == TandemState.ACCEPTED]
    paces = Counter(row.pace for row in accepted)
    # The mentees a re-match would pair: the same pool the matching uses.
    without = adapters.run_participants(cohort, rematch=True).filter(role=Role.MENTEE).count()
    return CohortHealth(
        by_status=[(key, label, statuses[key]) for key, label in STATUS_LABELS.items()],
        expected=sum(row.expected for row in accepted),
        held=sum(row.held for row in accepted),
        pace={pace.value: paces[pace] for pace in health.Pace},
        feedback=_feedback(cohort, k),
        at_risk=[row for row in shown if row.risks],
        risk_counts={risk.value: risk_counts[risk.value] for risk in health.Risk},
        names_activity=activity,
        mentees_without_tandem=without,
        tandems=len(rows),
        k=k,
    )
