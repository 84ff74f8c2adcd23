"""What an import would change: the file's records compared with the people in Tandem.

The same plan serves the preview (its summary) and the apply step (its lists
of people to create, update and deactivate), so what is shown is what is done.
The summary names the first people of each list, so the preview says who, not
only how many.
"""

from dataclasses import dataclass, field
from typing import Any

from tandem.core.models import Organization
from tandem.people.imports.columns import (
    Choices,
    Column,
    ColumnMap,
    Field,
    identify_columns,
    map_columns,
)
from tandem.people.imports.limits import Limits, check_file
from tandem.people.imports.problems import ImportProblem, ImportRejected
from tandem.people.imports.reading import read_table
from tandem.people.imports.validation import Problems, Record, check_references, read_records
from tandem.people.models import Employee, EmployeeStatus

# Columns compared and written as they are; supervisor and appraisers need IDs resolved.
PLAIN_FIELDS = (
    Field.FIRST_NAME,
    Field.LAST_NAME,
    Field.EMAIL,
    Field.DEPARTMENT,
    Field.TEAM,
    Field.JOB_LEVEL,
    Field.LOCATION,
    Field.LANGUAGES,
    Field.STATUS,
)
# People named per list on the preview; the rest are counted ("and 480 more").
LISTED = 25


@dataclass(slots=True)
class Existing:
    """An employee already in Tandem, as far as an import compares them."""

    pk: int
    employee_id: str
    values: dict[str, Any]
    supervisor_id: str  # the supervisor's employee ID, "" at the top
    user_id: int | None
    appraisers: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Update:
    record: Record
    existing: Existing
    changes: dict[str, list[Any]]

    @property
    def terminates(self) -> bool:
        return "status" in self.changes and self.changes["status"][1] == EmployeeStatus.TERMINATED


@dataclass
class Plan:
    layout: list[Column] | None = None
    columns: ColumnMap | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    new: list[Record] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    missing: list[Existing] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def choices(self) -> dict[str, Field | None]:
        """The choices this file was read with: those for its own headers."""
        return {column.key: column.field for column in self.layout or () if column.chosen}

    def summary(self) -> dict[str, Any]:
        terminated = [update for update in self.updates if update.terminates]
        changed = [update for update in self.updates if not update.terminates]
        ended = [e for e in self.missing if e.user_id] + [
            u for u in terminated if u.existing.user_id
        ]
        summary: dict[str, Any] = {
            "rows": self.rows,
            "new": len(self.new),
            "changed": len(changed),
            "deactivated": len(terminated) + len(self.missing),
            "unchanged": self.unchanged,
            "logins_ended": len(ended),
            "columns": [[header, field.value] for field, header in (self.columns.headers.items())]
            if self.columns
            else [],
            "ignored_columns": self.columns.ignored if self.columns else [],
        }
        if self.layout is not None:
            # Every named column with the field read from it ("" ignored), for the column choice.
            summary["layout"] = [
                [column.header, column.field.value if column.field else "", column.chosen]
                for column in self.layout
            ]
            supervisor = [c.header for c in self.layout if c.field is Field.SUPERVISOR_ID]
            summary["supervisor_column"] = supervisor[0] if supervisor else ""
        if self.ok and self.columns is not None:
            summary["people"] = {
                "new": [_person(record) for record in self.new[:LISTED]],
                "changed": [
                    [*_person(update.record), sorted(update.changes)] for update in changed[:LISTED]
                ],
                # Whether each leaver's login ends with the import.
                "deactivated": [
                    [*_person(update.record), bool(update.existing.user_id)]
                    for update in terminated[:LISTED]
                ]
                + [
                    [*_person(person), bool(person.user_id)]
                    for person in self.missing[: max(LISTED - len(terminated), 0)]
                ],
            }
        return summary


def _name(person: Record | Existing) -> str:
    """The name as the file gives it, or as Tandem has it for someone not in the file."""
    if isinstance(person, Record):
        return f"{person.first_name} {person.last_name}"
    return f"{person.values['first_name']} {person.values['last_name']}"


def _person(person: Record | Existing) -> list[str]:
    return [person.employee_id, _name(person)]


def plan_import(
    *,
    organization: Organization,
    filename: str,
    content: bytes,
    deactivate_missing: bool,
    limits: Limits,
    choices: Choices | None = None,
) -> Plan:
    """Read, map and validate the file and compare it with the database; writes nothing.

    ``choices`` say what columns hold where the administration chose (by normalized header).
    """
    plan = Plan()
    try:
        kind = check_file(filename=filename, content=content, limits=limits)
        table = read_table(content=content, kind=kind, limits=limits)
        plan.rows = len(table.rows)
        plan.layout = identify_columns(table.header, choices)
        plan.columns = columns = map_columns(plan.layout)
    except ImportRejected as rejected:
        plan.problems = [rejected.problem]
        return plan
    if not table.rows:
        plan.problems = [ImportRejected("no_rows").problem]
        return plan
    problems = Problems()
    rows = read_records(table, columns, problems)
    records = rows.records
    existing = snapshot(organization, appraisers=columns.has(Field.APPRAISERS))
    names = {key: _name(person) for key, person in existing.items()}
    # The file's names win: a cycle is told with the names HR sees in it.
    names.update((record.employee_id, _name(record)) for record in records)
    check_references(
        rows,
        columns,
        names=names,
        current_supervisors={
            key: person.supervisor_id for key, person in existing.items() if person.supervisor_id
        },
        problems=problems,
    )
    plan.problems = problems.result()
    if plan.problems:
        return plan
    _compare(plan, records, existing, columns)
    if deactivate_missing:
        in_file = {record.employee_id for record in records}
        plan.missing = [
            person
            for key, person in existing.items()
            if key not in in_file and person.values["status"] != EmployeeStatus.TERMINATED
        ]
    return plan


def snapshot(organization: Organization, *, appraisers: bool) -> dict[str, Existing]:
    """Everyone in the organisation by employee ID, in two or three queries."""
    names = [field.value for field in PLAIN_FIELDS]
    rows = list(
        Employee.objects.filter(organization=organization).values_list(
            "pk", "employee_id", "supervisor_id", "user_id", *names
        )
    )
    key_of = {row[0]: row[1] for row in rows}
    people = {
        row[1]: Existing(
            pk=row[0],
            employee_id=row[1],
            supervisor_id=key_of.get(row[2], "") if row[2] else "",
            user_id=row[3],
            values=dict(zip(names, row[4:], strict=True)),
        )
        for row in rows
    }
    if appraisers:
        by_pk = {person.pk: person for person in people.values()}
        links = Employee.appraisers.through.objects.filter(
            from_employee__organization=organization
        ).values_list("from_employee_id", "to_employee_id")
        for appraisee, appraiser in links:
            by_pk[appraisee].appraisers.append(key_of[appraiser])
        for person in people.values():
            person.appraisers.sort()
    return people


def record_values(record: Record, columns: ColumnMap) -> dict[str, Any]:
    """The model values the file gives for a record (only the columns it has)."""
    return {
        field.value: getattr(record, field.value)
        for field in PLAIN_FIELDS
        if columns.has(field) and getattr(record, field.value) is not None
    }


def _compare(
    plan: Plan, records: list[Record], existing: dict[str, Existing], columns: ColumnMap
) -> None:
    for record in records:
        person = existing.get(record.employee_id)
        if person is None:
            plan.new.append(record)
            continue
        changes = {
            name: [person.values[name], value]
            for name, value in record_values(record, columns).items()
            if person.values[name] != value
        }
        if record.supervisor_id is not None and record.supervisor_id != person.supervisor_id:
            changes["supervisor"] = [person.supervisor_id, record.supervisor_id]
        if record.appraisers is not None and sorted(record.appraisers) != person.appraisers:
            changes["appraisers"] = [person.appraisers, sorted(record.appraisers)]
        if changes:
            plan.updates.append(Update(record, person, changes))
        else:
            plan.unchanged += 1
