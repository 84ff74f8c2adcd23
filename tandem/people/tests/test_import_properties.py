"""Properties of the import over generated org charts and arbitrary bytes (IO-03, IO-04, IO-06).

Round trip: people written in any supported dialect and encoding come back
exactly; a cycle or a dangling supervisor is reported, never applied.
Fuzz: whatever the bytes, the outcome is an import or a validation error.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import openpyxl
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.models import Organization
from tandem.people.imports import apply_import, check_import
from tandem.people.models import Employee, ImportStatus
from tandem.people.tests.factories import OrganizationFactory

DATA = Path(__file__).parent / "data"
HEADER = [
    "Personalnummer",
    "Vorname",
    "Nachname",
    "E-Mail",
    "Abteilung",
    "Vorgesetzte(r) Personalnummer",
    "Sprachen",
    "Status",
    "Beurteilende",
]
STATUS = {"A": "active", "aktiv": "active", "L": "leave", "T": "terminated", "": "active"}
# Letters a German HR export holds; all of them exist in Windows-1252 and Mac Roman.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéèçñøÆ"
# Names are one line (they reach mail headers); other columns may hold quoted line breaks.
names = st.text(alphabet=LETTERS + " -'\";,", min_size=1, max_size=20).map(str.strip).filter(bool)
texts = st.text(alphabet=LETTERS + " -'\";,\n", min_size=1, max_size=20).map(str.strip).filter(bool)
ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=10)
DIALECTS = [
    ("utf-8", ";"),
    ("utf-8-sig", ";"),
    ("utf-8", ","),
    ("cp1252", ";"),
    ("cp1252", ","),
    ("mac_roman", ";"),
    ("utf-16", "\t"),
    ("xlsx", ""),
]
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of the problems; German is tested elsewhere."""
    with translation.override("en"):
        yield


@dataclass(frozen=True)
class Person:
    employee_id: str
    first_name: str
    last_name: str
    email: str
    department: str
    supervisor_id: str
    languages: tuple[str, ...]
    status: str
    appraisers: tuple[str, ...]

    def row(self) -> list[str]:
        return [
            self.employee_id,
            self.first_name,
            self.last_name,
            self.email,
            self.department,
            self.supervisor_id,
            ", ".join(self.languages),
            self.status,
            "; ".join(self.appraisers),
        ]


@st.composite
def org_charts(draw: st.DrawFn) -> tuple[list[Person], str]:
    """An org chart as rows; the flaw is "", "cycle" or "dangling"."""
    keys = draw(st.lists(ids, min_size=1, max_size=25, unique=True))
    people: list[Person] = []
    for index, key in enumerate(keys):
        supervisor = draw(st.sampled_from(["", *keys[:index]])) if index else ""
        others = [other for other in keys if other != key]
        appraisers = (
            draw(st.lists(st.sampled_from(others), max_size=3, unique=True)) if others else []
        )
        people.append(
            Person(
                employee_id=key,
                first_name=draw(names),
                last_name=draw(names),
                email=draw(st.sampled_from(["", f"p{index}@example.org"])),
                department=draw(
                    st.sampled_from(["", "Vertrieb", "Forschung & Entwicklung", "Büro; Süd"])
                    | texts
                ),
                supervisor_id=supervisor,
                languages=tuple(
                    draw(
                        st.lists(st.sampled_from(["de", "en", "fr", "tr"]), max_size=3, unique=True)
                    )
                ),
                status=draw(st.sampled_from(sorted(STATUS))),
                appraisers=tuple(appraisers),
            )
        )
    flaw = draw(st.sampled_from(["", "", "cycle", "dangling"]))
    if flaw == "dangling":
        victim = draw(st.integers(0, len(people) - 1))
        people[victim] = _with_supervisor(people[victim], "FEHLT-0")
    elif flaw == "cycle":
        below = draw(st.integers(0, len(people) - 1))
        top = _top_of(people, below)
        people[top] = _with_supervisor(people[top], people[below].employee_id)
    return people, flaw


def _with_supervisor(person: Person, supervisor_id: str) -> Person:
    return Person(**{**person.__dict__, "supervisor_id": supervisor_id})


def _top_of(people: list[Person], index: int) -> int:
    by_id = {person.employee_id: number for number, person in enumerate(people)}
    while people[index].supervisor_id:
        index = by_id[people[index].supervisor_id]
    return index


def encode(people: list[Person], encoding: str, delimiter: str) -> tuple[str, bytes]:
    rows = [HEADER, *(person.row() for person in people)]
    if encoding == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return "personal.xlsx", buffer.getvalue()
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return "personal.csv", text.getvalue().encode(encoding)


def stored(organization: Organization) -> set[tuple[object, ...]]:
    people = Employee.objects.filter(organization=organization).select_related("supervisor")
    return {
        (
            person.employee_id,
            person.first_name,
            person.last_name,
            person.email,
            person.department,
            person.supervisor.employee_id if person.supervisor else "",
            tuple(person.languages),
            person.status,
            tuple(sorted(a.employee_id for a in person.appraisers.all())),
        )
        for person in people.prefetch_related("appraisers")
    }


def expected(people: list[Person]) -> set[tuple[object, ...]]:
    return {
        (
            p.employee_id,
            p.first_name,
            p.last_name,
            p.email,
            p.department,
            p.supervisor_id,
            p.languages,
            STATUS[p.status],
            tuple(sorted(p.appraisers)),
        )
        for p in people
    }


@pytest.mark.django_db
@HYPOTHESIS
@given(chart=org_charts(), dialect=st.sampled_from(DIALECTS))
def test_org_chart_round_trips_through_every_dialect(
    chart: tuple[list[Person], str], dialect: tuple[str, str]
) -> None:
    people, flaw = chart
    organization = cast(Organization, OrganizationFactory())
    filename, content = encode(people, *dialect)
    run = check_import(
        organization=organization,
        actor=None,
        filename=filename,
        content=content,
        deactivate_missing=False,
    )
    if flaw:
        assert run.status == ImportStatus.INVALID
        codes = {error["code"] for error in run.errors}
        # A person made to report to themselves is the smallest cycle, named as such.
        allowed = (
            {"supervisor_cycle", "self_supervisor"} if flaw == "cycle" else {"unknown_supervisor"}
        )
        assert len(codes) == 1
        assert codes <= allowed
        assert not Employee.objects.filter(organization=organization).exists()
        return
    assert run.status == ImportStatus.PREVIEWED, run.errors
    run = apply_import(run=run, actor=None)
    assert run.status == ImportStatus.APPLIED
    assert stored(organization) == expected(people)
    # Importing the same file again changes nothing.
    again = check_import(
        organization=organization,
        actor=None,
        filename=filename,
        content=content,
        deactivate_missing=True,
    )
    assert again.summary["unchanged"] == len(people), again.summary


SEEDS = [
    (DATA / "golden-excel-utf8-bom-semicolon.csv").read_bytes(),
    (DATA / "golden-excel-cp1252-semicolon.csv").read_bytes(),
    (DATA / "golden.xlsx").read_bytes(),
]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """Arbitrary bytes, or a real file with some bytes overwritten, cut or inserted."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=3000))
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["set", "cut", "insert"]))
        if action == "set":
            data[position] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[position : position + draw(st.integers(1, 200))]
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=20))
        if not data:
            break
    return bytes(data)


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=mangled(), filename=st.sampled_from(["hr.csv", "hr.xlsx", "hr.txt", "hr"]))
def test_parser_never_crashes_on_arbitrary_bytes(content: bytes, filename: str) -> None:
    organization = cast(Organization, OrganizationFactory())
    run = check_import(
        organization=organization,
        actor=None,
        filename=filename,
        content=content,
        deactivate_missing=False,
    )
    assert run.status in {ImportStatus.PREVIEWED, ImportStatus.INVALID}
    if run.status == ImportStatus.INVALID:
        assert run.errors
        assert not Employee.objects.filter(organization=organization).exists()
        return
    run = apply_import(run=run, actor=None)
    assert run.status == ImportStatus.APPLIED
