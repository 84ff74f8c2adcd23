"""Which cells of an aggregate table may be shown: at least k people, nothing recoverable.

Pure: no Django, no database. A table is a list of :class:`Cell`; each cell
adds up the values of some disjoint *parts* (base groups, e.g. the mentors
and the mentees of a cohort, or the answers about one topic) and says how many
distinct people stand behind it. :func:`suppress` hides

1. every cell from fewer than ``k`` people (PRIV-01), then
2. more cells, smallest first, until no hidden cell can be computed from the
   visible ones by any linear combination (PRIV-02): a hidden cell is safe
   exactly when its vector of parts lies outside the span of the visible
   cells' vectors. Subtraction ("all minus mentors") is the simplest such
   combination; the rank test also catches longer chains. And
3. more cells until no *pooled* value of small parts can be worked out that
   no shown cell names: "all topics" minus the shown topics is the two hidden
   topics together, which may be fewer than k people (:func:`pools_small_parts`).
   A shown cell over small parts only (mentors and mentees, each too few,
   together enough) is fine: its own count says it is.

All the statistics of one table (counts, sums, answers per option) are linear
in the parts, so one pattern of hidden cells protects them all.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

# The smallest group a number may describe; an organisation may raise it, never lower it.
K = 5


def threshold(configured: int | None = None) -> int:
    """The minimum group size in force: the configured one, but never below ``K``."""
    return max(K, configured or K)


@dataclass(frozen=True)
class Cell:
    """One number (or set of numbers) shown together: the sum over ``parts`` from ``people``."""

    key: Hashable
    parts: frozenset[Hashable]
    people: int


def cell(key: Hashable, parts: Iterable[Hashable], people: int) -> Cell:
    return Cell(key, frozenset(parts), people)


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    """Exact rank by Gaussian elimination over the rationals (no rounding doubts)."""
    matrix = [list(row) for row in rows]
    rank = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / lead
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def _vector(parts: frozenset[Hashable], order: Mapping[Hashable, int]) -> list[Fraction]:
    vector = [Fraction(0)] * len(order)
    for part in parts:
        vector[order[part]] = Fraction(1)
    return vector


def recoverable(hidden: Cell, visible: Sequence[Cell]) -> bool:
    """Whether ``hidden`` follows from ``visible`` by a linear combination."""
    order = {
        part: i
        for i, part in enumerate(sorted({p for c in (hidden, *visible) for p in c.parts}, key=repr))
    }
    rows = [_vector(c.parts, order) for c in visible if c.parts]
    if not hidden.parts:
        return True  # an empty sum is zero whatever is shown
    return _rank([*rows, _vector(hidden.parts, order)]) == _rank(rows) if rows else False


def _small_parts(cells: Sequence[Cell], k: int) -> frozenset[Hashable]:
    """Parts whose own cell counts fewer than k people, and parts without a cell of their own."""
    alone = {next(iter(c.parts)): c.people for c in cells if len(c.parts) == 1}
    every = {p for c in cells for p in c.parts}
    return frozenset(p for p in every if alone.get(p, 0) < k)


def pools_small_parts(visible: Sequence[Cell], small: frozenset[Hashable]) -> bool:
    """Whether ``visible`` gives away a sum over small parts alone that no visible cell names.

    What can be computed is the span of the visible cells; a part that can be
    computed on its own is subtracted out, which leaves the span projected onto
    the other parts. If that projection meets the small parts' span in more
    dimensions than the visible cells over small parts alone account for, some
    pooled value of small groups can be worked out.
    """
    rows_parts = [c.parts for c in visible if c.parts]
    if not rows_parts or not small:
        return False
    order = {p: i for i, p in enumerate(sorted({p for ps in rows_parts for p in ps}, key=repr))}
    rows = [_vector(ps, order) for ps in rows_parts]
    base = _rank(rows)
    unknown = [p for p in order if _rank([*rows, _vector(frozenset({p}), order)]) > base]
    low = [p for p in unknown if p in small]
    if not low:
        return False
    projected = [[row[order[p]] for p in unknown] for row in rows]
    units = [[Fraction(int(p == q)) for p in unknown] for q in low]
    pooled = _rank(projected) + len(low) - _rank(projected + units)
    named = [[Fraction(int(p in ps)) for p in unknown] for ps in rows_parts if ps <= frozenset(low)]
    return pooled > (_rank(named) if named else 0)


def suppress(cells: Sequence[Cell], k: int = K) -> set[Hashable]:
    """The keys of the cells to hide (see the module docstring); everything else may be shown."""
    k = threshold(k)
    hidden = {c.key for c in cells if c.people < k}
    small = _small_parts(cells, k)
    while True:
        visible = [c for c in cells if c.key not in hidden]
        exposed = next(
            (c for c in cells if c.key in hidden and c.parts and recoverable(c, visible)), None
        )
        if exposed is None:
            if not pools_small_parts(visible, small):
                return hidden
            # Hide the smallest shown cell that adds small parts to others (the "total").
            mixed = [c for c in visible if c.parts & small and not c.parts <= small] or visible
            hidden.add(min(reversed(mixed), key=lambda c: c.people).key)
            continue
        # Hide the smallest visible cell that shares a part with the exposed one (it is
        # part of every combination that recovers it); ties go to the later cell.
        helpers = [c for c in visible if c.parts & exposed.parts] or visible
        victim = min(reversed(helpers), key=lambda c: c.people)
        hidden.add(victim.key)
