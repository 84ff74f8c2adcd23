"""Declined topics: parsed and validated with paths, never counted, and a hard rule."""

from dataclasses import replace

import numpy as np
import pytest

from tandem.matching.engine import (
    Mentee,
    Mentor,
    Org,
    Problem,
    ProblemError,
    Rules,
    constraints,
    problem_from_dict,
    solve,
    why_not,
)
from tandem.matching.engine.compiled import compile_problem
from tandem.matching.engine.synthetic import random_problem

ORG = Org(supervisors={"boss": None, "m1": "boss", "m2": "boss", "m3": "boss", "e1": None})
MENTEE = Mentee(
    id="e1",
    languages=frozenset({"de"}),
    goals={"ai": 5},
    declined=frozenset({"social_media", "apps"}),
)
# m1 offers only declined topics; m2 a declined topic and a goal; m3 verified only.
PROBLEM = Problem(
    mentors=(
        Mentor(id="m1", languages=frozenset({"de"}), topics={"social_media": 5, "apps": 5}),
        Mentor(id="m2", languages=frozenset({"de"}), topics={"social_media": 5, "ai": 2}),
        Mentor(id="m3", languages=frozenset({"de"}), verified={"apps": 4}),
    ),
    mentees=(MENTEE,),
    org=ORG,
)


def test_a_mentor_offering_only_declined_topics_is_ruled_out():
    assert why_not(PROBLEM, "m1", "e1").rules == ("declined_topic",)
    assert why_not(PROBLEM, "m3", "e1").rules == ("declined_topic",)  # verified counts too
    assert why_not(PROBLEM, "m2", "e1").rules == ()
    assert [(t.mentor, t.mentee) for t in solve(PROBLEM).tandems] == [("m2", "e1")]


def test_declined_topics_never_count_toward_topic_fit():
    keen = replace(MENTEE, declined=frozenset())
    with_decline = why_not(PROBLEM, "m2", "e1").components
    without = why_not(replace(PROBLEM, mentees=(keen,)), "m2", "e1").components
    assert with_decline == without
    assert with_decline["topic"] == pytest.approx(50 * 2 / 5)  # only the goal ai counts


def test_the_rule_can_be_switched_off():
    relaxed = replace(PROBLEM, rules=Rules(declined_topic=False))
    assert why_not(relaxed, "m1", "e1").rules == ()


def test_a_mentor_offering_nothing_is_not_ruled_out_by_declines():
    problem = replace(PROBLEM, mentors=(Mentor(id="m1", languages=frozenset({"de"})),))
    assert why_not(problem, "m1", "e1").rules == ()


def test_declining_a_topic_nobody_offers_rules_nobody_out():
    mentee = replace(MENTEE, declined=frozenset({"knitting"}))
    problem = replace(PROBLEM, mentees=(mentee,))
    assert all(why_not(problem, m, "e1").rules == () for m in ("m1", "m2", "m3"))


def test_a_fixed_pair_breaking_the_rule_is_kept_and_flagged():
    result = solve(replace(PROBLEM, fixed=(("m1", "e1"),)))
    (tandem,) = result.tandems
    assert (tandem.mentor, tandem.violations) == ("m1", ("declined_topic",))
    assert result.quality.fixed_violations == 1


def test_declined_is_read_from_json():
    data = {
        "mentors": [{"id": "m1", "languages": ["de"], "topics": {"social_media": 4}}],
        "mentees": [{"id": "e1", "languages": ["de"], "declined": ["social_media"]}],
        "org": {"supervisors": {"m1": None, "e1": None}},
    }
    problem = problem_from_dict(data)
    assert problem.mentees[0].declined == frozenset({"social_media"})
    assert why_not(problem, "m1", "e1").status == "infeasible"
    assert problem_from_dict({**data, "mentees": [{"id": "e1"}]}).mentees[0].declined == set()


@pytest.mark.parametrize(
    ("declined", "message"),
    [
        ("ai", "mentees[0].declined: must be a list"),
        ({"ai": 1}, "mentees[0].declined: must be a list"),
        (["ai", 3], "mentees[0].declined[1]: must be a non-empty string"),
        ([""], "mentees[0].declined[0]: must be a non-empty string"),
        (["ai"], "mentee 'e1': topic 'ai' is both a goal and declined"),
    ],
)
def test_bad_declined_lists_are_reported_with_their_path(declined, message):
    data = {
        "mentors": [{"id": "m1"}],
        "mentees": [{"id": "e1", "goals": {"ai": 3}, "declined": declined}],
        "org": {"supervisors": {"m1": None, "e1": None}},
    }
    with pytest.raises(ProblemError) as raised:
        problem_from_dict(data)
    assert message in raised.value.errors


@pytest.mark.parametrize(
    ("declined", "message"),
    [
        ("ai", "declined must be a collection of topics, not a string"),
        (frozenset({""}), "declined topics must be non-empty strings"),
        (frozenset({"ai"}), "topic 'ai' is both a goal and declined"),
    ],
)
def test_hand_built_problems_are_validated_too(declined, message):
    problem = replace(PROBLEM, mentees=(replace(MENTEE, declined=declined),))
    with pytest.raises(ProblemError, match=message):
        solve(problem)


def test_synthetic_programs_exercise_the_rule():
    problem = random_problem(11, 30, 30, topics=3)
    assert any(m.declined for m in problem.mentees)
    c = compile_problem(problem)
    ruled_out = constraints.declined_topic(
        c, np.arange(c.n_mentees)[:, None], np.arange(c.n_mentors)[None, :]
    )
    assert ruled_out.any()
    for tandem in solve(problem).tandems:
        assert not ruled_out[c.mentee_index(tandem.mentee), c.mentor_index(tandem.mentor)]
