"""The reporting-line rule against a naive walk up the supervisor chain; org-chart errors."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.matching.engine import Mentee, Mentor, Org, Problem, ProblemError, solve
from tandem.matching.engine.compiled import compile_problem
from tandem.matching.engine.constraints import reporting_line
from tandem.matching.engine.orgchart import org_errors


def deep_tree(seed: int, size: int) -> dict[str, str | None]:
    rng = random.Random(seed)
    # Mostly chains (depth ~ size / 2) with some branching, ids in shuffled order.
    names = [f"P{k}" for k in rng.sample(range(size), size)]
    return {
        names[k]: None if k == 0 else names[max(0, k - rng.choice([1, 1, 1, 2, 5]))]
        for k in range(size)
    }


def wide_forest(seed: int, size: int) -> dict[str, str | None]:
    rng = random.Random(seed)
    # Shallow and wide: a few tops, everyone else under a random earlier person.
    names = [f"P{k}" for k in rng.sample(range(size), size)]
    return {
        names[k]: None
        if k == 0 or rng.random() < 0.05
        else names[rng.randrange(min(k, 3))]
        if rng.random() < 0.3
        else names[rng.randrange(k)]
        for k in range(size)
    }


def above(supervisors: dict[str, str | None], boss: str, person: str) -> bool:
    current = supervisors[person]
    while current is not None:
        if current == boss:
            return True
        current = supervisors[current]
    return False


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(2, 400), shape=st.sampled_from([0, 1]))
def test_reporting_line_matches_a_naive_ancestor_walk(seed, size, shape):
    supervisors = (deep_tree, wide_forest)[shape](seed, size)
    people = sorted(supervisors)
    problem = Problem(
        mentors=tuple(Mentor(id=p) for p in people),
        mentees=tuple(Mentee(id=p) for p in people),
        org=Org(supervisors=supervisors),
    )
    c = compile_problem(problem)
    e = np.arange(len(people))[:, None]
    r = np.arange(len(people))[None, :]
    fast = reporting_line(c, e, r)
    rng = random.Random(seed)
    for _ in range(300):
        a, b = rng.randrange(len(people)), rng.randrange(len(people))
        naive = (
            a == b
            or above(supervisors, people[a], people[b])
            or above(supervisors, people[b], people[a])
        )
        assert fast[a, b] == naive


def test_a_chain_deeper_than_the_recursion_limit_is_handled():
    size = 5000
    supervisors = {f"P{k}": (f"P{k - 1}" if k else None) for k in range(size)}
    assert org_errors(supervisors) == []


def test_a_boss_with_a_huge_team_and_many_tops_are_handled():
    size = 100_000
    star = {f"P{k}": (None if k == 0 else "P0") for k in range(size)}
    tops = dict.fromkeys(star)
    assert org_errors(star) == []
    assert org_errors(tops) == []


def test_people_below_a_cycle_are_reported_with_the_cycle():
    errors = org_errors({"A": "B", "B": "A", "C": "A", "D": None})
    assert errors == ["org.supervisors: supervisor cycle A → B → A"]


def test_supervisor_cycle_is_reported_with_its_path():
    errors = org_errors({"A": "B", "B": "C", "C": "A", "D": None})
    assert errors == ["org.supervisors: supervisor cycle A → B → C → A"]


def test_unknown_supervisor_is_reported():
    errors = org_errors({"A": "Z", "B": None})
    assert errors == ["org.supervisors: the supervisor of 'A' is 'Z', which is not an employee"]


def test_solve_rejects_participants_missing_from_the_org_chart():
    problem = Problem(mentors=(Mentor(id="A"),), mentees=(Mentee(id="B"),), org=Org({"A": None}))
    with pytest.raises(ProblemError, match="no entry for 'B'"):
        solve(problem)
