"""PRIV-01/02: every shown cell stands for at least k people, and no hidden cell can be solved.

The attacker here is independent of the implementation: it takes the visible
cells as a linear system over the parts and asks, with a floating-point null
space (``scipy``), whether some data would fit everything shown yet change a
hidden cell. If no such data exists, the hidden value is recoverable.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import null_space

from tandem.core.anonymity import Cell, K, cell, suppress, threshold


def attacker_recovers(hidden: Cell, visible: list[Cell], parts: list[str]) -> bool:
    if not hidden.parts:
        return False
    column: dict[object, int] = {part: i for i, part in enumerate(parts)}

    def vector(c: Cell) -> np.ndarray:
        v = np.zeros(len(parts))
        for part in c.parts:
            v[column[part]] = 1.0
        return v

    if not visible:
        return False
    free = null_space(np.array([vector(c) for c in visible]))
    # Data may move along any null-space direction without changing what is shown;
    # the hidden value is fixed only if every such move leaves it unchanged.
    return bool(free.shape[1] == 0 or np.allclose(vector(hidden) @ free, 0.0, atol=1e-9))


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[Cell], list[str], int]:
    count = draw(st.integers(min_value=1, max_value=6))
    parts = [f"g{i}" for i in range(count)]
    people = {part: draw(st.integers(min_value=0, max_value=14)) for part in parts}
    unions = [frozenset([part]) for part in parts] + [frozenset(parts)]
    extra = draw(
        st.lists(st.sets(st.sampled_from(parts), min_size=1), max_size=4, unique_by=frozenset)
    )
    unions += [frozenset(u) for u in extra]
    cells = [
        cell(i, union, sum(people[p] for p in union))
        for i, union in enumerate(dict.fromkeys(unions))
    ]
    return cells, parts, draw(st.integers(min_value=0, max_value=8))


@settings(max_examples=400, deadline=None)
@given(tables())
def test_shown_cells_have_k_people_and_hidden_ones_cannot_be_solved(
    table: tuple[list[Cell], list[str], int],
) -> None:
    cells, parts, configured = table
    k = threshold(configured)
    hidden = suppress(cells, configured)
    visible = [c for c in cells if c.key not in hidden]
    assert all(c.people >= k for c in visible)
    for c in cells:
        if c.key in hidden:
            assert not attacker_recovers(c, visible, parts), c


def test_the_total_is_hidden_when_one_of_two_groups_is() -> None:
    cells = [cell("mentors", {"m"}, 4), cell("mentees", {"e"}, 9), cell("all", {"m", "e"}, 13)]
    assert suppress(cells) == {"mentors", "all"}


def test_big_enough_groups_are_all_shown() -> None:
    cells = [cell("mentors", {"m"}, 5), cell("mentees", {"e"}, 6), cell("all", {"m", "e"}, 11)]
    assert suppress(cells) == set()


def test_a_chain_of_differences_is_caught() -> None:
    # a+b and b+c and a+b+c shown would give c = (a+b+c) - (a+b) and a = ... - (b+c).
    cells = [
        cell("a", {"a"}, 3),
        cell("ab", {"a", "b"}, 9),
        cell("bc", {"b", "c"}, 12),
        cell("abc", {"a", "b", "c"}, 15),
    ]
    hidden = suppress(cells)
    assert "a" in hidden
    visible = [c for c in cells if c.key not in hidden]
    assert not attacker_recovers(cells[0], visible, ["a", "b", "c"])


@pytest.mark.parametrize("configured", [None, 0, 3, 5])
def test_the_threshold_never_goes_below_five(configured: int | None) -> None:
    assert threshold(configured) == K == 5


def test_a_raised_threshold_holds() -> None:
    assert suppress([cell("all", {"x"}, 7)], k=8) == {"all"}
