"""The full mentee × mentor score and feasibility matrices, built block by block."""

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from tandem.matching.engine import constraints, scoring
from tandem.matching.engine.compiled import Bools, Compiled, Ints, Scores
from tandem.matching.engine.solver import rows_per_chunk


def score_matrix(c: Compiled) -> Scores:
    return scoring.score_matrix(c, rows_per_chunk(c.n_mentors))


def feasibility_matrix(c: Compiled) -> Bools:
    return _fill(c, np.bool_, constraints.feasible)


def masked_scores(score: Scores, feasible: Bools, seats: Ints, fixed_mentees: Ints) -> Scores:
    """The scores of the pairs still open to the solver, -inf elsewhere: pairs that break a
    rule, mentors whose seats are all taken by fixed pairs, and mentees already fixed."""
    masked = np.where(feasible & (seats > 0), score, np.float32(-np.inf))
    masked[fixed_mentees] = -np.inf
    return masked


NEG_INF_BITS = np.array(-np.inf, dtype=np.float32).view(np.int32)


def _mask(score: Scores, keep: Bools, out: Scores) -> None:
    """``out = where(keep, score, -inf)`` by bit operations on the float32 patterns (twice
    as fast as ``np.where``): the 0/1 of ``keep`` minus 1 is a mask of all zeros or ones."""
    ones = keep.astype(np.int32)
    ones -= 1
    bits = out.view(np.int32)
    np.bitwise_and(score.view(np.int32), np.invert(ones), out=bits)
    ones &= NEG_INF_BITS
    bits |= ones


def feasibility_and_mask(c: Compiled, score: Scores, seats: Ints, fixed_mentees: Ints) -> Bools:
    """:func:`feasibility_matrix`, and :func:`masked_scores` written over ``score`` itself,
    in one pass over the blocks (a second matrix of that size would cost as much again in
    fresh memory: ~0.75 ms per MB where pages are mapped on first touch)."""
    n, m = c.n_mentees, c.n_mentors
    feasible = np.empty((n, m), dtype=bool)
    masked = score
    mentors = np.arange(m, dtype=np.int64)[None, :]
    open_seats = seats > 0
    step = rows_per_chunk(m)
    for start in range(0, n, step):
        mentees = np.arange(start, min(start + step, n), dtype=np.int64)[:, None]
        ok = feasible[start : start + step]
        ok[...] = constraints.feasible(c, mentees, mentors)
        _mask(score[start : start + step], ok & open_seats, masked[start : start + step])
    masked[fixed_mentees] = -np.inf
    return feasible


def _fill[T: np.generic](
    c: Compiled, dtype: type[T], pairwise: Callable[[Compiled, Ints, Ints], npt.NDArray[T]]
) -> npt.NDArray[T]:
    # Blocks of rows keep the temporaries of each stage small next to the result.
    n, m = c.n_mentees, c.n_mentors
    out = np.empty((n, m), dtype=dtype)
    mentors = np.arange(m, dtype=np.int64)[None, :]
    step = rows_per_chunk(m)
    for start in range(0, n, step):
        mentees = np.arange(start, min(start + step, n), dtype=np.int64)[:, None]
        out[start : start + step] = pairwise(c, mentees, mentors)
    return out
