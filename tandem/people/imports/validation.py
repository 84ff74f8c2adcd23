"""Turning rows into employee records, with every problem reported by row and column.

Each row is checked on its own (required values, lengths, e-mail, status,
languages) and against the whole file and the people already in Tandem
(duplicate IDs, unknown supervisors or appraisers, reporting cycles). A row
that names someone whose own row has a problem is told so, not that the
person is unknown.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from tandem.core.validators import has_control_characters
from tandem.people.imports.columns import ColumnMap, Field
from tandem.people.imports.problems import ImportProblem, problem
from tandem.people.imports.reading import Table
from tandem.people.models import Employee, EmployeeStatus

STATUS_WORDS: dict[str, EmployeeStatus] = {
    "a": EmployeeStatus.ACTIVE,
    "aktiv": EmployeeStatus.ACTIVE,
    "active": EmployeeStatus.ACTIVE,
    "l": EmployeeStatus.LEAVE,
    "beurlaubt": EmployeeStatus.LEAVE,
    "ruhend": EmployeeStatus.LEAVE,
    "leave": EmployeeStatus.LEAVE,
    "on leave": EmployeeStatus.LEAVE,
    "t": EmployeeStatus.TERMINATED,
    "ausgeschieden": EmployeeStatus.TERMINATED,
    "inaktiv": EmployeeStatus.TERMINATED,
    "terminated": EmployeeStatus.TERMINATED,
    "inactive": EmployeeStatus.TERMINATED,
}
LANGUAGE_NAMES = {
    "deutsch": "de",
    "german": "de",
    "englisch": "en",
    "english": "en",
    "französisch": "fr",
    "french": "fr",
    "spanisch": "es",
    "spanish": "es",
    "italienisch": "it",
    "italian": "it",
    "polnisch": "pl",
    "polish": "pl",
    "türkisch": "tr",
    "turkish": "tr",
    "niederländisch": "nl",
    "dutch": "nl",
}
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
LANGUAGE_SEPARATORS = re.compile(r"[,;|/\s]+")
ID_SEPARATORS = re.compile(r"[,;|]+")
# Beyond this many problems the file needs fixing at its source, not row by row.
MAX_PROBLEMS = 500
MAX_CYCLE_MEMBERS_SHOWN = 12
TEXT_FIELDS = (
    Field.EMPLOYEE_ID,
    Field.FIRST_NAME,
    Field.LAST_NAME,
    Field.EMAIL,
    Field.DEPARTMENT,
    Field.TEAM,
    Field.JOB_LEVEL,
    Field.LOCATION,
)

# Values that reach mail headers and calendar entries (names) or key the person: one line.
# Other columns keep the line breaks real exports have (a location over two lines).
ONE_LINE_FIELDS = (Field.EMPLOYEE_ID, Field.FIRST_NAME, Field.LAST_NAME, Field.EMAIL)


@dataclass(frozen=True, slots=True)
class Record:
    """One person as the file describes them; optional columns the file lacks stay None."""

    row: int
    employee_id: str
    first_name: str
    last_name: str
    email: str | None
    department: str | None
    team: str | None
    job_level: str | None
    location: str | None
    languages: list[str] | None
    status: str | None  # None: not given, keep what Tandem has (active for new people)
    supervisor_id: str | None  # "" when the person is at the top
    appraisers: list[str] | None


class Problems:
    """Problems in the order found, capped so a broken export stays readable."""

    def __init__(self) -> None:
        self.items: list[ImportProblem] = []
        self.dropped = 0

    def add(self, item: ImportProblem) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(item)
        else:
            self.dropped += 1

    @property
    def count(self) -> int:
        return len(self.items) + self.dropped

    def result(self) -> list[ImportProblem]:
        if self.dropped:
            return [*self.items, problem("more_problems", count=self.dropped)]
        return list(self.items)


def _max_length(field: Field) -> int:
    name = "employee_id" if field is Field.EMPLOYEE_ID else field.value
    length = getattr(Employee._meta.get_field(name), "max_length", None)
    return length if isinstance(length, int) else 254


MAX_LENGTHS = {field: _max_length(field) for field in TEXT_FIELDS}


@dataclass(frozen=True, slots=True)
class Rows:
    """The file's people: a record per good row, and the rows with problems by employee ID."""

    records: list[Record]
    rejected: dict[str, int]


def read_records(table: Table, columns: ColumnMap, problems: Problems) -> Rows:
    """A record for each row that has an employee ID not seen before in the file."""
    records: list[Record] = []
    rejected: dict[str, int] = {}
    first_row: dict[str, int] = {}
    width = len(table.header)
    id_position = columns.positions[Field.EMPLOYEE_ID]
    for number, values in table.rows:
        record = _read_row(number, values, columns, problems)
        if len(values) > width and any(values[width:]):
            problems.add(problem("extra_values", row=number))
        if record is None:
            employee_id = values[id_position] if id_position < len(values) else ""
            if employee_id:
                rejected.setdefault(employee_id, number)
            continue
        if record.employee_id in first_row:
            problems.add(
                problem(
                    "duplicate_id",
                    row=number,
                    column=columns.headers[Field.EMPLOYEE_ID],
                    employee_id=record.employee_id,
                    first_row=first_row[record.employee_id],
                )
            )
            continue
        first_row[record.employee_id] = number
        records.append(record)
    return Rows(records=records, rejected=rejected)


def _read_row(
    number: int, values: list[str], columns: ColumnMap, problems: Problems
) -> Record | None:
    def cell(field: Field) -> str | None:
        position = columns.positions.get(field)
        if position is None:
            return None
        return values[position] if position < len(values) else ""

    found = problems.count
    text: dict[Field, str | None] = {}
    for field in TEXT_FIELDS:
        value = cell(field)
        header = columns.headers.get(field)
        if value is not None and len(value) > MAX_LENGTHS[field]:
            problems.add(problem("too_long", row=number, column=header, limit=MAX_LENGTHS[field]))
        elif value and has_control_characters(
            value, line_breaks_allowed=field not in ONE_LINE_FIELDS
        ):
            problems.add(problem("control_characters", row=number, column=header))
        text[field] = value
    for field in (Field.EMPLOYEE_ID, Field.FIRST_NAME, Field.LAST_NAME):
        if not text[field]:
            problems.add(problem("required", row=number, column=columns.headers[field]))
    email = text[Field.EMAIL]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.add(
                problem(
                    "invalid_email",
                    row=number,
                    column=columns.headers[Field.EMAIL],
                    value=email[:100],
                )
            )
    status = _status(cell(Field.STATUS), number, columns, problems)
    languages = _languages(cell(Field.LANGUAGES), number, columns, problems)
    appraisers = cell(Field.APPRAISERS)
    if problems.count > found:
        return None
    return Record(
        row=number,
        employee_id=text[Field.EMPLOYEE_ID] or "",
        first_name=text[Field.FIRST_NAME] or "",
        last_name=text[Field.LAST_NAME] or "",
        email=email,
        department=text[Field.DEPARTMENT],
        team=text[Field.TEAM],
        job_level=text[Field.JOB_LEVEL],
        location=text[Field.LOCATION],
        languages=languages,
        status=status,
        supervisor_id=cell(Field.SUPERVISOR_ID),
        appraisers=_ids(appraisers) if appraisers is not None else None,
    )


def _status(value: str | None, number: int, columns: ColumnMap, problems: Problems) -> str | None:
    """The status, or None when not given (or not understood, which adds a problem)."""
    if not value:
        return None
    status = STATUS_WORDS.get(value.casefold())
    if status is None:
        problems.add(
            problem(
                "invalid_status", row=number, column=columns.headers[Field.STATUS], value=value[:40]
            )
        )
        return None
    return status.value


def _languages(
    value: str | None, number: int, columns: ColumnMap, problems: Problems
) -> list[str] | None:
    """Language codes in the order given; None when the column is absent or a code is wrong."""
    if value is None:
        return None
    codes: list[str] = []
    for word in LANGUAGE_SEPARATORS.split(value.casefold()):
        if not word:
            continue
        code = LANGUAGE_NAMES.get(word, word)
        if not LANGUAGE_CODE.fullmatch(code):
            problems.add(
                problem(
                    "invalid_language",
                    row=number,
                    column=columns.headers[Field.LANGUAGES],
                    value=word[:40],
                )
            )
            return None
        if code not in codes:
            codes.append(code)
    return codes


def _ids(value: str) -> list[str]:
    ids: list[str] = []
    for part in ID_SEPARATORS.split(value):
        employee_id = part.strip()
        if employee_id and employee_id not in ids:
            ids.append(employee_id)
    return ids


def check_references(
    rows: Rows,
    columns: ColumnMap,
    *,
    names: Mapping[str, str],
    current_supervisors: Mapping[str, str],
    problems: Problems,
) -> None:
    """Supervisors and appraisers must exist, and nobody may end up reporting in a circle.

    ``names`` holds the name of everyone in the file or in Tandem by employee ID;
    ``current_supervisors`` maps the IDs already in Tandem to their supervisor's ID.
    """
    supervisors = dict(current_supervisors)
    for record in rows.records:
        if record.supervisor_id is not None:
            supervisors.pop(record.employee_id, None)
            if record.supervisor_id == record.employee_id:
                problems.add(
                    problem(
                        "self_supervisor",
                        row=record.row,
                        column=columns.headers[Field.SUPERVISOR_ID],
                        employee_id=record.employee_id,
                    )
                )
            elif record.supervisor_id and record.supervisor_id not in names:
                problems.add(_unknown(record, "supervisor", record.supervisor_id, rows, columns))
            elif record.supervisor_id:
                supervisors[record.employee_id] = record.supervisor_id
        for appraiser in record.appraisers or ():
            if appraiser == record.employee_id:
                problems.add(
                    problem(
                        "self_appraiser",
                        row=record.row,
                        column=columns.headers[Field.APPRAISERS],
                        employee_id=record.employee_id,
                        appraiser_id=appraiser[:64],
                    )
                )
            elif appraiser not in names:
                problems.add(_unknown(record, "appraiser", appraiser, rows, columns))
    in_file = {record.employee_id: record.row for record in rows.records}
    for cycle in all_cycles(supervisors):
        shown = cycle[:MAX_CYCLE_MEMBERS_SHOWN]
        members = [_name_and_id(member, names) for member in shown]
        members.append(members[0] if len(cycle) == len(shown) else "…")
        cycle_rows = [in_file[member] for member in cycle if member in in_file]
        problems.add(
            problem(
                "supervisor_cycle",
                row=min(cycle_rows) if cycle_rows else None,
                column=columns.headers.get(Field.SUPERVISOR_ID),
                members=" → ".join(members),
            )
        )


def _unknown(
    record: Record,
    role: Literal["supervisor", "appraiser"],
    employee_id: str,
    rows: Rows,
    columns: ColumnMap,
) -> ImportProblem:
    """Someone named as supervisor or appraiser who is in neither Tandem nor a good row.

    A row with a problem of its own is no record, but saying that its person is unknown would
    send HR looking for a typo in every row that names them.
    """
    field = Field.SUPERVISOR_ID if role == "supervisor" else Field.APPRAISERS
    column = columns.headers[field]
    if employee_id in rows.rejected:
        return problem(
            f"{role}_row_invalid",
            row=record.row,
            column=column,
            employee_id=employee_id[:64],
            other_row=rows.rejected[employee_id],
        )
    if role == "supervisor":
        return problem(
            "unknown_supervisor", row=record.row, column=column, supervisor_id=employee_id[:64]
        )
    return problem(
        "unknown_appraiser",
        row=record.row,
        column=column,
        employee_id=record.employee_id,
        appraiser_id=employee_id[:64],
    )


def _name_and_id(employee_id: str, names: Mapping[str, str]) -> str:
    name = names.get(employee_id)
    return f"{name} ({employee_id})" if name else employee_id


def all_cycles(supervisors: Mapping[str, str]) -> list[list[str]]:
    """Every reporting cycle, each once, in one linear pass.

    Each person has at most one supervisor, so every walk up either ends at the
    top, joins a walk already done, or closes a new cycle.
    """
    cycles: list[list[str]] = []
    done: set[str] = set()
    for start in supervisors:
        trail: list[str] = []
        on_trail: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done:
            if node in on_trail:
                cycles.append(trail[on_trail[node] :])
                break
            on_trail[node] = len(trail)
            trail.append(node)
            node = supervisors.get(node)
        done.update(trail)
    return cycles
