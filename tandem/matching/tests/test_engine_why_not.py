"""``why_not`` names the broken rules or prices the alternative exactly."""

from dataclasses import replace

import pytest

from tandem.matching.engine import Mentee, Mentor, Org, Problem, ProblemError, solve, why_not
from tandem.matching.engine.synthetic import random_problem

ORG = Org(
    supervisors={"boss": None, "m1": "boss", "m2": "boss", "e1": None, "e2": None},
    appraisers={"m1": frozenset({"e2"})},
)
# m1 may not mentor e2 (appraisal); m2 shares no language with e1.
PROBLEM = Problem(
    mentors=(
        Mentor(id="m1", languages=frozenset({"de"}), topics={"ai": 5}, team="T1"),
        Mentor(id="m2", languages=frozenset({"en"}), topics={"ai": 2}, team="T2"),
    ),
    mentees=(
        Mentee(id="e1", languages=frozenset({"de"}), goals={"ai": 5}, team="T3"),
        Mentee(id="e2", languages=frozenset({"de", "en"}), goals={"ai": 5}, team="T4"),
    ),
    org=ORG,
)


def test_chosen_pair_is_reported_as_matched():
    answer = why_not(PROBLEM, "m1", "e1")
    assert answer.status == "matched"
    assert answer.mentee_partner == "m1"


def test_infeasible_pair_names_every_broken_rule():
    problem = replace(PROBLEM, excluded=(("m1", "e2"),))
    answer = why_not(problem, "m1", "e2")
    assert answer.status == "infeasible"
    assert answer.rules == ("appraisal", "excluded")
    assert why_not(PROBLEM, "m2", "e1").rules == ("no_shared_language",)


def test_feasible_pair_not_chosen_reports_the_exact_cost_of_forcing_it():
    problem = random_problem(3, 15, 15)
    result = solve(problem)
    chosen = {(t.mentor, t.mentee) for t in result.tandems}
    mentor, mentee = next(
        (m.id, e.id)
        for m in problem.mentors
        for e in problem.mentees
        if (m.id, e.id) not in chosen
        and why_not(problem, m.id, e.id, result).status == "not_chosen"
    )
    answer = why_not(problem, mentor, mentee, result)
    forced = solve(replace(problem, fixed=((mentor, mentee),)))
    assert answer.total_change == pytest.approx(
        forced.quality.total - result.quality.total, abs=1e-3
    )
    assert answer.total_change is not None
    assert answer.total_change <= 0  # the optimum cannot be beaten
    assert answer.rules == ()


def test_unknown_ids_raise_a_clear_error():
    with pytest.raises(ProblemError, match="unknown mentor 'nobody'"):
        why_not(PROBLEM, "nobody", "e1")
