"""Plain data in and out of the engine: the problem, the result and the explanations."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypedDict

type Objective = Literal["total", "fairness", "coverage"]
type Role = Literal["mentor", "mentee"]
type Detail = str | int | float | bool | tuple[str, ...]

OBJECTIVES: tuple[Objective, ...] = ("total", "fairness", "coverage")

# Score components, in the order they are reported.
COMPONENTS = ("topic", "style", "availability", "cross_department", "location")
GIVEN = "given"  # the only component when the problem carries precomputed scores

# Reason codes of the hard rules; the web layer translates them.
SAME_PERSON = "same_person"
REPORTING_LINE = "reporting_line"
SAME_TEAM = "same_team"
APPRAISAL = "appraisal"
SAME_DEPARTMENT = "same_department"
NO_SHARED_LANGUAGE = "no_shared_language"
NO_COMMON_AVAILABILITY = "no_common_availability"
NO_TOPIC_OVERLAP = "no_topic_overlap"
DECLINED_TOPIC = "declined_topic"
EARLIER_PAIRING = "earlier_pairing"
EXCLUDED = "excluded"
NO_SCORE = "no_score"

# Reason codes for people left without a partner.
NO_FEASIBLE_PARTNER = "no_feasible_partner"
CAPACITY = "capacity"
LOWER_SCORE = "lower_score"


class Personal(TypedDict):
    """The fields mentors and mentees share."""

    team: str | None
    department: str | None
    languages: frozenset[str]
    availability: frozenset[str]
    style: tuple[float, ...]
    location: str | None
    remote: bool


@dataclass(frozen=True)
class Mentor:
    """A (usually junior) participant who teaches; ``verified`` levels beat ``topics``."""

    id: str
    capacity: int = 1
    team: str | None = None
    department: str | None = None
    languages: frozenset[str] = frozenset()
    topics: Mapping[str, int] = field(default_factory=dict)
    verified: Mapping[str, int] = field(default_factory=dict)
    availability: frozenset[str] = frozenset()
    style: tuple[float, ...] = ()
    location: str | None = None
    remote: bool = True


@dataclass(frozen=True)
class Mentee:
    """A (usually senior) participant who learns; ``goals`` map topic → priority 1–5.

    ``declined`` names topics the mentee does not want to learn: they never count toward
    topic fit, and a mentor who offers nothing else is ruled out (``declined_topic``).
    """

    id: str
    team: str | None = None
    department: str | None = None
    languages: frozenset[str] = frozenset()
    goals: Mapping[str, int] = field(default_factory=dict)
    declined: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    style: tuple[float, ...] = ()
    location: str | None = None
    remote: bool = True


@dataclass(frozen=True)
class Org:
    """The org chart: each employee's supervisor (None at the top) and appraisal relations.

    ``appraisers[x]`` holds everyone involved in x's appraisal.
    """

    supervisors: Mapping[str, str | None] = field(default_factory=dict)
    appraisers: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    """Hard rules, each switchable; a pair breaking an active rule is never proposed."""

    reporting_line: bool = True
    same_team: bool = True
    appraisal: bool = True
    same_department: bool = False
    shared_language: bool = True
    common_availability: bool = False
    topic_overlap: bool = False
    declined_topic: bool = True
    earlier_pairing: bool = True
    excluded: bool = True


@dataclass(frozen=True)
class Weights:
    """Relative weights of the score components; the score is normalised to 0–100."""

    topic: float = 50.0
    style: float = 15.0
    availability: float = 15.0
    cross_department: float = 10.0
    location: float = 10.0


@dataclass(frozen=True)
class Problem:
    """Everything one matching run needs; pairs are ``(mentor_id, mentee_id)``."""

    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    org: Org = Org()
    rules: Rules = Rules()
    weights: Weights = Weights()
    fixed: tuple[tuple[str, str], ...] = ()
    excluded: tuple[tuple[str, str], ...] = ()
    earlier: tuple[tuple[str, str], ...] = ()
    objective: Objective = "total"
    scores: Mapping[str, Mapping[str, float]] | None = None


@dataclass(frozen=True)
class Reason:
    """One structured reason: a code, the score points it earned, and plain values."""

    code: str
    points: float = 0.0
    details: Mapping[str, Detail] = field(default_factory=dict)


@dataclass(frozen=True)
class Pair:
    """A proposed pair with its score, per-component points and top reasons."""

    mentor: str
    mentee: str
    score: float
    components: Mapping[str, float]
    reasons: tuple[Reason, ...]
    fixed: bool = False
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unmatched:
    """A participant left without a partner, and why."""

    id: str
    role: Role
    reason: str
    details: Mapping[str, Detail] = field(default_factory=dict)


@dataclass(frozen=True)
class Quality:
    """How good the whole matching is, and whether that is proven."""

    objective: Objective
    total: float
    mean: float
    min: float
    max: float
    distribution: Mapping[str, int]
    matched_mentees: int
    unmatched_mentees: int
    blocking_pairs: int
    violations: int
    fixed_violations: int
    optimal: bool
    bound: float
    rounds: int
    timings: Mapping[str, float]


@dataclass(frozen=True)
class Result:
    """The outcome of :func:`solve`: tandems, people left out, and the quality summary."""

    tandems: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    quality: Quality


@dataclass(frozen=True)
class WhyNot:
    """Why a pair is (not) in the result.

    ``status`` is ``matched``, ``infeasible`` (see ``rules``) or ``not_chosen``; for the
    latter the ``*_change`` fields say what forcing the pair would do to the result.
    """

    mentor: str
    mentee: str
    status: Literal["matched", "infeasible", "not_chosen"]
    rules: tuple[str, ...]
    score: float | None
    components: Mapping[str, float]
    mentee_partner: str | None
    mentee_partner_score: float | None
    total_change: float | None = None
    min_change: float | None = None
    matched_change: int | None = None
