"""The engine's entry points: :func:`solve` a problem, ask :func:`why_not` about a pair."""

import importlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import numpy as np

from tandem.matching.engine import constraints, scoring
from tandem.matching.engine.blas import one_blas_thread
from tandem.matching.engine.compiled import Compiled, compile_problem
from tandem.matching.engine.errors import ProblemError
from tandem.matching.engine.explain import blocking_pairs, quality, tandems, unmatched
from tandem.matching.engine.matrices import feasibility_and_mask, score_matrix
from tandem.matching.engine.objectives import optimise
from tandem.matching.engine.types import Problem, Result, WhyNot
from tandem.matching.engine.validation import validate


class _Clock:
    """Wall time per stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = self._start = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self._last
        self._last = now

    def stop(self) -> dict[str, float]:
        self.timings["total"] = time.perf_counter() - self._start
        return self.timings


@contextmanager
def _small_pages() -> Iterator[None]:
    """Allocate without asking the kernel for transparent huge pages, then restore.

    numpy advises huge pages for large arrays; where the kernel then compacts memory on
    first touch (``defrag=madvise``), fresh matrices cost ~2 ms per MB (0.4 s for one
    5,000 x 5,000 float64 matrix) against ~0.3 ms per MB with ordinary pages. The engine
    writes and streams its matrices a few times, which huge pages do not speed up enough
    to pay for that. Only a hint: results never depend on it.
    """
    module = importlib.import_module("numpy._core.multiarray")
    toggle: Callable[[bool], bool] | None = getattr(module, "_set_madvise_hugepage", None)
    if toggle is None:
        yield
        return
    before = toggle(False)
    try:
        yield
    finally:
        toggle(before)


def solve(problem: Problem) -> Result:
    """The best matching for ``problem`` under its objective, explained and checked.

    Raises :class:`ProblemError` for invalid input. Deterministic: the same problem gives
    the same result whatever the order of its lists.
    """
    with _small_pages(), one_blas_thread():
        return _solve(problem)


def _solve(problem: Problem) -> Result:
    clock = _Clock()
    validate(problem)
    c = compile_problem(problem)
    clock.lap("compile")
    score = score_matrix(c)
    clock.lap("scores")
    fixed_e, fixed_r = c.pairs(problem.fixed)
    seats = c.capacity - np.bincount(fixed_r, minlength=c.n_mentors)
    # The solver works on the scores of the open pairs, masked in place; fixed mentees'
    # rows and full mentors' columns (the only feasible pairs masked) come back after.
    closed = np.nonzero(seats <= 0)[0]
    kept_rows, kept_columns = score[fixed_e], score[:, closed]
    feasible = feasibility_and_mask(c, score, seats, fixed_e)
    clock.lap("rules")

    outcome = optimise(problem.objective, score, seats)
    score[fixed_e] = kept_rows
    score[:, closed] = kept_columns  # now every feasible pair (and fixed pair) has its score
    clock.lap("solve")

    mentor_of = outcome.mentor_of
    mentor_of[fixed_e] = fixed_r
    e = np.nonzero(mentor_of >= 0)[0]
    r = mentor_of[e]
    is_fixed = np.isin(e, fixed_e)
    pairs = tandems(c, e, r, is_fixed, score[e, r].astype(np.float64))
    load = np.bincount(r, minlength=c.n_mentors)
    left_out = unmatched(c, feasible, mentor_of, load)
    blocking = blocking_pairs(score, feasible, mentor_of, c.capacity, load)
    clock.lap("explain")
    summary = quality(
        objective=problem.objective,
        pairs=pairs,
        n_mentees=c.n_mentees,
        blocking=blocking,
        proven=outcome.proven,
        bound=outcome.bound + float(score[fixed_e, fixed_r].sum(dtype=np.float64)),
        rounds=outcome.rounds,
        timings=clock.stop(),
    )
    return Result(tandems=tuple(pairs), unmatched=tuple(left_out), quality=summary)


def rules_broken(problem: Problem, mentor_id: str, mentee_id: str) -> tuple[str, ...]:
    """The hard rules a pair of ``mentor_id`` and ``mentee_id`` would break (no solving).

    A pair the program team fixes is kept even then; this tells them so before they do.
    The decision excluding or fixing this very pair is not counted as a rule here.
    """
    validate(problem)
    c = compile_problem(problem)
    e, r = _pair_index(c, mentor_id, mentee_id)
    return tuple(
        code
        for code, broken in constraints.violations(c, e, r).items()
        if broken[0] and code != "excluded"
    )


def why_not(
    problem: Problem, mentor_id: str, mentee_id: str, result: Result | None = None
) -> WhyNot:
    """Why ``mentor_id`` and ``mentee_id`` are (not) a tandem in ``result``.

    Infeasible pairs name the rules they break; feasible pairs that were not chosen say
    what forcing them would change (total, minimum, number of tandems), found by solving
    again with the pair fixed. ``result`` defaults to a fresh :func:`solve`.
    """
    validate(problem)
    c = compile_problem(problem)
    e, r = _pair_index(c, mentor_id, mentee_id)
    rules = tuple(code for code, broken in constraints.violations(c, e, r).items() if broken[0])
    points = {name: round(float(v[0]), 4) for name, v in scoring.points(c, e, r).items()}
    current = result if result is not None else solve(problem)
    partner = next((p for p in current.tandems if p.mentee == mentee_id), None)
    answer = WhyNot(
        mentor=mentor_id,
        mentee=mentee_id,
        status="not_chosen",
        rules=rules,
        score=float(scoring.score(c, e, r)[0]),
        components=points,
        mentee_partner=partner.mentor if partner else None,
        mentee_partner_score=partner.score if partner else None,
    )
    if partner is not None and partner.mentor == mentor_id:
        return replace(answer, status="matched")
    if rules:
        return replace(answer, status="infeasible")
    forced = _solve_with_pair(problem, mentor_id, mentee_id)
    if forced is None:
        return answer
    before, after = current.quality, forced.quality
    return replace(
        answer,
        total_change=round(after.total - before.total, 4),
        min_change=round(after.min - before.min, 4),
        matched_change=after.matched_mentees - before.matched_mentees,
    )


def _pair_index(c: Compiled, mentor_id: str, mentee_id: str) -> tuple[np.ndarray, np.ndarray]:
    errors = []
    if mentor_id not in c.mentor_ids:
        errors.append(f"unknown mentor {mentor_id!r}")
    if mentee_id not in c.mentee_ids:
        errors.append(f"unknown mentee {mentee_id!r}")
    if errors:
        raise ProblemError(errors)
    return (
        np.array([c.mentee_index(mentee_id)], dtype=np.int64),
        np.array([c.mentor_index(mentor_id)], dtype=np.int64),
    )


def _solve_with_pair(problem: Problem, mentor_id: str, mentee_id: str) -> Result | None:
    """Solve again with the pair fixed; None when that clashes with other fixed pairs."""
    fixed = (*(p for p in problem.fixed if p[1] != mentee_id), (mentor_id, mentee_id))
    try:
        return solve(replace(problem, fixed=fixed))
    except ProblemError:
        return None
