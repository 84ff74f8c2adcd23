"""A cohort's results as plain data: what the dashboard, the PDF report and the exports show.

Pure: no Django, no queries (``selectors.cohort_results`` gathers the inputs).
Every number here is either a count of the cohort's own organisation
(people taking part, tandems, meetings, event attendance) or an aggregate
over answers that ``core.anonymity`` has already let through: a value of
``None`` means *withheld* (fewer than k people, or computable from what is
shown), and renderers say so instead of drawing it (ECO-08, PRIV-01).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

# Growth comes suppressed from the survey results (pure too), hidden as None over 0 people:
# the same type here, not a copy that has to keep that rule in step.
from tandem.surveys.results import Growth

MIDTERM, FINAL = "midterm", "final"


@dataclass(frozen=True)
class Participation:
    """How many took part: counts of the organisation's own records, no answers."""

    mentors_registered: int
    mentees_registered: int
    mentors: int  # in a tandem that both partners accepted (also one ended early)
    mentees: int
    tandems: int  # accepted tandems
    completed: int  # accepted tandems that were not ended early
    ended_early: int


@dataclass(frozen=True)
class Meetings:
    """Meetings held by the accepted tandems against the cadence plan, up to wrap-up or today."""

    expected: int
    held: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.held / self.expected) if self.expected else None


@dataclass(frozen=True)
class Satisfaction:
    """The mean of one rating question (1–5) for one group at one phase; None: withheld."""

    phase: str  # midterm or final
    group: str  # surveys.results.MENTOR, MENTEE or ALL
    people: int  # 0 when withheld: not even how many
    mean: float | None


@dataclass(frozen=True)
class EventAttendance:
    kind: str
    title: str
    day: date
    invited: int
    attended: int | None  # None: attendance not recorded yet, or withheld
    withheld: bool = False  # attended is None because fewer than k were invited


@dataclass(frozen=True)
class Taught:
    """A topic mentors taught in accepted tandems, and in how many."""

    topic: str
    label: str
    tandems: int


def offers(mentor_levels: Mapping[str, object], verified: Mapping[str, object], topic: str) -> bool:
    """Does a mentor offer ``topic``: a level 1–5, the verified one taking precedence."""
    return _level(verified.get(topic, mentor_levels.get(topic))) is not None


def wants(goals: Mapping[str, object], topic: str) -> bool:
    """Does a mentee name ``topic`` as a learning goal (priority 1–5)?"""
    return _level(goals.get(topic)) is not None


def _level(value: object) -> int | None:
    try:
        level = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return level if 1 <= level <= 5 else None


@dataclass(frozen=True)
class CohortResults:
    """Everything a cohort's results show, already suppressed."""

    program: str
    cohort: str
    kickoff: date
    wrapup: date
    state: str
    k: int
    participation: Participation
    meetings: Meetings
    satisfaction: tuple[Satisfaction, ...]
    growth: tuple[Growth, ...]  # mentees' self-assessment at registration and in the final survey
    overall_growth: Growth | None
    events: tuple[EventAttendance, ...]
    taught: tuple[Taught, ...]
    quotes: tuple[str, ...] = ()  # only those both partners agreed to publish
    lessons: tuple[str, ...] = ()
