"""Program health without the ORM: the meeting plan, tandems at risk, averages over ≥ k people.

The program team sees *that* meetings happen and how they are rated on
average, never what was said. An average is shown only when at least ``K``
distinct people stand behind it (PRIV-01); if exactly one of the mentors' and
mentees' averages is hidden, the overall one is hidden too, because the
hidden one could otherwise be recovered by subtraction (PRIV-02).
Dates are local calendar dates (Europe/Berlin), so a change to or from summer
time moves nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tandem.core.anonymity import K, cell, suppress

# A held meeting without any feedback counts as missing feedback after this many days.
FEEDBACK_GRACE_DAYS = 7
# No held meeting for this many cadence periods puts a tandem at risk.
QUIET_PERIODS = 2


@dataclass(frozen=True)
class Average:
    """A mean rating and the number of distinct people behind it; ``value`` is None when hidden."""

    value: float | None
    people: int

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Group:
    """Raw numbers of one group of raters: the sum and count of ratings and the distinct people."""

    total: int
    ratings: int
    people: int

    @property
    def mean(self) -> float | None:
        return self.total / self.ratings if self.ratings else None

    def __add__(self, other: "Group") -> "Group":
        # Mentors and mentees are different people, so their counts of people add up.
        return Group(
            self.total + other.total, self.ratings + other.ratings, self.people + other.people
        )


@dataclass(frozen=True)
class FeedbackAverages:
    mentors: Average
    mentees: Average
    overall: Average


def feedback_averages(*, mentors: Group, mentees: Group, k: int = K) -> FeedbackAverages:
    """The averages the program team may see; nothing from fewer than ``k`` people."""
    overall = mentors + mentees
    hidden = suppress(
        [
            cell("mentors", {"mentors"}, mentors.people),
            cell("mentees", {"mentees"}, mentees.people),
            cell("overall", {"mentors", "mentees"}, overall.people),
        ],
        k,
    )

    def average(key: str, group: Group) -> Average:
        mean = group.mean
        if key in hidden or mean is None:
            return Average(None, group.people)
        return Average(round(mean, 1), group.people)

    return FeedbackAverages(
        average("mentors", mentors), average("mentees", mentees), average("overall", overall)
    )


# --- the meeting plan -----------------------------------------------------------------------


def plan_start(*, kickoff: date, accepted: date) -> date:
    """A tandem's plan starts at the kick-off or when it was accepted, whichever is later."""
    return max(kickoff, accepted)


def expected_meetings(*, start: date, today: date, wrapup: date, interval_weeks: int) -> int:
    """Meetings the cadence asks for by ``today``: one per full period since ``start``."""
    end = min(today, wrapup)
    if end <= start:
        return 0
    return (end - start).days // (7 * interval_weeks)


class Pace(StrEnum):
    ON_TRACK = "on_track"
    ONE_BEHIND = "one_behind"
    BEHIND = "behind"


def pace(*, expected: int, held: int) -> Pace:
    missing = expected - held
    if missing <= 0:
        return Pace.ON_TRACK
    return Pace.ONE_BEHIND if missing == 1 else Pace.BEHIND


def quiet_too_long(
    *, start: date, last_held: date | None, today: date, wrapup: date, interval_weeks: int
) -> bool:
    """No held meeting for two cadence periods (counted from the plan's start if none yet)."""
    if today > wrapup:
        return False
    since = max(start, last_held) if last_held else start
    return today - since >= timedelta(weeks=QUIET_PERIODS * interval_weeks)


class Risk(StrEnum):
    QUIET = "quiet"
    DOES_NOT_FIT = "does_not_fit"
    FEEDBACK_MISSING = "feedback_missing"


# Risks a partner raised themselves: named to the program team at every level (PRIV-04).
ASKED_FOR = frozenset({Risk.DOES_NOT_FIT})


def named(risks: tuple[Risk, ...], *, activity: bool) -> tuple[Risk, ...]:
    """The risks the program team sees by name: those a partner raised, and signs of activity
    (no meetings, no feedback) only where the organisation allows per-person monitoring."""
    return risks if activity else tuple(risk for risk in risks if risk in ASKED_FOR)
