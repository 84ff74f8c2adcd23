"""The hard rules: which pairs may never form a tandem, each with its reason code."""

from collections.abc import Callable

import numpy as np

from tandem.matching.engine import types as t
from tandem.matching.engine.compiled import Bits, Bools, Compiled, Ints
from tandem.matching.engine.features import inner, same_code

type Rule = Callable[[Compiled, Ints, Ints], Bools]


def violations(c: Compiled, e: Ints, r: Ints) -> dict[str, Bools]:
    """For every active rule, where the pairs break it (True = broken)."""
    return {code: rule(c, e, r) for code, rule in active_rules(c).items()}


def feasible(c: Compiled, e: Ints, r: Ints) -> Bools:
    """Pairs that break no active rule."""
    broken = np.zeros(np.broadcast_shapes(e.shape, r.shape), dtype=bool)
    for rule in active_rules(c).values():
        broken |= rule(c, e, r)
    return np.logical_not(broken, out=broken)


def active_rules(c: Compiled) -> dict[str, Rule]:
    rules = c.problem.rules
    switches = {
        t.SAME_PERSON: True,
        t.REPORTING_LINE: rules.reporting_line,
        t.SAME_TEAM: rules.same_team,
        t.APPRAISAL: rules.appraisal,
        t.SAME_DEPARTMENT: rules.same_department,
        t.NO_SHARED_LANGUAGE: rules.shared_language,
        t.NO_COMMON_AVAILABILITY: rules.common_availability,
        t.NO_TOPIC_OVERLAP: rules.topic_overlap and c.given is None,
        t.DECLINED_TOPIC: rules.declined_topic and bool(c.declined.any()),
        t.EARLIER_PAIRING: rules.earlier_pairing,
        t.EXCLUDED: rules.excluded,
        t.NO_SCORE: c.given is not None,
    }
    return {code: _RULES[code] for code, on in switches.items() if on}


def same_person(c: Compiled, e: Ints, r: Ints) -> Bools:
    return np.equal(c.mentor_of_person[e], r)


def reporting_line(c: Compiled, e: Ints, r: Ints) -> Bools:
    """Either partner is anywhere above the other: both org-chart walks agree on who is first.

    People in different branches are ordered one way by the first walk and the other way
    by the second (which visits every team in reverse); a person's whole subtree comes
    after them in both.
    """
    return np.equal(c.walk_mentee[e] < c.walk_mentor[r], c.back_mentee[e] < c.back_mentor[r])


def same_team(c: Compiled, e: Ints, r: Ints) -> Bools:
    return same_code(c.team_mentee, c.team_mentor, e, r)


def same_department(c: Compiled, e: Ints, r: Ints) -> Bools:
    return same_code(c.dept_mentee, c.dept_mentor, e, r)


def appraisal(c: Compiled, e: Ints, r: Ints) -> Bools:
    return c.appraisal.contains(e, r)


def no_shared_language(c: Compiled, e: Ints, r: Ints) -> Bools:
    if "lang_mentee" in c.bits and "lang_mentor" in c.bits:
        return _disjoint(c.bits["lang_mentee"][e], c.bits["lang_mentor"][r])
    return np.equal(inner(c.lang_mentee, c.lang_mentor, e, r), 0)


def no_common_availability(c: Compiled, e: Ints, r: Ints) -> Bools:
    if "slot_mentee" in c.bits and "slot_mentor" in c.bits:
        return _disjoint(c.bits["slot_mentee"][e], c.bits["slot_mentor"][r])
    return np.equal(inner(c.slot_mentee, c.slot_mentor, e, r), 0)


def no_topic_overlap(c: Compiled, e: Ints, r: Ints) -> Bools:
    if "goal" in c.bits and "offered" in c.bits:
        return _disjoint(c.bits["goal"][e], c.bits["offered"][r])
    return np.equal(inner(c.priority, c.level, e, r), 0)


def declined_topic(c: Compiled, e: Ints, r: Ints) -> Bools:
    """The mentor offers topics, and the mentee declined every one of them."""
    if "declined" in c.bits and "offered" in c.bits:
        offered = c.bits["offered"][r]
        ruled_out: Bools = (offered != 0) & _disjoint(~c.bits["declined"][e], offered)
        return ruled_out
    offers = c.offer_count[r]
    return (offers > 0) & np.equal(inner(c.declined, c.offered, e, r), offers)


def _disjoint(a: Bits, b: Bits) -> Bools:
    both = a & b
    disjoint: Bools = np.equal(both, 0)
    return disjoint


def earlier_pairing(c: Compiled, e: Ints, r: Ints) -> Bools:
    return c.earlier.contains(e, r)


def excluded(c: Compiled, e: Ints, r: Ints) -> Bools:
    return c.excluded.contains(e, r)


def no_score(c: Compiled, e: Ints, r: Ints) -> Bools:
    assert c.given is not None  # noqa: S101 - only active with given scores
    return ~c.given.contains(e, r)


_RULES: dict[str, Rule] = {
    t.SAME_PERSON: same_person,
    t.REPORTING_LINE: reporting_line,
    t.SAME_TEAM: same_team,
    t.APPRAISAL: appraisal,
    t.SAME_DEPARTMENT: same_department,
    t.NO_SHARED_LANGUAGE: no_shared_language,
    t.NO_COMMON_AVAILABILITY: no_common_availability,
    t.NO_TOPIC_OVERLAP: no_topic_overlap,
    t.DECLINED_TOPIC: declined_topic,
    t.EARLIER_PAIRING: earlier_pairing,
    t.EXCLUDED: excluded,
    t.NO_SCORE: no_score,
}
