"""The three objectives, each reduced to certified maximum-weight matchings.

- total: maximise the sum of scores.
- coverage: match as many mentees as possible, then maximise the sum of scores.
- fairness: match as many mentees as coverage does, make the worst tandem as good as
  possible, then maximise the sum of scores.
"""

from dataclasses import dataclass

import numpy as np

from tandem.matching.engine.compiled import Ints, Scores
from tandem.matching.engine.solver import (
    Solution,
    Weighting,
    max_cardinality,
    maximise,
    rows_per_chunk,
)
from tandem.matching.engine.types import Objective


@dataclass(frozen=True)
class Outcome:
    """The chosen matching, whether it is proven optimal, and a proven bound on its total."""

    mentor_of: Ints
    proven: bool
    bound: float  # no matching that is as good on the objective's first criteria scores more
    rounds: int


def optimise(objective: Objective, masked: Scores, capacity: Ints) -> Outcome:
    """Solve ``objective``; ``masked`` is mentee × mentor, the score or -inf if not allowed."""
    n, m = masked.shape
    if n == 0 or m == 0:
        return Outcome(np.full(n, -1, dtype=np.int64), True, 0.0, 0)
    if objective == "total":
        return _outcome(maximise(Weighting(masked), capacity))
    # Any tandem must be worth more than every score a matching could add up to.
    bonus = 100.0 * (min(n, int(capacity.sum())) + 1)
    coverage = maximise(Weighting(masked, bonus=bonus), capacity)
    if objective == "coverage":
        return _outcome(coverage, bonus)
    return _fairness(masked, capacity, bonus, coverage)


def _fairness(masked: Scores, capacity: Ints, bonus: float, coverage: Solution) -> Outcome:
    """Raise the worst tandem's score as far as it goes without losing a tandem.

    The bottleneck is searched cheaply on the candidate pairs, then proven on the full
    matrix: a certified coverage run at the next higher score must lose a tandem.
    """
    size = coverage.size
    if size == 0:
        return _outcome(coverage, bonus)
    floor = _bottleneck(masked, coverage, capacity)
    rounds = coverage.rounds
    proven = coverage.proven
    seed, warm = coverage.candidates, coverage.duals
    while (higher := _next_score_above(masked, floor)) is not None:
        attempt = maximise(
            Weighting(masked, threshold=higher, bonus=bonus), capacity, seed, warm=warm
        )
        rounds += attempt.rounds
        proven &= attempt.proven
        if attempt.size < size:
            break
        floor = higher  # the candidate search missed a pair; climb on the full matrix
    matched = np.nonzero(coverage.mentor_of >= 0)[0]
    if masked[matched, coverage.mentor_of[matched]].min() >= floor:
        # The coverage optimum already clears the threshold: it is optimal among the
        # matchings that do (a subset of those it beat), with the same bound.
        return Outcome(coverage.mentor_of, proven, coverage.bound - bonus * size, rounds)
    final = maximise(Weighting(masked, threshold=floor, bonus=bonus), capacity, seed, warm=warm)
    return Outcome(
        final.mentor_of,
        proven and final.proven,
        final.bound - bonus * final.size,
        rounds + final.rounds,
    )


def _bottleneck(masked: Scores, coverage: Solution, capacity: Ints) -> float:
    """The highest threshold at which the candidate pairs still match ``coverage.size``."""
    n, m = masked.shape
    e, r = coverage.candidates // m, coverage.candidates % m
    pair_scores = masked[e, r]
    matched = np.nonzero(coverage.mentor_of >= 0)[0]
    low = float(masked[matched, coverage.mentor_of[matched]].min())
    levels = np.unique(pair_scores[pair_scores >= low])
    lo, hi = 0, levels.size - 1  # levels[lo] is known to work
    while lo < hi:
        mid = (lo + hi + 1) // 2
        keep = pair_scores >= levels[mid]
        if max_cardinality(e[keep], r[keep], n, capacity) == coverage.size:
            lo = mid
        else:
            hi = mid - 1
    return float(levels[lo])


def _next_score_above(masked: Scores, floor: float) -> float | None:
    n, m = masked.shape
    best = np.inf
    step = rows_per_chunk(m)
    for start in range(0, n, step):
        block = masked[start : start + step]
        above = block > floor
        if above.any():
            best = min(best, float(block[above].min()))
    return None if best == np.inf else best


def _outcome(solution: Solution, bonus: float = 0.0) -> Outcome:
    return Outcome(
        solution.mentor_of,
        solution.proven,
        solution.bound - bonus * solution.size,
        solution.rounds,
    )
