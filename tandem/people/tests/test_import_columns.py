"""Which column means what: the headers of German HR exports, choices, and sensitive columns.

A supervisor column that lands among the ignored ones costs the first import every
reporting line, and with them the rule that keeps people from their own superiors.
"""

import pytest

from conftest import World
from tandem.people.imports import apply_import, check_import, describe
from tandem.people.imports.columns import (
    ALIASES,
    Field,
    identify_columns,
    normalize,
    recognised,
    sensitive_category,
)
from tandem.people.imports.problems import ImportRejected
from tandem.people.models import Employee, ImportStatus


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Vorgesetzter Pers.-Nr.", Field.SUPERVISOR_ID),
        ("Vorgesetzte:r Personalnummer", Field.SUPERVISOR_ID),
        ("Pers.-Nr. Vorgesetzter", Field.SUPERVISOR_ID),
        ("Personalnummer des Vorgesetzten", Field.SUPERVISOR_ID),
        ("Führungskraft Pers.-Nr.", Field.SUPERVISOR_ID),
        ("Disziplinarischer Vorgesetzter", Field.SUPERVISOR_ID),
        ("Manager Employee ID", Field.SUPERVISOR_ID),
        ("Line Manager ID", Field.SUPERVISOR_ID),
        ("Beurteiler (Pers.-Nr.)", Field.APPRAISERS),
        ("Beurteiler:innen Personalnummern", Field.APPRAISERS),
        ("Beurteilende Pers.-Nr.", Field.APPRAISERS),
        ("Appraiser IDs", Field.APPRAISERS),
        ("Mitarbeiter-Nr.", Field.EMPLOYEE_ID),
        ("Pers.-Nr.", Field.EMPLOYEE_ID),
    ],
)
def test_common_headers_of_hr_exports_are_recognised(header: str, field: Field) -> None:
    assert recognised(header) == field


@pytest.mark.parametrize("header", ["Vorgesetzter Name", "Name Führungskraft", "Beurteilung"])
def test_columns_naming_rather_than_identifying_people_are_not_recognised(header: str) -> None:
    # A name is no reference: read as an ID it would fail every row.
    assert recognised(header) is None


def test_each_alias_means_one_field() -> None:
    meanings: dict[str, set[Field]] = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            meanings.setdefault(normalize(alias), set()).add(field)
    assert {key: fields for key, fields in meanings.items() if len(fields) > 1} == {}


def test_no_alias_names_sensitive_data() -> None:
    # Aliases are read without the sensitivity check (IO-05), so none may look sensitive.
    flagged = [
        alias for aliases in ALIASES.values() for alias in aliases if sensitive_category(alias)
    ]
    assert flagged == []


def test_a_chosen_column_is_read_as_chosen_and_marked_so() -> None:
    header = ["Personalnummer", "Vorname", "Nachname", "Chef-Nr", "Manager"]
    choices = {"chefnr": Field.SUPERVISOR_ID, "manager": None}
    columns = identify_columns(header, choices)
    assert [(c.header, c.field, c.chosen) for c in columns] == [
        ("Personalnummer", Field.EMPLOYEE_ID, False),
        ("Vorname", Field.FIRST_NAME, False),
        ("Nachname", Field.LAST_NAME, False),
        ("Chef-Nr", Field.SUPERVISOR_ID, True),
        ("Manager", None, True),
    ]


@pytest.mark.parametrize("choice", [Field.DEPARTMENT, None])
def test_no_choice_makes_a_sensitive_column_readable(choice: Field | None) -> None:
    header = ["Personalnummer", "Vorname", "Nachname", "Jahresgehalt"]
    with pytest.raises(ImportRejected) as refused:
        identify_columns(header, {"jahresgehalt": choice})
    assert refused.value.problem["code"] == "sensitive_column"


@pytest.mark.django_db
def test_a_german_export_brings_its_reporting_lines_and_appraisers(world: World) -> None:
    text = (
        "Personalnummer;Vorname;Nachname;Vorgesetzter Pers.-Nr.;Beurteiler (Pers.-Nr.)\n"
        "E0400;Nora;Neu;E0001;E0200\n"
    )
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="export.csv",
        content=text.encode(),
        deactivate_missing=False,
    )
    assert run.status == ImportStatus.PREVIEWED, [describe(e) for e in run.errors]
    assert run.summary["ignored_columns"] == []
    apply_import(run=run, actor=world.admin)
    nora = Employee.objects.get(organization=world.organization, employee_id="E0400")
    assert nora.supervisor == world.ceo
    assert [a.employee_id for a in nora.appraisers.all()] == ["E0200"]
