"""Org-chart checks and the Euler tour that makes "is A above B" an O(1) interval test."""

from collections.abc import Mapping

type Intervals = dict[str, tuple[int, int]]


def org_errors(supervisors: Mapping[str, str | None]) -> list[str]:
    """Return readable findings: unknown supervisor ids and supervisor cycles."""
    errors = [
        f"org.supervisors: the supervisor of {employee!r} is {boss!r}, which is not an employee"
        for employee, boss in sorted(supervisors.items())
        if boss is not None and boss not in supervisors
    ]
    if errors:
        return errors
    unreached = set(supervisors) - set(euler_intervals(supervisors))
    if unreached:
        errors.append(
            f"org.supervisors: supervisor cycle {_cycle_from(min(unreached), supervisors)}"
        )
    return errors


def euler_intervals(supervisors: Mapping[str, str | None]) -> Intervals:
    """Entry/exit times of a depth-first walk over the org forest.

    A is anywhere above B exactly when ``tin[A] < tin[B] < tout[A]``. People on a
    supervisor cycle are never reached and so are missing from the answer. Validation and
    compilation both need the walk of the same chart, so the last one is remembered (keyed
    by an equal copy of the chart); callers must not modify the answer.
    """
    cached = _last_walk.get("chart")
    if cached is not None and cached[0] == supervisors:
        return cached[1]
    intervals = _walk(supervisors)
    _last_walk["chart"] = (dict(supervisors), intervals)
    return intervals


_last_walk: dict[str, tuple[dict[str, str | None], Intervals]] = {}


def _walk(supervisors: Mapping[str, str | None]) -> Intervals:
    children: dict[str, list[str]] = {}
    roots = []
    # Sorted once up front, so that every list of children is already in order.
    for employee, boss in sorted(supervisors.items()):
        if boss is None:
            roots.append(employee)
        elif boss in supervisors:
            children.setdefault(boss, []).append(employee)
    # Preorder by an explicit stack (real org charts are deeper than Python's recursion
    # limit allows); a subtree then spans its root's position plus its size.
    order: list[str] = []
    stack = roots[::-1]
    while stack:
        employee = stack.pop()
        order.append(employee)
        below = children.get(employee)
        if below:
            stack.extend(reversed(below))
    position = {employee: i for i, employee in enumerate(order)}
    size = [1] * len(order)
    for i in range(len(order) - 1, -1, -1):
        boss = supervisors[order[i]]
        if boss is not None:
            size[position[boss]] += size[i]
    return {employee: (i, i + size[i]) for i, employee in enumerate(order)}


def _cycle_from(start: str, supervisors: Mapping[str, str | None]) -> str:
    seen: list[str] = []
    current: str | None = start
    while current is not None and current not in seen:
        seen.append(current)
        current = supervisors[current]
    assert current is not None  # noqa: S101 - callers only ask for unreached people, who loop
    cycle = [*seen[seen.index(current) :], current]
    return " → ".join(cycle)
