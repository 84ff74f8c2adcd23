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

from tandem.core.anonymity import Cell, K, cell, pools_small_parts, suppress, threshold


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


def test_a_total_that_would_give_two_hidden_groups_away_together_is_hidden_too() -> None:
    """All topics minus the shown topic is the two hidden topics pooled: 3 + 3 people (issue 14)."""
    cells = [
        cell("ai", {"ai"}, 6),
        cell("agile", {"agile"}, 3),
        cell("social", {"social"}, 3),
        cell("all", {"ai", "agile", "social"}, 8),
    ]
    assert suppress(cells, 5) == {"agile", "social", "all"}


def test_a_total_over_two_small_groups_may_show_as_its_own_count_says() -> None:
    cells = [cell("mentor", {"mentor"}, 4), cell("mentee", {"mentee"}, 4)]
    cells.append(cell("all", {"mentor", "mentee"}, 8))
    assert suppress(cells, 5) == {"mentor", "mentee"}


def test_pooling_is_checked_through_longer_chains() -> None:
    """(x + s1) and (x + s2 + s3) and x shown: s1 alone is recoverable, s2 + s3 only pooled."""
    cells = [
        cell("x", {"x"}, 9),
        cell("s1", {"s1"}, 2),
        cell("s2", {"s2"}, 2),
        cell("s3", {"s3"}, 2),
        cell("x+s1", {"x", "s1"}, 11),
        cell("x+s2+s3", {"x", "s2", "s3"}, 13),
    ]
    hidden = suppress(cells, 5)
    visible = [c for c in cells if c.key not in hidden]
    assert not pools_small_parts(visible, frozenset({"s1", "s2", "s3"}))
    assert {"s1", "s2", "s3"} <= hidden
