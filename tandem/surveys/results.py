"""A survey's answers as the program team may see them: aggregates over at least k people.

Pure: plain rows in, plain results out (the queries are in ``selectors``).
Per question there is a cell for the mentors, one for the mentees and, when
both were asked the same question, one for everybody; the self-assessment
has a cell per topic and one over all topics. ``core.anonymity.suppress``
decides which cells are shown (PRIV-01, PRIV-02); a hidden cell carries its
reason, never a number. Free-text answers are shown per role only (a shared
"everybody" list would give a hidden role's texts away by difference), sorted
alphabetically so their order says nothing about who wrote them or when
(PRIV-03).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tandem.core.anonymity import cell, suppress, threshold

MENTOR, MENTEE, ALL = "mentor", "mentee", "all"
ROLES = (MENTEE, MENTOR)
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Row:
    """One stored answer, without anything about the person."""

    response: object
    role: str
    question: str
    topic: str = ""
    number: int | None = None
    choices: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class QuestionInfo:
    key: str
    kind: str
    text: str
    roles: tuple[str, ...]
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Stat:
    """One shown cell."""

    people: int
    mean: float | None = None
    counts: tuple[Count, ...] = ()
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupResult:
    group: str  # mentor, mentee or all
    stat: Stat | None  # None: hidden


@dataclass(frozen=True)
class QuestionResult:
    info: QuestionInfo
    groups: tuple[GroupResult, ...]

    @property
    def shown(self) -> bool:
        return any(g.stat is not None for g in self.groups)


@dataclass(frozen=True)
class Growth:
    """Self-assessed level at registration and now, averaged over the people who answered."""

    topic: str
    label: str
    people: int
    before: float | None = None
    now: float | None = None

    @property
    def shown(self) -> bool:
        return self.before is not None

    @property
    def change(self) -> float | None:
        if self.before is None or self.now is None:
            return None
        return round(self.now - self.before, 1)


@dataclass(frozen=True)
class Participation:
    group: str
    asked: int
    answered: int | None  # None: hidden (fewer than k answered, or derivable)

    @property
    def percent(self) -> int | None:
        if self.answered is None or not self.asked:
            return None
        return round(100 * self.answered / self.asked)


@dataclass(frozen=True)
class Results:
    k: int
    participation: tuple[Participation, ...]
    questions: tuple[QuestionResult, ...]
    growth: tuple[Growth, ...] = ()
    overall_growth: Growth | None = None
    advice: tuple["Advice", ...] = field(default=())
    # False while the survey is open: then only the response rate is known (PRIV-11).
    released: bool = True


@dataclass(frozen=True)
class Advice:
    """Something the program team may want to adjust: a code and its numbers."""

    code: str
    group: str
    question: str
    value: float | int
    label: str = ""


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def participation(
    asked: Mapping[str, int], answered: Mapping[str, int], k: int
) -> tuple[Participation, ...]:
    roles = [role for role in ROLES if asked.get(role)]
    cells = [cell(role, {role}, answered.get(role, 0)) for role in roles]
    if len(roles) > 1:
        cells.append(cell(ALL, set(roles), sum(answered.get(r, 0) for r in roles)))
    hidden = suppress(cells, k)
    rows = [
        Participation(
            str(c.key),
            asked.get(str(c.key), 0) if c.key != ALL else sum(asked.values()),
            None if c.key in hidden else c.people,
        )
        for c in cells
    ]
    return tuple(rows)


def _stat(info: QuestionInfo, rows: list[Row]) -> Stat:
    people = len({r.response for r in rows})
    if info.kind == "scale":
        numbers = [r.number for r in rows if r.number is not None]
        counts = tuple(
            Count(str(v), str(v), numbers.count(v), round(100 * numbers.count(v) / people))
            for v in SCALE
        )
        return Stat(people, _mean(numbers), counts)
    if info.kind in ("single", "multiple"):
        chosen = [c for r in rows for c in r.choices]
        counts = tuple(
            Count(key, label, chosen.count(key), round(100 * chosen.count(key) / people))
            for key, label in info.choices
        )
        return Stat(people, None, counts)
    texts = sorted((r.text for r in rows if r.text), key=str.casefold)
    return Stat(people, None, (), tuple(texts))


def question_result(info: QuestionInfo, rows: list[Row], k: int) -> QuestionResult:
    by_role: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_role[row.role].append(row)
    roles = [role for role in ROLES if role in info.roles]
    people = {role: len({r.response for r in by_role[role]}) for role in roles}
    cells = [cell(role, {role}, people[role]) for role in roles]
    if len(roles) > 1 and info.kind != "text":
        cells.append(cell(ALL, set(roles), sum(people.values())))
    hidden = suppress(cells, k)
    groups = []
    for c in cells:
        if c.key in hidden:
            groups.append(GroupResult(str(c.key), None))
            continue
        members = [r for role in c.parts for r in by_role[str(role)]]
        groups.append(GroupResult(str(c.key), _stat(info, members)))
    return QuestionResult(info, tuple(groups))


def growth(
    rows: Iterable[Row],
    registered: Mapping[str, Sequence[int]],
    labels: Mapping[str, str],
    k: int,
) -> tuple[tuple[Growth, ...], Growth | None]:
    """Per topic: the mean level at registration and now, of the people who answered.

    ``rows`` are the self-assessments now; ``registered`` holds, per topic, the
    levels at registration of the people who answered the survey. The two are
    averaged apart and never paired: an answer keeps nothing that could be
    matched with a registration (PRIV-03). A topic's group is the smaller of
    the two, and a hidden topic hides the total too where it could be
    worked out (PRIV-02).
    """
    now: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.number is not None and row.topic:
            now[row.topic].append(row.number)
    topics = [t for t in labels if now.get(t) and registered.get(t)]
    people = {t: min(len(now[t]), len(registered[t])) for t in topics}
    cells = [cell(t, {t}, people[t]) for t in topics]
    if len(topics) > 1:
        cells.append(cell(ALL, set(topics), max(people.values())))
    hidden = suppress(cells, k)

    def make(key: str, label: str, chosen: list[str]) -> Growth:
        if key in hidden:
            return Growth(key, label, 0)  # hidden: not even how many
        before = _mean([level for t in chosen for level in registered[t]])
        after = _mean([level for t in chosen for level in now[t]])
        return Growth(key, label, max(people[t] for t in chosen), before, after)

    per_topic = tuple(make(t, labels[t], [t]) for t in topics)
    overall = make(ALL, "", topics) if len(topics) > 1 else None
    return per_topic, overall


# What the mid-term results point to; thresholds on a 1–5 scale and in percent of a group.
LOW_MEAN = 3.5
COMMON_SHARE = 40
NEGATIVE_CHOICES = {"meetings": {"fewer", "rarely"}}
NEUTRAL_CHOICES = {"nothing"}


def advice(results: Iterable[QuestionResult]) -> tuple[Advice, ...]:
    """Shown numbers that call for action: low ratings, common obstacles, tandems meeting rarely."""
    found = []
    for result in results:
        info = result.info
        for group in result.groups:
            stat = group.stat
            if stat is None or group.group == ALL:
                continue
            if info.kind == "scale" and stat.mean is not None and stat.mean < LOW_MEAN:
                found.append(Advice("low", group.group, info.text, stat.mean))
            elif info.kind == "multiple":
                for count in stat.counts:
                    if count.key not in NEUTRAL_CHOICES and count.percent >= COMMON_SHARE:
                        found.append(
                            Advice("common", group.group, info.text, count.percent, count.label)
                        )
            elif info.key in NEGATIVE_CHOICES:
                share = sum(c.percent for c in stat.counts if c.key in NEGATIVE_CHOICES[info.key])
                if share >= COMMON_SHARE:
                    found.append(Advice("meetings", group.group, info.text, share))
    return tuple(found)


def tabulate(
    *,
    questions: Sequence[QuestionInfo],
    rows: Iterable[Row],
    asked: Mapping[str, int],
    answered: Mapping[str, int],
    registered: Mapping[str, Sequence[int]],
    topic_labels: Mapping[str, str],
    k: int,
) -> Results:
    k = threshold(k)
    by_question: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_question[row.question].append(row)
    shown_questions = []
    growth_rows: list[Row] = []
    for info in questions:
        if info.kind == "competence":
            growth_rows += by_question[info.key]
            continue
        shown_questions.append(question_result(info, by_question[info.key], k))
    per_topic, overall = growth(growth_rows, registered, topic_labels, k)
    return Results(
        k=k,
        participation=participation(asked, answered, k),
        questions=tuple(shown_questions),
        growth=per_topic,
        overall_growth=overall,
        advice=advice(shown_questions),
    )
