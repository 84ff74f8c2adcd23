"""The 0–100 pair score: a weighted sum of named components, each in [0, 1].

topic: goal priority × mentor level (verified first), as a share of the best possible;
style: similarity of the working-style answers; availability: the share of the mentee's
weekly slots the mentor can also make; cross_department: the partners work in different
departments; location: same place (1), or both fine with remote (0.5).
Missing data earns nothing for that component rather than a guess.

The first three are dot products of per-person factors (see ``compiled``), and so are
the last two through one-hot codes (see ``_code_factors``), so the whole weighted score is
ONE matrix product per block of the full matrix, written straight into the result.
"""

import numpy as np

from tandem.matching.engine.compiled import GRID, Bools, Compiled, Floats, Ints, Scores
from tandem.matching.engine.features import inner, same_code
from tandem.matching.engine.types import COMPONENTS, GIVEN

MAX_CODES = 64  # more departments or places than this: compare codes cell by cell instead


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
    mentee_side, mentor_side, few_codes = _sides(c)
    total = inner(mentee_side, mentor_side, e, r)
    if not few_codes:
        weight = _weights(c)
        total += weight["cross_department"] * cross_department(c, e, r)
        total += weight["location"] * location_fit(c, e, r)
    return _round_in_place(total)


def score_matrix(c: Compiled, rows_per_block: int) -> Scores:
    """All pair scores, mentee × mentor, block by block (float32: exact on the grid)."""
    n, m = c.n_mentees, c.n_mentors
    out = np.empty((n, m), dtype=np.float32)
    sides = _sides(c) if c.given is None else None
    mentor_side = np.ascontiguousarray(sides[1].T) if sides is not None else None
    # Scaling by the grid (a power of two) is exact, so the product is already score × 1024.
    mentee_side = sides[0] * GRID if sides is not None else None
    mentors = np.arange(m, dtype=np.int64)[None, :]
    work = np.empty((min(rows_per_block, n), m))
    for start in range(0, n, rows_per_block):
        block = out[start : start + rows_per_block]
        if sides is not None and sides[2] and mentor_side is not None and mentee_side is not None:
            total = work[: block.shape[0]]
            np.matmul(mentee_side[start : start + rows_per_block], mentor_side, out=total)
            np.rint(total, out=total)
            np.multiply(total, 1 / GRID, out=block, casting="same_kind")
        else:
            mentees = np.arange(start, start + block.shape[0], dtype=np.int64)[:, None]
            block[...] = score(c, mentees, mentors)
    return out


def _sides(c: Compiled) -> tuple[Floats, Floats, bool]:
    """Weighted mentee factors, mentor factors, and whether they hold every component."""
    weight = _weights(c)
    codes = np.concatenate([c.dept_mentee, c.dept_mentor, c.place_mentee, c.place_mentor])
    few_codes = codes.size == 0 or int(codes.max()) < MAX_CODES
    factors = {**c.linear, **(_code_factors(c) if few_codes else {})}
    mentee_side = np.hstack([weight[name] * factors[name][0] for name in factors])
    mentor_side = np.hstack([factors[name][1] for name in factors])
    return mentee_side, mentor_side, few_codes


def _round_in_place(total: Floats) -> Floats:
    """:func:`on_grid`, without a temporary."""
    total *= GRID
    np.round(total, out=total)
    total /= GRID
    return total


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


def _code_factors(c: Compiled) -> dict[str, tuple[Floats, Floats]]:
    """cross_department and location_fit as dot products of per-person factors.

    With one-hot codes D (known department) and P (known place), k = department known and
    q = remote: cross_department = k_e k_r - D_e . D_r, and location_fit =
    S + R/2 - S R/2 with S = P_e . P_r and R = q_e q_r, where S R = (q_e P_e) . (q_r P_r).
    """
    depts = 1 + int(max(c.dept_mentee.max(initial=-1), c.dept_mentor.max(initial=-1)))
    places = 1 + int(max(c.place_mentee.max(initial=-1), c.place_mentor.max(initial=-1)))

    def one_hot(codes: Ints, width: int) -> Floats:
        out = np.zeros((codes.size, width))
        known = np.nonzero(codes >= 0)[0]
        out[known, codes[known]] = 1.0
        return out

    def column(flags: Bools) -> Floats:
        return flags.astype(np.float64)[:, None]

    d_e, d_r = one_hot(c.dept_mentee, depts), one_hot(c.dept_mentor, depts)
    p_e, p_r = one_hot(c.place_mentee, places), one_hot(c.place_mentor, places)
    q_e, q_r = column(c.remote_mentee), column(c.remote_mentor)
    return {
        "cross_department": (
            np.hstack([column(c.dept_mentee >= 0), -d_e]),
            np.hstack([column(c.dept_mentor >= 0), d_r]),
        ),
        "location": (
            np.hstack([p_e, 0.5 * q_e, -0.5 * q_e * p_e]),
            np.hstack([p_r, q_r, q_r * p_r]),
        ),
    }


def _weights(c: Compiled) -> dict[str, float]:
    """Component weights scaled so that a perfect pair scores 100."""
    raw = {name: float(getattr(c.problem.weights, name)) for name in COMPONENTS}
    scale = 100.0 / sum(raw.values())
    return {name: w * scale for name, w in raw.items()}


def _given(c: Compiled, e: Ints, r: Ints) -> Floats:
    assert c.given is not None  # noqa: S101 - callers check
    return c.given.gather(e, r, c.given_scores, fill=0.0)
