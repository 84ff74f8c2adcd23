"""The only bridge between the ORM and the matching engine.

:func:`build_problem` turns a cohort's admitted run participants, the organisation's org
chart, earlier pairings and the program team's pair decisions into an engine
:class:`~tandem.matching.engine.Problem`. The org chart is read with a
constant number of ``values_list`` queries however large the organisation is.
:func:`proposals` and :func:`compare` turn stored results back into rows for
the pages, with each person's registration fetched in one query.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import F, QuerySet

from tandem.core.collation import sorted_alphabetically
from tandem.matching.engine import (
    Mentee,
    Mentor,
    Org,
    Pair,
    Problem,
    Quality,
    Reason,
    Result,
    Rules,
    Unmatched,
    Weights,
)
from tandem.matching.models import MatchingRun, PairDecision, PairKind
from tandem.people.models import Employee
from tandem.programs.models import (
    STYLE_QUESTIONS,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Role,
    Tandem,
    TandemState,
    Topic,
)

STYLE_KEYS = tuple(key for key, _question in STYLE_QUESTIONS)
LEVELS = range(1, 6)


# --- cohort → problem -----------------------------------------------------------------


def rules_of(cohort: Cohort) -> Rules:
    return Rules(
        reporting_line=cohort.rule_reporting_line,
        same_team=cohort.rule_same_team,
        appraisal=cohort.rule_appraisal,
        same_department=cohort.rule_same_department,
        shared_language=cohort.rule_shared_language,
        common_availability=cohort.rule_common_availability,
        earlier_pairing=cohort.rule_earlier_pairing,
        excluded=True,
    )


def weights_of(cohort: Cohort) -> Weights:
    return Weights(
        topic=cohort.weight_topic,
        style=cohort.weight_style,
        availability=cohort.weight_availability,
        cross_department=cohort.weight_cross_department,
        location=cohort.weight_location,
    )


def settings_of(cohort: Cohort) -> dict[str, Any]:
    """The matching settings a run was computed under, for the record and comparisons."""
    return {
        "rules": asdict(rules_of(cohort)),
        "weights": asdict(weights_of(cohort)),
        "objective": cohort.objective,
    }


def run_participants(cohort: Cohort, *, rematch: bool = False) -> QuerySet[Enrollment]:
    """The admitted registrations taking part in a run.

    A re-match leaves published tandems alone: only mentees without an active
    tandem and mentors with a free seat take part.
    """
    admitted = Enrollment.objects.filter(cohort=cohort, status=EnrollmentStatus.ADMITTED)
    if not rematch:
        return admitted
    active = Tandem.objects.filter(cohort=cohort).exclude(state=TandemState.DISSOLVED)
    return admitted.exclude(role=Role.MENTEE, pk__in=active.values("mentee_id")).exclude(
        role=Role.MENTOR, taken__gte=F("capacity")
    )


def run_size(cohort: Cohort, *, rematch: bool = False) -> dict[str, int]:
    counts = dict.fromkeys((Role.MENTOR.value, Role.MENTEE.value), 0)
    for role in run_participants(cohort, rematch=rematch).values_list("role", flat=True):
        counts[role] += 1
    return {"mentors": counts[Role.MENTOR], "mentees": counts[Role.MENTEE]}


def _levels(values: Mapping[str, Any]) -> dict[str, int]:
    """Topic → level, keeping only whole levels 1–5 (anything else is not an answer)."""
    levels = {}
    for key, value in values.items():
        try:
            level = int(value)
        except (TypeError, ValueError):
            continue
        if level in LEVELS:
            levels[str(key)] = level
    return levels


def _style(answers: Mapping[str, Any]) -> tuple[float, ...]:
    """The questionnaire in STYLE_QUESTIONS order; incomplete answers count as none."""
    try:
        values = tuple(float(answers[key]) for key in STYLE_KEYS)
    except (KeyError, TypeError, ValueError):
        return ()
    return values if all(1 <= value <= 5 for value in values) else ()


def _personal(enrollment: Enrollment) -> dict[str, Any]:
    employee = enrollment.employee
    return {
        "team": employee.team or None,
        "department": employee.department or None,
        "languages": frozenset(enrollment.languages or employee.languages or ()),
        "availability": frozenset(enrollment.availability or ()),
        "style": _style(enrollment.style or {}),
        "location": enrollment.location or employee.location or None,
        "remote": enrollment.remote_ok,
    }


def _org_chart(cohort: Cohort) -> Org:
    """Everyone's supervisor and the appraisal relations, in two queries."""
    employees = Employee.objects.filter(organization_id=cohort.organization_id)
    supervisors = dict(employees.values_list("employee_id", "supervisor__employee_id"))
    appraisals = Employee.appraisers.through.objects.filter(
        from_employee__organization_id=cohort.organization_id
    ).values_list("from_employee__employee_id", "to_employee__employee_id")
    appraisers: dict[str, set[str]] = {}
    for appraisee, appraiser in appraisals:
        appraisers.setdefault(appraisee, set()).add(appraiser)
    return Org(
        supervisors=supervisors,
        appraisers={key: frozenset(value) for key, value in appraisers.items()},
    )


def _earlier_pairs(
    cohort: Cohort, mentor_ids: Iterable[str], mentee_ids: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    """Tandems of the same two people in the organisation's other cohorts."""
    pairs = (
        Tandem.objects.filter(
            organization_id=cohort.organization_id,
            mentor__employee__employee_id__in=list(mentor_ids),
            mentee__employee__employee_id__in=list(mentee_ids),
        )
        .exclude(cohort=cohort)
        .values_list("mentor__employee__employee_id", "mentee__employee__employee_id")
        .distinct()
    )
    return tuple(sorted(pairs))


def _decisions(
    cohort: Cohort, mentors: Mapping[str, Mentor], mentees: Iterable[str]
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Fixed and excluded pairs among the people taking part.

    Decisions about people outside this run (a re-match) are left out, and so
    are fixed pairs beyond a mentor's remaining seats.
    """
    present = set(mentees)
    fixed: list[tuple[str, str]] = []
    excluded: list[tuple[str, str]] = []
    seats = {mentor_id: mentor.capacity for mentor_id, mentor in mentors.items()}
    rows = (
        PairDecision.objects.filter(cohort=cohort)
        .order_by("created", "id")
        .values_list("mentor__employee__employee_id", "mentee__employee__employee_id", "kind")
    )
    for mentor_id, mentee_id, kind in rows:
        if mentor_id not in mentors or mentee_id not in present:
            continue
        if kind == PairKind.EXCLUDED:
            excluded.append((mentor_id, mentee_id))
        elif seats[mentor_id] > 0:
            seats[mentor_id] -= 1
            fixed.append((mentor_id, mentee_id))
    return tuple(fixed), tuple(excluded)


def build_problem(cohort: Cohort, *, rematch: bool = False) -> Problem:
    """The engine's problem for ``cohort``: a constant number of queries.

    In a re-match, mentors take part with their remaining seats only.
    """
    mentors: dict[str, Mentor] = {}
    mentees: dict[str, Mentee] = {}
    for enrollment in run_participants(cohort, rematch=rematch).select_related("employee"):
        person_id = enrollment.employee.employee_id
        if enrollment.role == Role.MENTOR:
            seats = enrollment.capacity - (enrollment.taken if rematch else 0)
            mentors[person_id] = Mentor(
                id=person_id,
                capacity=max(seats, 1),
                topics=_levels(enrollment.topics or {}),
                verified=_levels(enrollment.verified or {}),
                **_personal(enrollment),
            )
        else:
            goals = _levels(enrollment.goals or {})
            # A topic named both as a goal and as declined counts as a goal.
            declined = {str(key) for key in enrollment.declined_topics or ()} - set(goals)
            mentees[person_id] = Mentee(
                id=person_id, goals=goals, declined=frozenset(declined), **_personal(enrollment)
            )
    fixed, excluded = _decisions(cohort, mentors, mentees)
    return Problem(
        mentors=tuple(mentors.values()),
        mentees=tuple(mentees.values()),
        org=_org_chart(cohort),
        rules=rules_of(cohort),
        weights=weights_of(cohort),
        fixed=fixed,
        excluded=excluded,
        earlier=_earlier_pairs(cohort, mentors, mentees),
        objective=cohort.objective,  # type: ignore[arg-type]
    )


def result_from_dict(data: Mapping[str, Any]) -> Result:
    """A stored ``result_to_dict`` back as the engine's :class:`Result` (for ``why_not``)."""
    return Result(
        tandems=tuple(
            Pair(
                mentor=row["mentor"],
                mentee=row["mentee"],
                score=row["score"],
                components=row["components"],
                reasons=tuple(Reason(**reason) for reason in row["reasons"]),
                fixed=row["fixed"],
                violations=tuple(row["violations"]),
            )
            for row in data["tandems"]
        ),
        unmatched=tuple(Unmatched(**row) for row in data["unmatched"]),
        quality=Quality(**data["quality"]),
    )


# --- result → pages -------------------------------------------------------------------


@dataclass
class Proposal:
    """One proposed tandem of a run, with both registrations."""

    mentor: Enrollment
    mentee: Enrollment
    score: float
    components: dict[str, float]
    reasons: list[dict[str, Any]]
    fixed: bool = False
    violations: list[str] = field(default_factory=list)


@dataclass
class Left:
    """A participant of a run without a partner."""

    enrollment: Enrollment
    entry: dict[str, Any]


@dataclass
class RunView:
    proposals: list[Proposal]
    unmatched: list[Left]
    quality: dict[str, Any]


def enrollments_by_employee_id(cohort: Cohort, ids: Iterable[str]) -> dict[str, Enrollment]:
    """The cohort's registrations of the people named by HRIS id: one query."""
    rows = Enrollment.objects.filter(
        cohort=cohort, employee__employee_id__in=sorted(set(ids))
    ).select_related("employee", "employee__user")
    return {row.employee.employee_id: row for row in rows}


def topic_catalogue(cohort: Cohort) -> dict[str, Topic]:
    return {topic.key: topic for topic in Topic.objects.filter(organization=cohort.organization_id)}


def people_in(result: Mapping[str, Any]) -> set[str]:
    ids = {row["mentor"] for row in result.get("tandems", ())}
    ids |= {row["mentee"] for row in result.get("tandems", ())}
    ids |= {row["id"] for row in result.get("unmatched", ())}
    return ids


def run_view(run: MatchingRun) -> RunView:
    """The run's proposals (best first) and the people left out, ready for a template."""
    result = run.result or {}
    people = enrollments_by_employee_id(run.cohort, people_in(result))
    proposals = [
        Proposal(
            mentor=people[row["mentor"]],
            mentee=people[row["mentee"]],
            score=row["score"],
            components=row["components"],
            reasons=row["reasons"],
            fixed=row["fixed"],
            violations=row["violations"],
        )
        for row in result.get("tandems", ())
        if row["mentor"] in people and row["mentee"] in people
    ]
    proposals = sorted_alphabetically(
        proposals,
        key=lambda p: (-p.score, p.mentee.employee.last_name, p.mentee.employee.first_name),
    )
    left = [
        Left(enrollment=people[row["id"]], entry=row)
        for row in result.get("unmatched", ())
        if row["id"] in people
    ]
    left = sorted_alphabetically(
        left,
        key=lambda item: (
            item.entry["role"],
            item.enrollment.employee.last_name,
            item.enrollment.employee.first_name,
        ),
    )
    return RunView(proposals=proposals, unmatched=left, quality=dict(result.get("quality", {})))


@dataclass
class PairChange:
    mentor: Enrollment
    mentee: Enrollment
    score: float | None
    other_score: float | None

    @property
    def change(self) -> float | None:
        if self.score is None or self.other_score is None:
            return None
        return self.other_score - self.score


@dataclass
class Comparison:
    only_first: list[PairChange]
    only_second: list[PairChange]
    common: list[PairChange]
    quality: list[tuple[str, Any, Any]]


QUALITY_KEYS = (
    "total",
    "mean",
    "min",
    "max",
    "matched_mentees",
    "unmatched_mentees",
    "blocking_pairs",
    "violations",
    "fixed_violations",
    "optimal",
)


def compare(first: MatchingRun, second: MatchingRun) -> Comparison:
    """Pairs only in one run, pairs in both with their score change, quality side by side."""

    def scores(run: MatchingRun) -> dict[tuple[str, str], float]:
        return {(row["mentor"], row["mentee"]): row["score"] for row in run.result["tandems"]}

    a, b = scores(first), scores(second)
    people = enrollments_by_employee_id(first.cohort, {person for pair in a | b for person in pair})

    def changes(pairs: Iterable[tuple[str, str]]) -> list[PairChange]:
        rows = [
            PairChange(
                people[mentor], people[mentee], a.get((mentor, mentee)), b.get((mentor, mentee))
            )
            for mentor, mentee in pairs
            if mentor in people and mentee in people
        ]
        return sorted_alphabetically(
            rows, key=lambda row: (row.mentee.employee.last_name, row.mentor.employee.last_name)
        )

    quality = [(key, first.quality.get(key), second.quality.get(key)) for key in QUALITY_KEYS]
    return Comparison(
        only_first=changes(a.keys() - b.keys()),
        only_second=changes(b.keys() - a.keys()),
        common=changes(a.keys() & b.keys()),
        quality=quality,
    )
