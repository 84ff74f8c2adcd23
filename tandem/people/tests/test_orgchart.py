"""The org chart: cycles, reporting paths, and "is A anywhere above B"."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import World
from tandem.people.models import Employee
from tandem.people.orgchart import (
    SupervisorCycleError,
    chain_up,
    compute_paths,
    find_cycle,
    is_above,
    recompute_reporting_paths,
    reports_below,
)
from tandem.people.tests.factories import EmployeeFactory


@st.composite
def forests(draw, max_size: int = 60) -> dict[int, int | None]:
    """Random org charts: each person's supervisor is someone earlier (so no cycles)."""
    size = draw(st.integers(min_value=1, max_value=max_size))
    supervisors: dict[int, int | None] = {0: None}
    for person in range(1, size):
        supervisors[person] = draw(st.one_of(st.none(), st.integers(0, person - 1)))
    order = draw(st.permutations(list(supervisors)))
    return {person: supervisors[person] for person in order}


def naive_is_above(supervisors: dict[int, int | None], above: int, below: int) -> bool:
    node = supervisors.get(below)
    while node is not None:
        if node == above:
            return True
        node = supervisors.get(node)
    return False


@settings(max_examples=150, deadline=None)
@given(forests())
def test_paths_agree_with_a_naive_ancestor_walk(supervisors) -> None:
    paths = compute_paths(supervisors)
    for person, path in paths.items():
        assert path[-1] == person
        for other in supervisors:
            expected = naive_is_above(supervisors, other, person)
            assert (other in path[:-1]) == expected


@settings(max_examples=100, deadline=None)
@given(forests(), st.data())
def test_a_cycle_is_always_found(supervisors, data) -> None:
    people = list(supervisors)
    if len(people) < 2:
        return
    below = data.draw(st.sampled_from(people))
    ancestors = [p for p in people if naive_is_above(supervisors, p, below)]
    if not ancestors:
        return
    top = data.draw(st.sampled_from(ancestors))
    cyclic = dict(supervisors)
    cyclic[top] = below  # the boss now reports to someone below them
    cycle = find_cycle(cyclic)
    assert cycle is not None
    assert {top, below} <= set(cycle)
    with pytest.raises(SupervisorCycleError):
        compute_paths(cyclic)


def test_self_supervision_is_a_cycle() -> None:
    assert find_cycle({"a": "a"}) == ["a"]


def test_supervisor_outside_the_mapping_counts_as_top() -> None:
    assert compute_paths({"b": "external"}) == {"b": ("b",)}


@pytest.mark.django_db
def test_reporting_line_queries_on_the_database(world: World) -> None:
    ceo, mentee, mentor = world.ceo, world.mentee_employee, world.mentor_employee
    assert is_above(ceo.pk, mentor.pk)
    assert ceo.is_above(mentor)
    assert not is_above(mentee.pk, mentor.pk)
    assert not is_above(mentor.pk, ceo.pk)
    assert not is_above(ceo.pk, ceo.pk)
    assert [e.employee_id for e in chain_up(mentor)] == ["E0001", "E0200"]
    assert {e.employee_id for e in reports_below(ceo)} == {"E0100", "E0200", "E0300"}


@pytest.mark.django_db
def test_recompute_only_touches_changed_rows(world: World) -> None:
    assert recompute_reporting_paths(world.organization) == 0
    world.mentor_employee.supervisor = world.ceo
    world.mentor_employee.save(update_fields=["supervisor"])
    assert recompute_reporting_paths(world.organization) == 1
    world.mentor_employee.refresh_from_db()
    assert world.mentor_employee.depth == 1
    assert world.mentor_employee.ancestor_ids() == [world.ceo.pk]


@pytest.mark.django_db
def test_path_prefixes_do_not_confuse_ids(world: World) -> None:
    # /1/ must not match /11/: the separators are part of the test.
    org = world.organization
    people = [EmployeeFactory(organization=org) for _ in range(12)]
    recompute_reporting_paths(org)
    first, eleventh = people[0], people[10]
    assert not first.is_above(Employee.objects.get(pk=eleventh.pk))
