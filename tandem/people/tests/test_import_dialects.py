"""The same ten people, exported by different programs, import to identical records (IO-03)."""

from pathlib import Path

import pytest
from django.utils import translation

from conftest import World
from tandem.people.imports import apply_import, check_import
from tandem.people.models import Employee, EmployeeStatus, ImportStatus

DATA = Path(__file__).parent / "data"
GOLDEN_FILES = [
    "golden-excel-utf8-bom-semicolon.csv",  # Excel "CSV UTF-8", German locale
    "golden-excel-cp1252-semicolon.csv",  # Excel "CSV (Trennzeichen-getrennt)", Windows
    "golden-utf8-comma.csv",  # an HRIS export with English headers
    "golden-utf8-tab.txt",  # tab-separated text
    "golden.xlsx",  # Excel workbook, numeric IDs, real dates
]


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of the problems; German is tested elsewhere."""
    with translation.override("en"):
        yield


def imported(world: World, filename: str) -> dict[str, tuple[object, ...]]:
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename=filename,
        content=(DATA / filename).read_bytes(),
        deactivate_missing=False,
    )
    assert run.status == ImportStatus.PREVIEWED, run.errors
    assert run.summary["new"] == 10
    run = apply_import(run=run, actor=world.admin)
    assert run.status == ImportStatus.APPLIED, run.errors
    people = Employee.objects.filter(organization=world.organization, employee_id__startswith="10")
    return {
        person.employee_id: (
            person.first_name,
            person.last_name,
            person.email,
            person.department,
            person.team,
            person.supervisor.employee_id if person.supervisor else None,
            person.job_level,
            person.location,
            person.languages,
            person.status,
            sorted(a.employee_id for a in person.appraisers.all()),
            person.depth,
        )
        for person in people.select_related("supervisor").prefetch_related("appraisers")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("filename", GOLDEN_FILES)
def test_golden_file_imports_identically(world: World, filename: str) -> None:
    records = imported(world, filename)
    assert records == EXPECTED


EXPECTED = {
    "1000": (
        "Jürgen",
        "Weiß",
        "juergen.weiss@nordwind.example",
        "Geschäftsführung",
        "GF",
        None,
        "Vorstand",
        "Hamburg",
        ["de", "en"],
        "active",
        [],
        0,
    ),
    "1001": (
        "Dörte",
        "Großmann",
        "doerte.grossmann@nordwind.example",
        "Finanzen",
        "Controlling",
        "1000",
        "Bereichsleitung",
        "Hamburg",
        ["de"],
        "active",
        [],
        1,
    ),
    "1002": (
        "Özlem",
        "Çelik",
        "oezlem.celik@nordwind.example",
        "IT",
        "Plattform",
        "1000",
        "Bereichsleitung",
        "Köln\nGebäude 2, 3. OG",
        ["de", "en", "tr"],
        "active",
        ["1001"],
        1,
    ),
    "1003": (
        "Björn",
        "Müller-Lüdenscheidt",
        "bjoern.mueller@nordwind.example",
        "Finanzen",
        "Buchhaltung",
        "1001",
        "Teamleitung",
        "Hamburg",
        ["de"],
        EmployeeStatus.LEAVE,
        [],
        2,
    ),
    "1004": (
        "Änne",
        "Öztürk",
        "aenne.oeztuerk@nordwind.example",
        "IT",
        "Plattform",
        "1002",
        "Fachkraft",
        "Köln",
        ["de", "en"],
        "active",
        ["1001", "1003"],
        2,
    ),
    "1005": (
        "Fritz",
        "Straßburger",
        "",
        "IT",
        'Daten "Nord"',
        "1002",
        "Fachkraft",
        "Köln",
        ["en"],
        "active",
        [],
        2,
    ),
    "1006": (
        "Zoë",
        "Façade",
        "zoe.facade@nordwind.example",
        "Vertrieb",
        "Süd",
        "1000",
        "Bereichsleitung",
        "München",
        ["de", "fr"],
        "active",
        ["1001"],
        1,
    ),
    "1007": (
        "Søren",
        "Ærø",
        "soeren.aeroe@nordwind.example",
        "Vertrieb",
        "Süd",
        "1006",
        "Fachkraft",
        "München",
        ["en"],
        EmployeeStatus.TERMINATED,
        [],
        2,
    ),
    "1008": (
        "Maß",
        "Überall",
        "mass.ueberall@nordwind.example",
        "Vertrieb",
        "Nord; Ost",
        "1006",
        "Fachkraft",
        "Lübeck",
        ["de"],
        "active",
        ["1006"],
        2,
    ),
    "1009": (
        "Anaïs",
        "Schäfer, geb. Krüger",
        "anais.schaefer@nordwind.example",
        "Finanzen",
        "Controlling",
        "1001",
        "Fachkraft",
        "Hamburg",
        ["de", "fr", "en"],
        "active",
        ["1000", "1002"],
        2,
    ),
}
