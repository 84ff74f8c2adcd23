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
    supervisor cycle are never reached and so are missing from the answer.
    """
    children: dict[str, list[str]] = {}
    roots = []
    for employee, boss in supervisors.items():
        if boss is None:
            roots.append(employee)
        elif boss in supervisors:
            children.setdefault(boss, []).append(employee)
    intervals: Intervals = {}
    clock = 0
    # Iterative, because real org charts are deeper than Python's recursion limit allows.
    stack: list[tuple[str, bool]] = [(root, False) for root in sorted(roots, reverse=True)]
    entry: dict[str, int] = {}
    while stack:
        employee, leaving = stack.pop()
        if leaving:
            intervals[employee] = (entry[employee], clock)
            continue
        entry[employee] = clock
        clock += 1
        stack.append((employee, True))
        stack.extend((child, False) for child in sorted(children.get(employee, ()), reverse=True))
    return intervals


def _cycle_from(start: str, supervisors: Mapping[str, str | None]) -> str:
    seen: list[str] = []
    current: str | None = start
    while current is not None and current not in seen:
        seen.append(current)
        current = supervisors[current]
    assert current is not None  # noqa: S101 - callers only ask for unreached people, who loop
    cycle = [*seen[seen.index(current) :], current]
    return " → ".join(cycle)
