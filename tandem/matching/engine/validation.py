"""Semantic checks of a :class:`Problem`: ids, levels, capacities, org chart, pairs."""

import math
from collections import Counter
from collections.abc import Iterable
from itertools import chain

import numpy as np

from tandem.matching.engine.errors import ProblemError
from tandem.matching.engine.orgchart import org_errors
from tandem.matching.engine.types import COMPONENTS, OBJECTIVES, Mentee, Mentor, Problem

LEVELS = range(1, 6)
LEVEL_SET = frozenset(LEVELS)


def _all_in(values: Iterable[object], allowed: frozenset[int]) -> bool:
    """Whether every value is one of ``allowed`` (False for unhashable values)."""
    try:
        return set(values) <= allowed
    except TypeError:
        return False


def validate(problem: Problem) -> None:
    """Raise :class:`ProblemError` listing every finding; return quietly if the problem is sound."""
    errors = [
        *_id_errors(problem),
        *_level_errors(problem),
        *_declined_errors(problem),
        *_style_errors(problem),
        *_setting_errors(problem),
        *_org_errors(problem),
        *_pair_errors(problem),
        *_score_errors(problem),
    ]
    if errors:
        raise ProblemError(errors)


def _id_errors(problem: Problem) -> Iterable[str]:
    for role, ids in (
        ("mentor", [m.id for m in problem.mentors]),
        ("mentee", [m.id for m in problem.mentees]),
    ):
        if len(set(ids)) == len(ids) and all(ids):
            continue
        for person_id, count in sorted(Counter(ids).items()):
            if not person_id:
                yield f"a {role} has an empty id"
            elif count > 1:
                yield f"{role} {person_id!r} appears {count} times"


def _level_errors(problem: Problem) -> Iterable[str]:
    every_level = chain.from_iterable(
        (
            *(m.topics.values() for m in problem.mentors),
            *(m.verified.values() for m in problem.mentors),
            *(m.goals.values() for m in problem.mentees),
        )
    )
    capacities = {m.capacity for m in problem.mentors}
    if _all_in(every_level, LEVEL_SET) and all(isinstance(x, int) and x >= 1 for x in capacities):
        return
    for mentor in problem.mentors:
        if mentor.capacity < 1:
            yield f"mentor {mentor.id!r}: capacity must be at least 1, not {mentor.capacity}"
        for field, levels in (("topics", mentor.topics), ("verified", mentor.verified)):
            if all(level in LEVELS for level in levels.values()):
                continue
            for topic, level in sorted(levels.items()):
                if level not in LEVELS:
                    yield f"mentor {mentor.id!r}: {field}[{topic!r}] must be 1–5, not {level}"
    for mentee in problem.mentees:
        if all(priority in LEVELS for priority in mentee.goals.values()):
            continue
        for topic, priority in sorted(mentee.goals.items()):
            if priority not in LEVELS:
                yield f"mentee {mentee.id!r}: goals[{topic!r}] must be 1–5, not {priority}"


def _declined_errors(problem: Problem) -> Iterable[str]:
    for mentee in problem.mentees:
        if not mentee.declined:
            continue
        declined: object = mentee.declined  # hand-built problems may pass a bare string
        if isinstance(declined, str):
            yield f"mentee {mentee.id!r}: declined must be a collection of topics, not a string"
            continue
        topics = list(mentee.declined)
        if any(not isinstance(topic, str) or not topic for topic in topics):
            yield f"mentee {mentee.id!r}: declined topics must be non-empty strings"
            continue
        for topic in sorted(set(topics) & set(mentee.goals)):
            yield f"mentee {mentee.id!r}: topic {topic!r} is both a goal and declined"


def _style_errors(problem: Problem) -> Iterable[str]:
    people: list[Mentor | Mentee] = [*problem.mentors, *problem.mentees]
    lengths = Counter(len(p.style) for p in people if p.style)
    if len(lengths) > 1:
        yield f"style answers must all have the same length; found lengths {sorted(lengths)}"
    if _all_answers_in_range(people):
        return
    for person in people:
        if any(not 1 <= answer <= 5 for answer in person.style):
            yield f"{person.id!r}: style answers must be 1–5"


def _all_answers_in_range(people: list[Mentor | Mentee]) -> bool:
    try:
        answers = np.array(list(chain.from_iterable(p.style for p in people)), dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return bool(((answers >= 1) & (answers <= 5)).all())  # False for NaN


def _setting_errors(problem: Problem) -> Iterable[str]:
    if problem.objective not in OBJECTIVES:
        yield f"objective must be one of {', '.join(OBJECTIVES)}, not {problem.objective!r}"
    weights = [getattr(problem.weights, name) for name in COMPONENTS]
    if any(not math.isfinite(w) or w < 0 for w in weights) or sum(weights) <= 0:
        yield "weights must be non-negative numbers with a positive sum"


def _org_errors(problem: Problem) -> Iterable[str]:
    supervisors = problem.org.supervisors
    yield from org_errors(supervisors)
    participants = {m.id for m in problem.mentors} | {m.id for m in problem.mentees}
    if problem.rules.reporting_line:
        for person in sorted(participants - supervisors.keys()):
            yield (
                f"org.supervisors has no entry for {person!r}, which the reporting_line rule needs"
            )
    known = set(supervisors) | participants
    for employee, appraisers in sorted(problem.org.appraisers.items()):
        for person in sorted({employee, *appraisers} - known):
            yield f"org.appraisers[{employee!r}]: unknown employee {person!r}"


def _pair_errors(problem: Problem) -> Iterable[str]:
    mentors = {m.id: m for m in problem.mentors}
    mentees = {m.id for m in problem.mentees}
    for name, pairs in (("fixed", problem.fixed), ("excluded", problem.excluded)):
        for mentor, mentee in pairs:
            if mentor not in mentors:
                yield f"{name}: unknown mentor {mentor!r}"
            if mentee not in mentees:
                yield f"{name}: unknown mentee {mentee!r}"
    for mentee, count in sorted(Counter(mentee for _, mentee in set(problem.fixed)).items()):
        if count > 1:
            yield f"fixed: mentee {mentee!r} is fixed to {count} mentors"
    for mentor, count in sorted(Counter(mentor for mentor, _ in set(problem.fixed)).items()):
        if mentor in mentors and count > mentors[mentor].capacity:
            capacity = mentors[mentor].capacity
            yield f"fixed: mentor {mentor!r} has {count} fixed mentees but capacity {capacity}"
    if set(problem.fixed) & set(problem.excluded):
        yield "fixed and excluded share a pair: " + ", ".join(
            f"{a}–{b}" for a, b in sorted(set(problem.fixed) & set(problem.excluded))
        )


def _score_errors(problem: Problem) -> Iterable[str]:
    if problem.scores is None:
        return
    mentors = {m.id for m in problem.mentors}
    mentees = {m.id for m in problem.mentees}
    for mentor, row in sorted(problem.scores.items()):
        if mentor not in mentors:
            yield f"scores: unknown mentor {mentor!r}"
        for mentee, score in sorted(row.items()):
            if mentee not in mentees:
                yield f"scores[{mentor!r}]: unknown mentee {mentee!r}"
            elif not (math.isfinite(score) and 0 <= score <= 100):
                yield f"scores[{mentor!r}][{mentee!r}] must be a number from 0 to 100, not {score}"
