"""A problem compiled into sorted, integer-coded numpy arrays for vectorised scoring and rules.

People are sorted by id, so everything downstream is independent of the input order.
Pair arguments follow one convention throughout: ``e`` indexes mentees and ``r`` mentors,
either as a block (``e`` of shape (a, 1), ``r`` of shape (1, b)) or as aligned pair
lists (both of shape (p,)).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from tandem.matching.engine.orgchart import org_walks
from tandem.matching.engine.types import Mentee, Mentor, Problem

type Ints = npt.NDArray[np.int64]
type Floats = npt.NDArray[np.float64]
# Scores on the grid are k / 1024 with k <= 102,400 < 2**24: exact in float32, which halves
# the memory and the traffic of the full matrices. Sums are always formed in float64.
type Scores = npt.NDArray[np.float32]
type Bools = npt.NDArray[np.bool_]
type Bits = npt.NDArray[np.unsignedinteger]  # sets as bits of one integer per row

# Scores live on a grid of 1/1024 point: every sum the solver forms is then exact in
# float64, so optimality checks compare exact numbers and never loop on rounding noise.
GRID = 1024.0
MAX_LEVEL = 5.0
LIKERT_SPAN = 4.0  # answers run from 1 to 5


def on_grid(values: Floats) -> Floats:
    """Round scores to the exact grid the solver works on."""
    return np.round(values * GRID) / GRID


@dataclass(frozen=True)
class PairSet:
    """A set of (mentee, mentor) index pairs, kept as sorted keys ``e * n_mentors + r``."""

    keys: Ints
    n_mentees: int
    n_mentors: int

    def contains(self, e: Ints, r: Ints) -> Bools:
        return self.gather(e, r, np.ones(self.keys.size, dtype=bool), fill=False)

    def gather[T: np.generic](
        self, e: Ints, r: Ints, values: npt.NDArray[T], *, fill: object
    ) -> npt.NDArray[T]:
        """``values`` (aligned with ``keys``) at each pair, ``fill`` where a pair is absent."""
        out = np.full(np.broadcast_shapes(e.shape, r.shape), fill, dtype=values.dtype)
        if self.keys.size == 0:
            return out
        if e.ndim == 2:
            # A block: scatter the few member pairs instead of searching for every cell.
            row_at = np.full(self.n_mentees, -1)
            row_at[e[:, 0]] = np.arange(e.shape[0])
            col_at = np.full(self.n_mentors, -1)
            col_at[r[0]] = np.arange(r.shape[1])
            rows = row_at[self.keys // self.n_mentors]
            cols = col_at[self.keys % self.n_mentors]
            inside = (rows >= 0) & (cols >= 0)
            out[rows[inside], cols[inside]] = values[inside]
            return out
        wanted = e * self.n_mentors + r
        where = np.minimum(np.searchsorted(self.keys, wanted), self.keys.size - 1)
        found = self.keys[where] == wanted
        out[found] = values[where[found]]
        return out


@dataclass(frozen=True)
class Compiled:
    """The numeric form of a problem; rows of pair matrices are mentees, columns mentors."""

    problem: Problem
    mentors: tuple[Mentor, ...]  # sorted by id, like every axis below
    mentees: tuple[Mentee, ...]
    mentor_ids: tuple[str, ...]
    mentee_ids: tuple[str, ...]
    capacity: Ints
    topics: tuple[str, ...]
    level: Floats  # mentor × topic, verified level first, 0 = not offered
    priority: Floats  # mentee × topic, 0 = not a goal
    declined: Floats  # mentee × topic, 1 = declined
    offered: Floats  # mentor × topic, 1 = offered at any level
    offer_count: Floats  # topics each mentor offers
    style_mentor: Floats  # NaN rows for people who skipped the questionnaire
    style_mentee: Floats
    slot_mentor: Floats  # availability slots as 0/1 columns
    slot_mentee: Floats
    lang_mentor: Floats
    lang_mentee: Floats
    team_mentor: Ints  # integer codes shared by both sides, -1 = unknown
    team_mentee: Ints
    dept_mentor: Ints
    dept_mentee: Ints
    place_mentor: Ints
    place_mentee: Ints
    remote_mentor: Bools
    remote_mentee: Bools
    # Positions in the two depth-first walks of the org chart (see ``orgchart``); people
    # missing from the chart get positions of their own that order them above nobody.
    walk_mentor: Ints
    back_mentor: Ints
    walk_mentee: Ints
    back_mentee: Ints
    mentor_of_person: Ints  # for each mentee, the mentor index of the same person or -1
    appraisal: PairSet
    excluded: PairSet
    earlier: PairSet
    given: PairSet | None
    given_scores: Floats
    # Components that are dot products of per-person factors: name → (mentee, mentor).
    linear: Mapping[str, tuple[Floats, Floats]] = field(default_factory=dict)
    # Sets (languages, slots, topics) as bits of one integer per person, so that a rule on
    # them is one AND per pair; missing when a set has more members than bits.
    bits: Mapping[str, Bits] = field(default_factory=dict)

    @property
    def n_mentors(self) -> int:
        return len(self.mentor_ids)

    @property
    def n_mentees(self) -> int:
        return len(self.mentee_ids)

    def mentor_index(self, mentor_id: str) -> int:
        return self.mentor_ids.index(mentor_id)

    def mentee_index(self, mentee_id: str) -> int:
        return self.mentee_ids.index(mentee_id)

    def pairs(self, pairs: Iterable[tuple[str, str]]) -> tuple[Ints, Ints]:
        """(mentee indices, mentor indices) of known ``(mentor_id, mentee_id)`` pairs."""
        mentor_pos = {m: i for i, m in enumerate(self.mentor_ids)}
        mentee_pos = {m: i for i, m in enumerate(self.mentee_ids)}
        known = [
            (mentee_pos[b], mentor_pos[a])
            for a, b in sorted(set(pairs))
            if a in mentor_pos and b in mentee_pos
        ]
        e = np.array([p[0] for p in known], dtype=np.int64)
        r = np.array([p[1] for p in known], dtype=np.int64)
        return e, r


def compile_problem(problem: Problem) -> Compiled:
    """Sort, encode and index a validated problem."""
    mentors = sorted(problem.mentors, key=lambda m: m.id)
    mentees = sorted(problem.mentees, key=lambda m: m.id)
    people: list[Mentor | Mentee] = [*mentors, *mentees]
    topics = tuple(sorted({t for m in mentors for t in (*m.topics, *m.verified)}))
    topic_at = {t: i for i, t in enumerate(topics)}
    level = np.zeros((len(mentors), len(topics)))
    for i, mentor in enumerate(mentors):
        for topic, value in {**mentor.topics, **mentor.verified}.items():
            level[i, topic_at[topic]] = value
    priority = np.zeros((len(mentees), len(topics)))
    for i, mentee in enumerate(mentees):
        for topic, value in mentee.goals.items():
            if topic in topic_at:  # a goal nobody offers adds nothing to any pair
                priority[i, topic_at[topic]] = value
    declined = np.zeros((len(mentees), len(topics)))
    for i, mentee in enumerate(mentees):
        for topic in mentee.declined:
            if topic in topic_at:  # declining what nobody offers rules nobody out
                declined[i, topic_at[topic]] = 1.0
    offered = (level > 0).astype(np.float64)
    dims = max((len(p.style) for p in people), default=0)
    teams = _codes(p.team for p in people)
    depts = _codes(p.department for p in people)
    places = _codes(p.location for p in people)
    slots = _one_hot([p.availability for p in people])
    langs = _one_hot([p.languages for p in people])
    walk, back = _walk_positions(problem, people)
    split = len(mentors)
    mentor_ids = tuple(m.id for m in mentors)
    mentee_ids = tuple(m.id for m in mentees)
    mentor_at = {m: i for i, m in enumerate(mentor_ids)}
    no_pairs = PairSet(np.zeros(0, dtype=np.int64), len(mentees), len(mentors))
    compiled = Compiled(
        problem=problem,
        mentors=tuple(mentors),
        mentees=tuple(mentees),
        mentor_ids=mentor_ids,
        mentee_ids=mentee_ids,
        capacity=np.array([m.capacity for m in mentors], dtype=np.int64),
        topics=topics,
        level=level,
        priority=priority,
        declined=declined,
        offered=offered,
        offer_count=offered.sum(axis=1),
        style_mentor=_style(mentors, dims),
        style_mentee=_style(mentees, dims),
        slot_mentor=slots[:split],
        slot_mentee=slots[split:],
        lang_mentor=langs[:split],
        lang_mentee=langs[split:],
        team_mentor=teams[:split],
        team_mentee=teams[split:],
        dept_mentor=depts[:split],
        dept_mentee=depts[split:],
        place_mentor=places[:split],
        place_mentee=places[split:],
        remote_mentor=np.array([m.remote for m in mentors], dtype=bool),
        remote_mentee=np.array([m.remote for m in mentees], dtype=bool),
        walk_mentor=walk[:split],
        back_mentor=back[:split],
        walk_mentee=walk[split:],
        back_mentee=back[split:],
        mentor_of_person=np.array([mentor_at.get(m, -1) for m in mentee_ids], dtype=np.int64),
        appraisal=no_pairs,
        excluded=no_pairs,
        earlier=no_pairs,
        given=None,
        given_scores=np.zeros(0),
    )
    return replace(
        _with_pairs(compiled, problem), linear=_linear_factors(compiled), bits=_bits(compiled)
    )


def _bits(c: Compiled) -> dict[str, Bits]:
    sets = {
        "lang_mentee": c.lang_mentee,
        "lang_mentor": c.lang_mentor,
        "slot_mentee": c.slot_mentee,
        "slot_mentor": c.slot_mentor,
        "goal": c.priority,
        "offered": c.offered,
        "declined": c.declined,
    }
    # Both sides of a rule share the column count, hence the (smallest fitting) type.
    return {name: bits for name, matrix in sets.items() if (bits := _as_bits(matrix)) is not None}


def _as_bits(matrix: Floats) -> Bits | None:
    width = matrix.shape[1]
    types = (np.uint8, np.uint16, np.uint32, np.uint64)
    dtype = next((d for d in types if width <= np.iinfo(d).bits), None)
    if dtype is None:
        return None
    values = (matrix != 0).astype(dtype) << np.arange(width, dtype=dtype)
    bits: Bits = values.sum(axis=1, dtype=dtype)
    return bits


def _with_pairs(compiled: Compiled, problem: Problem) -> Compiled:
    """Fill the pair sets, which need the index maps of the compiled problem."""
    appraisers = problem.org.appraisers
    # Involvement in either direction's appraisal is a dependency between the two.
    appraisal = [
        (mentor, mentee) for mentor in compiled.mentor_ids for mentee in appraisers.get(mentor, ())
    ] + [
        (mentor, mentee) for mentee in compiled.mentee_ids for mentor in appraisers.get(mentee, ())
    ]
    given = None
    given_scores = np.zeros(0)
    if problem.scores is not None:
        scored = {(a, b): s for a, row in problem.scores.items() for b, s in row.items()}
        given = _pair_set(compiled, scored)
        e, r = compiled.pairs(scored)
        order = np.argsort(e * compiled.n_mentors + r)
        values = [
            scored[(compiled.mentor_ids[j], compiled.mentee_ids[i])]
            for i, j in zip(e, r, strict=True)
        ]
        given_scores = on_grid(np.array(values, dtype=np.float64)[order])
    return replace(
        compiled,
        appraisal=_pair_set(compiled, appraisal),
        excluded=_pair_set(compiled, problem.excluded),
        earlier=_pair_set(compiled, problem.earlier),
        given=given,
        given_scores=given_scores,
    )


def _linear_factors(c: Compiled) -> dict[str, tuple[Floats, Floats]]:
    """Per-person factors whose dot product is the component, each in [0, 1].

    topic: sum of priority × level over the best possible (priority × 5);
    style: 1 - mean squared answer difference / 16, expanded as
    [2a, 16d - |a|², -1] · [b, 1, |b|²] / 16d so that a block is one matrix product;
    availability: the share of the mentee's slots the mentor can also make (the
    executive's calendar is the scarce one).
    Rows of people without data are zero: they earn nothing for that component.
    """
    best = c.priority.sum(axis=1, keepdims=True) * MAX_LEVEL
    topic = np.divide(c.priority, best, out=np.zeros_like(c.priority), where=best > 0)
    dims = c.style_mentee.shape[1]
    scale = LIKERT_SPAN**2 * max(dims, 1)
    a = np.nan_to_num(c.style_mentee)
    b = np.nan_to_num(c.style_mentor)
    a_sq = (a * a).sum(axis=1, keepdims=True)
    b_sq = (b * b).sum(axis=1, keepdims=True)
    style_mentee = np.hstack([2 * a, scale - a_sq, -np.ones_like(a_sq)]) / scale
    style_mentor = np.hstack([b, np.ones_like(b_sq), b_sq])
    style_mentee[np.isnan(c.style_mentee).any(axis=1) | (dims == 0)] = 0.0
    style_mentor[np.isnan(c.style_mentor).any(axis=1) | (dims == 0)] = 0.0
    slots = c.slot_mentee.sum(axis=1, keepdims=True)
    availability = np.divide(
        c.slot_mentee, slots, out=np.zeros_like(c.slot_mentee), where=slots > 0
    )
    return {
        "topic": (topic, c.level),
        "style": (style_mentee, style_mentor),
        "availability": (availability, c.slot_mentor),
    }


def _pair_set(compiled: Compiled, pairs: Iterable[tuple[str, str]]) -> PairSet:
    e, r = compiled.pairs(pairs)
    keys = np.unique(e * compiled.n_mentors + r)
    return PairSet(keys, compiled.n_mentees, compiled.n_mentors)


def _codes(values: Iterable[str | None]) -> Ints:
    table: dict[str, int] = {}
    return np.array(
        [-1 if v is None else table.setdefault(v, len(table)) for v in values], dtype=np.int64
    )


def _one_hot(sets: Sequence[frozenset[str]]) -> Floats:
    labels = {label: i for i, label in enumerate(sorted(set().union(*sets)))}
    matrix = np.zeros((len(sets), len(labels)))
    rows = [row for row, labels_of_row in enumerate(sets) for _ in labels_of_row]
    matrix[rows, [labels[x] for labels_of_row in sets for x in labels_of_row]] = 1.0
    return matrix


def _style(people: Sequence[Mentor | Mentee], dims: int) -> Floats:
    matrix = np.full((len(people), dims), np.nan)
    for row, person in enumerate(people):
        if person.style:
            matrix[row] = person.style
    return matrix


def _walk_positions(problem: Problem, people: Sequence[Mentor | Mentee]) -> tuple[Ints, Ints]:
    walks = org_walks(problem.org.supervisors)
    size = len(walks.index)
    missing = {p: k for k, p in enumerate(sorted({p.id for p in people} - set(walks.index)))}
    # Missing person k walks at -1 - k first and size + k back: in no order with anyone else.
    rows = np.array([walks.index.get(p.id, -1) for p in people], dtype=np.int64)
    extra = np.array([missing.get(p.id, 0) for p in people], dtype=np.int64)
    known = rows >= 0
    walk = np.where(known, walks.first[rows], -1 - extra)
    back = np.where(known, walks.second[rows], size + extra)
    return walk, back
