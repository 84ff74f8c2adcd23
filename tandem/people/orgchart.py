"""The org chart: reporting paths, cycle detection, and the reporting-line questions.

Reporting paths are recomputed for a whole organisation after each import, in
memory from (id, supervisor id) pairs; the queries then need no recursion.
"""

from collections.abc import Iterable, Mapping

from django.db.models import QuerySet

from tandem.core.models import Organization
from tandem.people.models import PATH_SEPARATOR, Employee


class SupervisorCycleError(ValueError):
    """The supervisor relation has a cycle; ``members`` are the keys on it."""

    def __init__(self, members: list[str]) -> None:
        super().__init__(" → ".join(members))
        self.members = members


def find_cycle[K](supervisors: Mapping[K, K | None]) -> list[K] | None:
    """One supervisor cycle in ``supervisors`` (child → supervisor), or None.

    Iterative and linear: each key is walked once.
    """
    done: set[K] = set()
    for start in supervisors:
        if start in done:
            continue
        trail: list[K] = []
        on_trail: dict[K, int] = {}
        node: K | None = start
        while node is not None and node not in done:
            if node in on_trail:
                return trail[on_trail[node] :]
            on_trail[node] = len(trail)
            trail.append(node)
            node = supervisors.get(node)
        done.update(trail)
    return None


def compute_paths[K](supervisors: Mapping[K, K | None]) -> dict[K, tuple[K, ...]]:
    """For each key, the chain from the top of its tree down to itself.

    A supervisor that is not a key itself counts as the top. Raises
    SupervisorCycleError on a cycle.
    """
    cycle = find_cycle(supervisors)
    if cycle is not None:
        raise SupervisorCycleError([str(member) for member in cycle])
    paths: dict[K, tuple[K, ...]] = {}
    for start in supervisors:
        chain: list[K] = []
        node: K | None = start
        while node is not None and node in supervisors and node not in paths:
            chain.append(node)
            node = supervisors[node]
        prefix: tuple[K, ...] = paths[node] if node is not None and node in paths else ()
        for member in reversed(chain):
            prefix = (*prefix, member)
            paths[member] = prefix
    return paths


def format_path(chain: Iterable[int]) -> str:
    return PATH_SEPARATOR + "".join(f"{pk}{PATH_SEPARATOR}" for pk in chain)


def recompute_reporting_paths(organization: Organization) -> int:
    """Store every employee's reporting path and depth; returns how many changed."""
    rows = list(
        Employee.objects.filter(organization=organization).values_list(
            "pk", "supervisor_id", "reporting_path", "depth"
        )
    )
    paths = compute_paths({pk: supervisor for pk, supervisor, _, _ in rows})
    changed = []
    for pk, _supervisor, old_path, old_depth in rows:
        chain = paths[pk]
        path, depth = format_path(chain), len(chain) - 1
        if path != old_path or depth != old_depth:
            changed.append(Employee(pk=pk, reporting_path=path, depth=depth))
    # Small batches: each one is a CASE expression, which SQLite evaluates faster when short.
    Employee.objects.bulk_update(changed, ["reporting_path", "depth"], batch_size=200)
    return len(changed)


def chain_up(employee: Employee) -> list[Employee]:
    """The employee's supervisors, from the top of the org chart down (one query)."""
    ids = employee.ancestor_ids()
    by_id = {e.pk: e for e in Employee.objects.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def reports_below(employee: Employee) -> QuerySet[Employee]:
    """Everyone anywhere below the employee in the reporting line."""
    return Employee.objects.filter(reporting_path__startswith=employee.reporting_path).exclude(
        pk=employee.pk
    )


def is_above(above_id: int, below_id: int) -> bool:
    """Whether employee ``above_id`` is anywhere above ``below_id`` (one indexed lookup)."""
    path = Employee.objects.filter(pk=below_id).values_list("reporting_path", flat=True).first()
    return (
        path is not None
        and above_id != below_id
        and f"{PATH_SEPARATOR}{above_id}{PATH_SEPARATOR}" in path
    )
