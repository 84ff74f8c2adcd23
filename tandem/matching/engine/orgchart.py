"""Org-chart checks and the two depth-first walks that make "is A above B" two comparisons.

Both walks visit the org forest depth first; the second visits every team (the people
with the same supervisor) in the reverse order of the first. A is anywhere above B
(or is B) exactly when A comes no later than B in both walks: a person's subtree follows
them in either walk, while of two people in different branches each walk puts another one
first. The walks run in scipy's compiled depth-first search over a graph in which every
team is a chain of helper nodes, so that nobody has more than two outgoing edges (the
search rescans a node's edges each time it returns to it: a boss with 100,000 direct
reports would otherwise cost 10^10 steps).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import depth_first_order

type Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Walks:
    """Positions of everyone in both walks; -1 for people on or below a supervisor cycle."""

    index: Mapping[str, int]  # employee id → position in the arrays below
    first: Ints
    second: Ints
    unknown_boss: tuple[str, ...]  # employees whose supervisor is not an employee

    def reached(self) -> set[str]:
        return {person for person, i in self.index.items() if self.first[i] >= 0}


def org_errors(supervisors: Mapping[str, str | None]) -> list[str]:
    """Return readable findings: unknown supervisor ids and supervisor cycles."""
    walks = org_walks(supervisors)
    errors = [
        f"org.supervisors: the supervisor of {employee!r} is {supervisors[employee]!r}, "
        "which is not an employee"
        for employee in sorted(walks.unknown_boss)
    ]
    if errors:
        return errors
    if (walks.first < 0).any():
        unreached = set(supervisors) - walks.reached()
        errors.append(
            f"org.supervisors: supervisor cycle {_cycle_from(min(unreached), supervisors)}"
        )
    return errors


def org_walks(supervisors: Mapping[str, str | None]) -> Walks:
    """Both walks of the org forest (see the module docstring).

    Validation and compilation both need the walks of the same chart, so the last answer
    is remembered (keyed by an equal copy of the chart); callers must not modify it.
    """
    cached = _last_walks.get("chart")
    if cached is not None and cached[0] == supervisors:
        return cached[1]
    walks = _walks(supervisors)
    _last_walks["chart"] = (dict(supervisors), walks)
    return walks


_last_walks: dict[str, tuple[dict[str, str | None], Walks]] = {}


def _walks(supervisors: Mapping[str, str | None]) -> Walks:
    index = dict(zip(supervisors, range(len(supervisors)), strict=True))
    n = len(index)
    names = list(index)
    # The supervisor's position: n (a virtual top) for the top, n + 1 if unknown.
    lookup = cast(dict[str | None, int], index)
    lookup[None] = n
    boss = np.fromiter(map(lookup.get, supervisors.values(), repeat(n + 1)), np.int64, n)
    del lookup[None]
    unknown = np.nonzero(boss > n)[0]
    boss[unknown] = n  # reported by validation; walked as tops meanwhile
    team_order = np.argsort(boss, kind="stable")
    reverse_order = n - 1 - np.argsort(boss[::-1], kind="stable")
    return Walks(
        index,
        _preorder(boss, team_order),
        _preorder(boss, reverse_order),
        tuple(names[i] for i in unknown),
    )


def _preorder(boss: Ints, order: Ints) -> Ints:
    """Depth-first positions when each team is visited in ``order`` (grouped by supervisor).

    Nodes: people 0..n-1, the virtual top n, and a helper n + 1 + p for every person p.
    A supervisor points to the helper of the first member of its team; each helper points
    to its person and to the next member's helper. The graph is built in CSR form directly.
    """
    n = boss.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    team = boss[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = team[1:] != team[:-1]
    ends = np.roll(starts, -1)
    helper = n + 1 + order
    degree = np.zeros(2 * n + 1, dtype=np.int64)
    degree[team[starts]] = 1
    degree[helper] = 1 + ~ends
    indptr = np.zeros(2 * n + 2, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int64)
    indices[indptr[team[starts]]] = helper[starts]
    indices[indptr[helper]] = order
    indices[indptr[helper[:-1][~ends[:-1]]] + 1] = helper[1:][~ends[:-1]]
    graph = csr_matrix(
        (np.ones(indices.size), indices, indptr), shape=(2 * n + 1, 2 * n + 1), copy=False
    )
    visit = depth_first_order(graph, n, directed=True, return_predecessors=False)
    people = visit[visit < n]
    position = np.full(n, -1, dtype=np.int64)
    position[people] = np.arange(people.size)
    return position


def _cycle_from(start: str, supervisors: Mapping[str, str | None]) -> str:
    seen: dict[str, int] = {}
    current: str | None = start
    while current is not None and current not in seen:
        seen[current] = len(seen)
        current = supervisors[current]
    assert current is not None  # noqa: S101 - callers only ask for unreached people, who loop
    cycle = [*list(seen)[seen[current] :], current]
    return " → ".join(cycle)
