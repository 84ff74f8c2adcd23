"""Provably optimal many-to-one matching on sparse candidate sets.

The problem is a maximum-weight b-matching: each mentee takes at most one mentor, each
mentor at most ``capacity`` mentees, pairs carry weights ``w >= 0`` or are not allowed.
Its linear programme has the dual

    minimise  sum_j v_j + sum_i capacity_i * u_i
    such that u_i + v_j >= w_ij for every allowed pair,  u, v >= 0,

and any feasible dual bounds every matching from above (weak duality). The solver

1. picks a few promising mentors per mentee (highest weight after discounting each
   mentor's popularity),
2. solves exactly on those candidates (``min_weight_full_bipartite_matching``, capacity
   by repeating mentor columns, "unmatched" by one private dummy column per mentee),
3. reads optimal duals off the residual graph (shortest-path potentials),
4. checks ``u_i + v_j >= w_ij`` against the FULL weight matrix; pairs that break it
   join the candidates and the loop repeats.

When no pair breaks it and the dual objective equals the matching's weight, the
matching is optimal over all pairs: that is the certificate behind ``optimal: true``.
Weights sit on a 1/1024 grid, so all of this is exact arithmetic in float64.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from tandem.matching.engine.compiled import Bools, Floats, Ints, Scores

# Cells per block of rows in full-matrix passes (8 MB of float64): small enough that the
# allocator recycles the temporaries instead of mapping fresh pages for every block.
CHUNK_CELLS = 1 << 20
FIRST_CANDIDATES = 12  # per mentee in the first round
MORE_CANDIDATES = 20  # most violated pairs added per mentee in each further round
# With a mentee's violated pairs come its pairs within this many points of violating:
# the duals move when pairs join, and taking the nearly tight ones too saves rounds.
NEAR = 5.0
MAX_ROUNDS = 60
# A round that adds at most this share of new pairs starts from the last round's duals.
WARM_SHARE = 0.05
POPULARITY_ROWS = 2048  # mentees sampled (evenly spaced) for the mentors' mean scores


@dataclass(frozen=True)
class Weighting:
    """Pair weights derived from scores: usable pairs score at least ``threshold``.

    ``masked`` holds the scores of allowed pairs and -inf elsewhere (float32, exact on the
    grid). ``bonus`` is added to every usable pair; a bonus larger than any total of
    scores makes each extra tandem worth more than any score gain (the coverage objective).
    """

    masked: Scores  # mentee × mentor
    threshold: float = -np.inf
    bonus: float = 0.0

    @property
    def shape(self) -> tuple[int, int]:
        n, m = self.masked.shape
        return n, m

    def reduced[T: np.floating](
        self, start: int, stop: int, price: npt.NDArray[T]
    ) -> npt.NDArray[T]:
        """``score - price`` on the usable pairs of a block, -inf elsewhere, in the dtype
        of ``price`` (exact: see :func:`_exact_dtype`)."""
        block = self.masked[start:stop]
        out: npt.NDArray[T] = np.subtract(block, price, dtype=price.dtype)
        if self.threshold > -np.inf:
            np.putmask(out, block < self.threshold, -np.inf)
        return out

    def at(self, e: Ints, r: Ints) -> Floats:
        score = self.masked[e, r].astype(np.float64)
        return np.where(score >= self.threshold, score + self.bonus, -np.inf)


@dataclass(frozen=True)
class Solution:
    """A matching (``mentor_of[mentee]``, -1 = none) and its proof status."""

    mentor_of: Ints
    weight: float
    bound: float  # the dual objective: no matching can weigh more
    proven: bool
    rounds: int
    candidates: Ints  # the final candidate pairs as keys mentee * n_mentors + mentor
    duals: tuple[Floats, Floats] | None = None  # the last round's (u, v), on the candidates

    @property
    def size(self) -> int:
        return int((self.mentor_of >= 0).sum())


def maximise(
    weighting: Weighting,
    capacity: Ints,
    seed: Ints | None = None,
    *,
    warm: tuple[Floats, Floats] | None = None,
) -> Solution:
    """The maximum-weight matching under ``weighting``, certified against all pairs.

    ``seed`` replaces the first candidates and ``warm`` gives duals to start from, both
    from a closely related run (any duals keep the first solve exact; good ones make it
    fast). The pricing passes add whatever the seed lacks.
    """
    n, m = weighting.shape
    keys = seed if seed is not None else _first_candidates(weighting, _popularity(weighting))
    tolerance = 0.5 / 1024  # below the grid: any true violation is at least 1/1024
    duals = warm
    added = 0 if warm is not None else keys.size
    for rounds in range(1, MAX_ROUNDS + 1):
        e, r = keys // m, keys % m
        w = weighting.at(e, r)
        allowed = np.isfinite(w)
        keys, e, r, w = keys[allowed], e[allowed], r[allowed], w[allowed]
        warm = duals if duals is not None and added <= WARM_SHARE * keys.size else None
        mentor_of = _assign_compact(e, r, w, n, capacity, duals=warm)
        u, v = _duals(e, r, w, mentor_of, m)
        weight = float(_matched_weights(weighting, mentor_of).sum())
        bound = float(v.sum() + (capacity * u).sum())
        # The bonus is folded into the mentor prices: w - u = score - (u - bonus), exactly.
        missing = _violated(weighting, u - weighting.bonus, v, floor=tolerance)
        if missing.size == 0:
            proven = bound <= weight + tolerance
            return Solution(mentor_of, weight, bound, proven, rounds, keys, (u, v))
        before = keys.size
        keys = np.union1d(keys, missing)
        added, duals = keys.size - before, (u, v)
    return Solution(mentor_of, weight, bound, False, MAX_ROUNDS, keys, (u, v))


def max_cardinality(e: Ints, r: Ints, n: int, capacity: Ints) -> int:
    """Size of a largest matching using only the given pairs (Hopcroft–Karp)."""
    rows, cols, _, n_slots = _expand(e, r, np.zeros(e.size), capacity)
    graph = csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, max(n_slots, 1)))
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def rows_per_chunk(n_columns: int) -> int:
    return max(1, CHUNK_CELLS // max(n_columns, 1))


def _popularity(weighting: Weighting) -> Scores:
    """Mean score of each mentor's usable pairs, centred: a first guess at the duals u.

    Discounting popular mentors spreads the first candidates over many mentors instead of
    giving every mentee the same few stars. Only a guess, so evenly spaced rows will do.
    """
    n, m = weighting.shape
    stride = max(1, n // POPULARITY_ROWS)
    step = rows_per_chunk(m) * stride
    total = np.zeros(m)
    count = np.zeros(m)
    for start in range(0, n, step):
        block = weighting.masked[start : start + step : stride]
        usable = block >= max(weighting.threshold, 0.0)  # scores are >= 0, -inf = not allowed
        count += usable.sum(axis=0)
        total += np.where(usable, block, np.float32(0)).sum(axis=0)
    mean = np.divide(total, count, out=np.zeros(m), where=count > 0)
    centred = mean - mean[count > 0].mean() if count.any() else mean
    return centred.astype(np.float32)


def _first_candidates(weighting: Weighting, popularity: Scores) -> Ints:
    """Keys of each mentee's ``FIRST_CANDIDATES`` usable pairs with the largest
    ``score - popularity``; a heuristic, so computed in float32."""
    n, m = weighting.shape
    k = min(FIRST_CANDIDATES, m)
    found = [np.zeros(0, dtype=np.int64)]
    step = rows_per_chunk(m)
    for start in range(0, n, step):
        block = weighting.masked[start : start + step]
        value = block - popularity
        if weighting.threshold > -np.inf:
            np.putmask(value, block < weighting.threshold, -np.inf)
        rows = np.arange(start, start + block.shape[0], dtype=np.int64)
        found.append(_top(value, rows, k, m, floor=-np.inf))
    return np.sort(np.concatenate(found))  # distinct already: k columns per row


# Grid values k / 1024 with |k| < 2**24 are exact in float32, and so is the difference of
# two of them while it stays in that range: prices and duals below this bound keep every
# reduced weight (score - price - v) exact in float32.
EXACT_IN_FLOAT32 = 4096.0


def _exact_dtype(*values: Floats) -> type[np.floating]:
    small = all(np.abs(x).max(initial=0.0) < EXACT_IN_FLOAT32 for x in values)
    return np.float32 if small else np.float64


def _violated(weighting: Weighting, price: Floats, v: Floats, *, floor: float) -> Ints:
    """Keys of the pairs that break ``price + v >= score`` by more than ``floor``.

    For each mentee with such a pair, its ``MORE_CANDIDATES`` pairs with the largest
    reduced weight ``score - price - v`` above ``floor - NEAR``. A row maximum skips
    the mentees without one; a partial sort picks from the others.
    """
    n, m = weighting.shape
    k = min(MORE_CANDIDATES, m)
    found = [np.zeros(0, dtype=np.int64)]
    step = rows_per_chunk(m)
    dtype = _exact_dtype(price, v)
    price, v = price.astype(dtype), v.astype(dtype)
    for start in range(0, n, step):
        reduced = weighting.reduced(start, start + step, price)
        rows = np.arange(start, start + reduced.shape[0], dtype=np.int64)
        hot = reduced.max(axis=1) - v[rows] > floor
        if not hot.any():
            continue
        rows, reduced = rows[hot], reduced[hot]
        reduced -= v[rows, None]
        found.append(_top(reduced, rows, k, m, floor=floor - NEAR))
    return np.unique(np.concatenate(found))


def _top[T: np.floating](
    values: np.ndarray[tuple[int, int], np.dtype[T]], rows: Ints, k: int, m: int, *, floor: float
) -> Ints:
    """Keys of the ``k`` largest values of each row that exceed ``floor``."""
    if k < m:
        cols = np.argpartition(values, m - k, axis=1)[:, m - k :]
        picked = np.take_along_axis(values, cols, axis=1)
    else:
        cols = np.broadcast_to(np.arange(m, dtype=np.int64), values.shape)
        picked = values
    keep = picked > floor
    return (rows[:, None] * m + cols)[keep]


def _expand(e: Ints, r: Ints, w: Floats, capacity: Ints) -> tuple[Ints, Ints, Floats, int]:
    """Repeat each pair once per seat of its mentor; returns rows, seat columns, weights."""
    first_seat = np.concatenate([[0], np.cumsum(capacity)[:-1]])
    seats = capacity[r]
    rows = np.repeat(e, seats)
    offset = np.arange(rows.size) - np.repeat(np.cumsum(seats) - seats, seats)
    cols = np.repeat(first_seat[r], seats) + offset
    return rows, cols.astype(np.int64), np.repeat(w, seats), int(capacity.sum())


def _assign_compact(
    e: Ints, r: Ints, w: Floats, n: int, capacity: Ints, *, duals: tuple[Floats, Floats] | None
) -> Ints:
    """An optimal matching on the candidate pairs, solved over only the mentees and mentors
    that have one (everyone else stays unmatched), cold or from earlier ``duals``."""
    mentees, e_at = _present(e, n)
    mentors, r_at = _present(r, capacity.size)
    if duals is None:
        compact = _assign(e_at, r_at, w, mentees.size, capacity[mentors])
    else:
        u, v = duals
        warm = (u[mentors], v[mentees])
        compact = _assign_warm(e_at, r_at, w, mentees.size, capacity[mentors], duals=warm)
    mentor_of = np.full(n, -1, dtype=np.int64)
    matched = compact >= 0
    mentor_of[mentees[matched]] = mentors[compact[matched]]
    return mentor_of


def _present(index: Ints, size: int) -> tuple[Ints, Ints]:
    """The distinct values of ``index`` (sorted) and each entry's position among them."""
    seen = np.zeros(size, dtype=bool)
    seen[index] = True
    position = np.cumsum(seen) - 1
    return np.flatnonzero(seen), position[index]


def _assign(e: Ints, r: Ints, w: Floats, n: int, capacity: Ints) -> Ints:
    """An optimal matching on the candidate pairs (exact sparse Jonker–Volgenant)."""
    rows, cols, weights, n_seats = _expand(e, r, w, capacity)
    top = float(weights.max()) + 1.0 if weights.size else 1.0
    # Costs stay >= 1 so that no stored entry is zero; the dummy "stay unmatched" column
    # of each mentee costs exactly what a zero-weight pair costs.
    graph = csr_matrix(
        (
            np.concatenate([top - weights, np.full(n, top)]),
            (np.concatenate([rows, np.arange(n)]), np.concatenate([cols, n_seats + np.arange(n)])),
        ),
        shape=(n, n_seats + n),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    seat_owner = np.repeat(np.arange(capacity.size), capacity)
    mentor_of = np.full(n, -1, dtype=np.int64)
    real = matched_cols < n_seats
    mentor_of[matched_rows[real]] = seat_owner[matched_cols[real]]
    return mentor_of


def _assign_warm(
    e: Ints, r: Ints, w: Floats, n: int, capacity: Ints, *, duals: tuple[Floats, Floats]
) -> Ints:
    """Like :func:`_assign`, but starting from the duals of a similar candidate set.

    Solved as a square assignment, so that potentials on every row and column leave the
    optimum unchanged: rows are the mentees and a copy of every seat, columns the seats
    and a copy of every mentee. Mentee j takes a seat or its own copy (unmatched); seat
    copy s' takes its seat (empty) or, for each candidate pair (j, s), j's copy — pairs
    are listed twice at the same cost, so an optimum repeats one optimal matching. With
    the potentials ``-v`` (mentees and their copies) and ``-u`` (seats and their copies)
    the previous optimum costs exactly 0 and only the new pairs can be negative, which
    the solver's start heuristics exploit: a few new pairs cost a few augmentations.
    """
    u, v = duals
    rows, cols, weights, n_seats = _expand(e, r, w, capacity)
    seat_price = np.repeat(u, capacity)
    reduced = seat_price[cols] + v[rows] - weights
    mentees, seats = np.arange(n), np.arange(n_seats)
    cost = np.concatenate([reduced, reduced, 2 * v, 2 * seat_price])
    graph = csr_matrix(
        (
            cost - cost.min() + 1.0,  # a constant on every row: the same optimum, all stored
            (
                np.concatenate([rows, n + cols, mentees, n + seats]),
                np.concatenate([cols, n_seats + rows, n_seats + mentees, seats]),
            ),
        ),
        shape=(n + n_seats, n + n_seats),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    mentor_of = np.full(n, -1, dtype=np.int64)
    real = (matched_rows < n) & (matched_cols < n_seats)
    seat_owner = np.repeat(np.arange(capacity.size), capacity)
    mentor_of[matched_rows[real]] = seat_owner[matched_cols[real]]
    return mentor_of


def _duals(e: Ints, r: Ints, w: Floats, mentor_of: Ints, m: int) -> tuple[Floats, Floats]:
    """Optimal duals of the candidate problem from residual-graph potentials.

    In the residual graph of an optimal matching, a mentee is reached only through its own
    mentor (or from outside, if unmatched), so the shortest distances satisfy

        d(mentee j) = d(mentor of j) + w(mentor of j, j), or 0 when j is unmatched,
        d(mentor i) = min(0 if i has mentees, min over other candidates j of d(j) - w_ij),

    which is iterated to its fixed point (Bellman–Ford restricted to mentors). Then
    ``u = max(0, -d(mentor))`` and ``v = d(mentee)`` satisfy complementary slackness.
    """
    matched = mentor_of >= 0
    matched_weight = np.zeros(mentor_of.size)
    chosen = mentor_of[e] == r
    matched_weight[e[chosen]] = w[chosen]
    loaded = np.bincount(mentor_of[matched], minlength=m) > 0
    base = np.where(loaded, 0.0, np.inf)
    order = np.argsort(r[~chosen], kind="stable")
    other_e, other_r, other_w = e[~chosen][order], r[~chosen][order], w[~chosen][order]
    has_other = np.bincount(other_r, minlength=m) > 0
    starts = np.searchsorted(other_r, np.nonzero(has_other)[0])
    mentor_d = base
    for _ in range(m + 1):
        mentee_d = _mentee_distances(mentor_d, mentor_of, matched, matched_weight)
        best = np.full(m, np.inf)
        if other_e.size:
            best[has_other] = np.minimum.reduceat(mentee_d[other_e] - other_w, starts)
        updated = np.minimum(base, best)
        if np.array_equal(updated, mentor_d):
            break
        mentor_d = updated
    mentee_d = _mentee_distances(mentor_d, mentor_of, matched, matched_weight)
    u = np.maximum(0.0, -np.where(np.isfinite(mentor_d), mentor_d, 0.0))
    return u, np.maximum(0.0, mentee_d)


def _mentee_distances(
    mentor_d: Floats, mentor_of: Ints, matched: Bools, matched_weight: Floats
) -> Floats:
    return np.where(matched, mentor_d[np.maximum(mentor_of, 0)] + matched_weight, 0.0)


def _matched_weights(weighting: Weighting, mentor_of: Ints) -> Floats:
    e = np.nonzero(mentor_of >= 0)[0]
    return weighting.at(e, mentor_of[e])
