"""The solver's optimum equals brute force (tiny programs) and networkx min-cost flow.

networkx is an independent exact oracle: it sees only the score and feasibility matrices
and solves each objective as integer min-cost flows (scores × 1024 are integers).
"""

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.matching.engine import solve, solver
from tandem.matching.engine.compiled import GRID, compile_problem
from tandem.matching.engine.matrices import feasibility_matrix, score_matrix
from tandem.matching.engine.synthetic import random_problem

OBJECTIVES = ["total", "coverage", "fairness"]


def engine_key(result):
    scores = [t.score for t in result.tandems]
    return len(scores), min(scores, default=0.0), sum(scores)


def matrices(problem):
    c = compile_problem(problem)
    return score_matrix(c), feasibility_matrix(c), c.capacity


def brute_force_key(objective, problem):
    score, feasible, capacity = matrices(problem)
    n, m = score.shape
    best = None
    for choice in itertools.product(range(-1, m), repeat=n):
        load = np.bincount([r for r in choice if r >= 0], minlength=m)
        if (load > capacity).any():
            continue
        if any(r >= 0 and not feasible[e, r] for e, r in enumerate(choice)):
            continue
        scores = [score[e, r] for e, r in enumerate(choice) if r >= 0]
        key = _objective_key(objective, len(scores), min(scores, default=0.0), sum(scores))
        best = key if best is None else max(best, key)
    return best


def _objective_key(objective, size, worst, total):
    if objective == "total":
        return (total,)
    if objective == "coverage":
        return (size, total)
    return (size, worst, total)


def flow(score, allowed, capacity, bonus=0):
    """(tandems, total score) of a maximum-weight matching by min-cost flow."""
    n, m = score.shape
    graph = nx.DiGraph()
    graph.add_node("s", demand=-n)
    graph.add_node("t", demand=n)
    graph.add_edge("s", "t", capacity=n, weight=0)
    for e in range(n):
        graph.add_edge("s", ("e", e), capacity=1, weight=0)
    for r in range(m):
        graph.add_edge(("r", r), "t", capacity=int(capacity[r]), weight=0)
    for e, r in zip(*np.nonzero(allowed), strict=True):
        weight = -(round(score[e, r] * GRID) + bonus)
        graph.add_edge(("e", e), ("r", r), capacity=1, weight=weight)
    flows = nx.min_cost_flow(graph)
    pairs = [(e, r) for e in range(n) for (_, r), f in flows[("e", e)].items() if f]
    return len(pairs), sum(score[e, r] for e, r in pairs)


def networkx_key(objective, problem):
    score, feasible, capacity = matrices(problem)
    n = score.shape[0]
    bonus = int(GRID * 100 * (n + 1))
    if objective == "total":
        size, total = flow(score, feasible, capacity)
        return (total,)
    size, total = flow(score, feasible, capacity, bonus)
    if objective == "coverage":
        return (size, total)
    if size == 0:
        return (0, 0.0, 0.0)
    levels = np.unique(score[feasible])
    lo, hi = 0, levels.size - 1
    while lo < hi:  # the highest threshold that still allows `size` tandems
        mid = (lo + hi + 1) // 2
        if flow(score, feasible & (score >= levels[mid]), capacity, bonus)[0] == size:
            lo = mid
        else:
            hi = mid - 1
    size, total = flow(score, feasible & (score >= levels[lo]), capacity, bonus)
    return (size, levels[lo], total)


@pytest.mark.parametrize("objective", OBJECTIVES)
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), mentors=st.integers(1, 4), mentees=st.integers(1, 5))
def test_optimum_equals_brute_force(objective, seed, mentors, mentees):
    problem = random_problem(seed, mentors, mentees, org_factor=2, objective=objective)
    result = solve(problem)
    size, worst, total = engine_key(result)
    assert _objective_key(objective, size, worst, total) == pytest.approx(
        brute_force_key(objective, problem)
    )
    assert result.quality.optimal


@pytest.mark.parametrize("objective", OBJECTIVES)
@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    mentors=st.integers(1, 60),
    mentees=st.integers(1, 60),
    max_capacity=st.integers(1, 3),
    given_scores=st.booleans(),
)
def test_optimum_equals_networkx_min_cost_flow(
    objective, seed, mentors, mentees, *, max_capacity, given_scores
):
    problem = random_problem(
        seed,
        mentors,
        mentees,
        org_factor=2,
        max_capacity=max_capacity,
        objective=objective,
        given_scores=given_scores,
    )
    result = solve(problem)
    size, worst, total = engine_key(result)
    assert _objective_key(objective, size, worst, total) == pytest.approx(
        networkx_key(objective, problem)
    )
    assert result.quality.optimal
    assert result.quality.bound == pytest.approx(result.quality.total, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    mentors=st.integers(1, 60),
    mentees=st.integers(1, 60),
    max_capacity=st.integers(1, 3),
    objective=st.sampled_from(OBJECTIVES),
)
def test_warm_started_rounds_reach_the_same_optimum(
    seed, mentors, mentees, max_capacity, objective
):
    """Every round after the first starts from the previous duals (the square assignment)."""
    problem = random_problem(
        seed, mentors, mentees, org_factor=2, max_capacity=max_capacity, objective=objective
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(solver, "WARM_SHARE", 1.0)
        patch.setattr(solver, "FIRST_CANDIDATES", 2)  # force several rounds
        result = solve(problem)
    size, worst, total = engine_key(result)
    assert _objective_key(objective, size, worst, total) == pytest.approx(
        networkx_key(objective, problem)
    )
    assert result.quality.optimal
