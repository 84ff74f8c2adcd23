"""The 0–100 pair score: a weighted sum of named components, each in [0, 1].

topic: goal priority × mentor level (verified first), as a share of the best possible;
style: similarity of the working-style answers; availability: the share of the mentee's
weekly slots the mentor can also make; cross_department: the partners work in different
departments; location: same place (1), or both fine with remote (0.5).
Missing data earns nothing for that component rather than a guess.

The first three are dot products of per-person factors (see ``compiled``), so the
weighted sum of all three is ONE matrix product per block of the full matrix.
"""

import numpy as np

from tandem.matching.engine.compiled import Compiled, Floats, Ints, on_grid
from tandem.matching.engine.features import inner, same_code
from tandem.matching.engine.types import COMPONENTS, GIVEN


def points(c: Compiled, e: Ints, r: Ints) -> dict[str, Floats]:
    """Score points per component; they add up to :func:`score` (up to the grid)."""
    if c.given is not None:
        return {GIVEN: _given(c, e, r)}
    weight = _weights(c)
    return {name: weight[name] * component(c, name, e, r) for name in COMPONENTS}


def score(c: Compiled, e: Ints, r: Ints) -> Floats:
    """The pair score on the solver's grid; infeasible pairs are not masked here."""
    if c.given is not None:
        return _given(c, e, r)
    weight = _weights(c)
    mentee_side = np.hstack([weight[name] * c.linear[name][0] for name in c.linear])
    mentor_side = np.hstack([c.linear[name][1] for name in c.linear])
    total = inner(mentee_side, mentor_side, e, r)
    total += weight["cross_department"] * cross_department(c, e, r)
    total += weight["location"] * location_fit(c, e, r)
    return on_grid(total)


def component(c: Compiled, name: str, e: Ints, r: Ints) -> Floats:
    """One component's value in [0, 1] for the pairs."""
    if name in c.linear:
        mentee_factor, mentor_factor = c.linear[name]
        return inner(mentee_factor, mentor_factor, e, r)
    return cross_department(c, e, r) if name == "cross_department" else location_fit(c, e, r)


def cross_department(c: Compiled, e: Ints, r: Ints) -> Floats:
    known = (c.dept_mentee[e] >= 0) & (c.dept_mentor[r] >= 0)
    return (known & ~same_code(c.dept_mentee, c.dept_mentor, e, r)).astype(np.float64)


def location_fit(c: Compiled, e: Ints, r: Ints) -> Floats:
    same_place = same_code(c.place_mentee, c.place_mentor, e, r)
    both_remote = c.remote_mentee[e] & c.remote_mentor[r]
    return np.where(same_place, 1.0, np.where(both_remote, 0.5, 0.0))


def _weights(c: Compiled) -> dict[str, float]:
    """Component weights scaled so that a perfect pair scores 100."""
    raw = {name: float(getattr(c.problem.weights, name)) for name in COMPONENTS}
    scale = 100.0 / sum(raw.values())
    return {name: w * scale for name, w in raw.items()}


def _given(c: Compiled, e: Ints, r: Ints) -> Floats:
    assert c.given is not None  # noqa: S101 - callers check
    return c.given.gather(e, r, c.given_scores, fill=0.0)
