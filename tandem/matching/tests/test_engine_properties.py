"""Invariants of every matching on random programs, checked against naive rule code."""

import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.matching.engine import Mentee, Mentor, Org, Problem, Rules, constraints, solve
from tandem.matching.engine.compiled import compile_problem
from tandem.matching.engine.explain import blocking_pairs
from tandem.matching.engine.matrices import feasibility_matrix, score_matrix
from tandem.matching.engine.synthetic import random_problem


def naive_rule_breaks(problem: Problem, mentor_id: str, mentee_id: str) -> set[str]:
    """The hard rules, written the slow and obvious way (no Euler tour, no matrices)."""
    mentor = next(m for m in problem.mentors if m.id == mentor_id)
    mentee = next(m for m in problem.mentees if m.id == mentee_id)
    rules = problem.rules
    broken = set()

    def chain(person: str) -> list[str]:
        above = []
        boss = problem.org.supervisors.get(person)
        while boss is not None:
            above.append(boss)
            boss = problem.org.supervisors.get(boss)
        return above

    if mentor_id == mentee_id:
        broken.add("same_person")
    if rules.reporting_line and (mentee_id in chain(mentor_id) or mentor_id in chain(mentee_id)):
        broken.add("reporting_line")
    if rules.same_team and mentor.team is not None and mentor.team == mentee.team:
        broken.add("same_team")
    appraisers = problem.org.appraisers
    if rules.appraisal and (
        mentee_id in appraisers.get(mentor_id, ()) or mentor_id in appraisers.get(mentee_id, ())
    ):
        broken.add("appraisal")
    if rules.shared_language and not mentor.languages & mentee.languages:
        broken.add("no_shared_language")
    offered = set(mentor.topics) | set(mentor.verified)
    if rules.declined_topic and offered and offered <= set(mentee.declined):
        broken.add("declined_topic")
    if rules.excluded and (mentor_id, mentee_id) in problem.excluded:
        broken.add("excluded")
    if rules.earlier_pairing and (mentor_id, mentee_id) in problem.earlier:
        broken.add("earlier_pairing")
    if problem.scores is not None and mentee_id not in problem.scores.get(mentor_id, {}):
        broken.add("no_score")
    return broken


problems = st.builds(
    random_problem,
    seed=st.integers(0, 10**6),
    mentors=st.integers(1, 30),
    mentees=st.integers(1, 30),
    topics=st.integers(1, 8),
    org_factor=st.integers(1, 3),
    max_capacity=st.integers(1, 3),
    objective=st.sampled_from(["total", "fairness", "coverage"]),
    fixed=st.integers(0, 2),
    pairs_excluded=st.integers(0, 10),
    given_scores=st.booleans(),
)


@settings(max_examples=120, deadline=None)
@given(problems)
def test_matching_breaks_no_rule_and_respects_capacity(problem):
    result = solve(problem)
    fixed = set(problem.fixed)
    for tandem in result.tandems:
        pair = (tandem.mentor, tandem.mentee)
        broken = naive_rule_breaks(problem, *pair)
        if pair in fixed:
            assert set(tandem.violations) == broken
        else:
            assert broken == set(), pair
    assert result.quality.violations == 0
    assert fixed <= {(t.mentor, t.mentee) for t in result.tandems}
    mentees = [t.mentee for t in result.tandems]
    assert len(mentees) == len(set(mentees))
    capacity = {m.id: m.capacity for m in problem.mentors}
    for mentor_id, seats in capacity.items():
        assert sum(t.mentor == mentor_id for t in result.tandems) <= seats
    assert result.quality.optimal


@settings(max_examples=40, deadline=None)
@given(problems, st.randoms(use_true_random=False))
def test_result_is_deterministic_and_independent_of_input_order(problem, rnd: random.Random):
    shuffled = replace(
        problem,
        mentors=tuple(rnd.sample(problem.mentors, len(problem.mentors))),
        mentees=tuple(rnd.sample(problem.mentees, len(problem.mentees))),
        excluded=tuple(rnd.sample(problem.excluded, len(problem.excluded))),
    )
    first, again, other = solve(problem), solve(problem), solve(shuffled)
    assert first.tandems == again.tandems == other.tandems
    assert first.unmatched == other.unmatched


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6))
def test_switching_a_rule_off_never_lowers_the_optimum(seed):
    strict = random_problem(seed, 12, 12, org_factor=2)
    relaxed = replace(strict, rules=Rules(same_team=False, shared_language=False))
    assert solve(relaxed).quality.total >= solve(strict).quality.total


def test_unmatched_people_carry_a_reason():
    problem = random_problem(7, 5, 20, max_capacity=1)
    result = solve(problem)
    assert len(result.unmatched) >= 15
    assert {u.reason for u in result.unmatched if u.role == "mentee"} <= {
        "capacity",
        "no_feasible_partner",
    }
    partners = [u.details["feasible_partners"] for u in result.unmatched]
    assert all(isinstance(n, int) and n >= 0 for n in partners)


@settings(max_examples=30, deadline=None)
@given(problems)
def test_rules_on_bit_codes_agree_with_the_dot_products(problem):
    """Sets of up to 62 members are compared as integer bits; larger ones by dot products."""
    c = compile_problem(problem)
    rules = Rules(common_availability=True, topic_overlap=True)
    c = replace(c, problem=replace(problem, rules=rules))
    e = np.arange(c.n_mentees)[:, None]
    r = np.arange(c.n_mentors)[None, :]
    with_bits = constraints.violations(c, e, r)
    without = constraints.violations(replace(c, bits={}), e, r)
    assert with_bits.keys() == without.keys()
    for code, broken in with_bits.items():
        assert np.array_equal(broken, without[code]), code


@pytest.mark.parametrize("count", [8, 9, 64, 65])
def test_many_languages_and_topics_are_compared_exactly(count):
    """Up to 64 members fit one integer of bits; more fall back to dot products."""
    names = [f"x{k:02d}" for k in range(count)]
    mentors = tuple(
        Mentor(id=f"m{k:02d}", languages=frozenset({names[k]}), topics={names[k]: 3})
        for k in range(count)
    )
    mentees = tuple(
        Mentee(id=f"e{k:02d}", languages=frozenset({names[-1 - k]}), declined=frozenset({names[k]}))
        for k in range(count)
    )
    org = Org(supervisors={p.id: None for p in (*mentors, *mentees)})
    c = compile_problem(Problem(mentors=mentors, mentees=mentees, org=org))
    assert ("lang_mentee" in c.bits) == (count <= 64)
    e = np.arange(count)[:, None]
    r = np.arange(count)[None, :]
    broken = constraints.violations(c, e, r)
    # Mentee k speaks only mentor (count - 1 - k)'s language and declined mentor k's topic.
    assert np.array_equal(~broken["no_shared_language"], e + r == count - 1)
    assert np.array_equal(broken["declined_topic"], e == r)


@settings(max_examples=40, deadline=None)
@given(problems.filter(lambda p: p.fixed))
def test_explanations_see_every_feasible_score_despite_masking(problem):
    """The solver masks fixed mentees' rows and full mentors' columns in place; blocking
    pairs, options and tandem scores must still see the scores of all feasible pairs."""
    result = solve(problem)
    c = compile_problem(problem)
    score, feasible = score_matrix(c), feasibility_matrix(c)
    mentor_of = np.full(c.n_mentees, -1)
    for tandem in result.tandems:
        e, r = c.mentee_index(tandem.mentee), c.mentor_index(tandem.mentor)
        mentor_of[e] = r
        assert tandem.score == float(score[e, r])
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=c.n_mentors)
    assert result.quality.blocking_pairs == blocking_pairs(
        score, feasible, mentor_of, c.capacity, load
    )
    for person in result.unmatched:
        options = feasible[c.mentee_index(person.id)] if person.role == "mentee" else None
        if options is None:
            options = feasible[:, c.mentor_index(person.id)]
        assert person.details["feasible_partners"] == int(options.sum())
