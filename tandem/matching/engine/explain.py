"""Explanations: reasons per tandem, why people stay unmatched, and the quality summary."""

from collections.abc import Mapping

import numpy as np

from tandem.matching.engine import constraints, scoring
from tandem.matching.engine import types as t
from tandem.matching.engine.compiled import Bools, Compiled, Floats, Ints, Scores
from tandem.matching.engine.solver import rows_per_chunk
from tandem.matching.engine.types import Detail, Objective, Pair, Quality, Reason, Unmatched

TOP_REASONS = 3
TOP_TOPICS = 3
BUCKETS = tuple(range(0, 100, 10))


def broken_rules(c: Compiled, e: Ints, r: Ints) -> list[tuple[str, ...]]:
    """The rule codes each pair breaks (pair lists)."""
    broken = constraints.violations(c, e, r)
    result: list[tuple[str, ...]] = [()] * e.size
    if broken:
        for k in np.nonzero(np.logical_or.reduce(list(broken.values())))[0].tolist():
            result[k] = tuple(code for code, mask in broken.items() if mask[k])
    return result


def tandems(c: Compiled, e: Ints, r: Ints, fixed: Bools, score: Floats) -> list[Pair]:
    """Tandems for aligned pair lists, with components, top reasons and broken rules."""
    points = {
        name: [round(x, 4) for x in values.tolist()]
        for name, values in scoring.points(c, e, r).items()
    }
    broken = broken_rules(c, e, r)
    facts = _facts(c, e, r)
    names = list(points)
    columns = list(zip(*points.values(), strict=True)) if names else [()] * e.size
    return [
        Pair(
            mentor=c.mentor_ids[mentor],
            mentee=c.mentee_ids[mentee],
            score=pair_score,
            components=dict(zip(names, values, strict=True)),
            reasons=_reasons(names, values, k, facts),
            fixed=is_fixed,
            violations=broken[k],
        )
        for k, (mentor, mentee, pair_score, is_fixed, values) in enumerate(
            zip(r.tolist(), e.tolist(), score.tolist(), fixed.tolist(), columns, strict=True)
        )
    ]


type Facts = dict[str, list[Detail]]


def _facts(c: Compiled, e: Ints, r: Ints) -> Facts:
    """The details behind each reason, computed for all pairs at once."""
    if c.given is not None or e.size == 0:
        return {}
    fit = c.priority[e] * c.level[r]
    order = np.argsort(-fit, axis=1, kind="stable")[:, :TOP_TOPICS]
    best = np.take_along_axis(fit, order, axis=1) > 0
    return {
        "topics": [
            tuple(c.topics[i] for i in row[keep]) for row, keep in zip(order, best, strict=True)
        ],
        "shared_slots": np.einsum("ij,ij->i", c.slot_mentee[e], c.slot_mentor[r])
        .astype(int)
        .tolist(),
        "similarity": [round(x, 2) for x in scoring.component(c, "style", e, r).tolist()],
        "same_location": ((c.place_mentee[e] >= 0) & (c.place_mentee[e] == c.place_mentor[r]))
        .astype(bool)
        .tolist(),
        "mentor_department": [c.mentors[i].department or "" for i in r.tolist()],
        "mentee_department": [c.mentees[i].department or "" for i in e.tolist()],
    }


def _reasons(
    names: list[str], values: tuple[float, ...], k: int, facts: Facts
) -> tuple[Reason, ...]:
    ranked = sorted(
        ((name, x) for name, x in zip(names, values, strict=True) if x > 0),
        key=lambda item: (-item[1], item[0]),
    )
    return tuple(
        Reason(code, points, _details(code, k, facts)) for code, points in ranked[:TOP_REASONS]
    )


# The facts behind each reason code, by detail name.
_DETAILS = {
    "topic": ("topics",),
    "availability": ("shared_slots",),
    "style": ("similarity",),
    "cross_department": ("mentor_department", "mentee_department"),
    "location": ("same_location",),
}


def _details(code: str, k: int, facts: Facts) -> Mapping[str, Detail]:
    return {name: facts[name][k] for name in _DETAILS.get(code, ())}


def unmatched(c: Compiled, feasible: Bools, mentor_of: Ints, load: Ints) -> list[Unmatched]:
    """Everyone without a partner, with the reason code and how many options they had."""
    options_of_mentee = np.count_nonzero(feasible, axis=1)
    options_of_mentor = np.count_nonzero(feasible, axis=0)
    result = []
    for e in np.nonzero(mentor_of < 0)[0]:
        options = int(options_of_mentee[e])
        reason = t.CAPACITY if options else t.NO_FEASIBLE_PARTNER
        result.append(Unmatched(c.mentee_ids[e], "mentee", reason, {"feasible_partners": options}))
    for r in np.nonzero(load == 0)[0]:
        options = int(options_of_mentor[r])
        reason = t.LOWER_SCORE if options else t.NO_FEASIBLE_PARTNER
        result.append(Unmatched(c.mentor_ids[r], "mentor", reason, {"feasible_partners": options}))
    return result


def blocking_pairs(
    score: Scores, feasible: Bools, mentor_of: Ints, capacity: Ints, load: Ints
) -> int:
    """Feasible pairs who would both rather be together than with their current match.

    A mentee prefers a higher score than its current tandem's (anything, if unmatched); a
    mentor prefers it to its weakest tandem, or anything while it has a free seat.
    """
    n, m = score.shape
    matched = np.nonzero(mentor_of >= 0)[0]
    current = np.full(n, -1.0)
    current[matched] = score[matched, mentor_of[matched]]
    weakest = np.full(m, np.inf)
    np.minimum.at(weakest, mentor_of[matched], current[matched])
    weakest = np.where(load < capacity, -1.0, weakest)
    count = 0
    step = rows_per_chunk(m)
    weakest32 = weakest.astype(score.dtype)  # scores are exact in their own dtype
    current32 = current.astype(score.dtype)
    for start in range(0, n, step):
        block = score[start : start + step]
        better = block > np.maximum(current32[start : start + step, None], weakest32)
        better &= feasible[start : start + step]
        count += int(np.count_nonzero(better))
    return count


def quality(
    *,
    objective: Objective,
    pairs: list[Pair],
    n_mentees: int,
    blocking: int,
    proven: bool,
    bound: float,
    rounds: int,
    timings: Mapping[str, float],
) -> Quality:
    scores = np.array([p.score for p in pairs])
    free = [p for p in pairs if not p.fixed]
    buckets = np.minimum(scores // 10, 9).astype(int) if scores.size else np.zeros(0, int)
    return Quality(
        objective=objective,
        total=round(float(scores.sum()), 4),
        mean=round(float(scores.mean()), 4) if scores.size else 0.0,
        min=float(scores.min()) if scores.size else 0.0,
        max=float(scores.max()) if scores.size else 0.0,
        distribution={f"{low}-{low + 10}": int((buckets == low // 10).sum()) for low in BUCKETS},
        matched_mentees=len(pairs),
        unmatched_mentees=n_mentees - len(pairs),
        blocking_pairs=blocking,
        violations=sum(1 for p in free if p.violations),
        fixed_violations=sum(1 for p in pairs if p.fixed and p.violations),
        optimal=proven,
        bound=round(bound, 4),
        rounds=rounds,
        timings={stage: round(seconds, 4) for stage, seconds in timings.items()},
    )
