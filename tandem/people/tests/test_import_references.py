"""People named in other rows: cycles told by name, and no false "unknown" after a bad row.

The world's organisation: E0001 Carla Chefin ← E0100 Martin Mentee,
E0001 ← E0200 Lena Leitung ← E0300 Mia Mentorin.
"""

import pytest
from django.utils import translation

from conftest import World
from tandem.people.imports import check_import, describe
from tandem.people.models import ImportRun, ImportStatus

HEADER = "Personalnummer;Vorname;Nachname;Vorgesetzter;Beurteilende\n"


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of the problems; German is tested elsewhere."""
    with translation.override("en"):
        yield


def check(world: World, text: str) -> ImportRun:
    return check_import(
        organization=world.organization,
        actor=world.admin,
        filename="personal.csv",
        content=text.encode(),
        deactivate_missing=False,
    )


@pytest.mark.django_db
def test_a_reporting_cycle_names_its_people_by_name_and_id(world: World) -> None:
    # Carla is made to report to Mia, who reports to Lena, who reports to Carla.
    run = check(world, HEADER + "E0001;Carla;Chefin;E0300;\n")
    assert [error["code"] for error in run.errors] == ["supervisor_cycle"]
    members = describe(run.errors[0]).split(": ", 1)[1].split(". ", 1)[0].split(" → ")
    # Where the circle starts is the walk's choice; it closes where it started.
    assert sorted(members[:-1]) == [
        "Carla Chefin (E0001)",
        "Lena Leitung (E0200)",
        "Mia Mentorin (E0300)",
    ]
    assert members[-1] == members[0]


@pytest.mark.django_db
def test_a_cycle_within_the_file_uses_the_names_the_file_gives(world: World) -> None:
    run = check(
        world,
        HEADER + "N1;Nora;Neu;N2;\nN2;Olaf;Neu;N1;\nE0300;Mia;Umbenannt;N1;\n",
    )
    message = describe(run.errors[0])
    assert "Nora Neu (N1)" in message
    assert "Olaf Neu (N2)" in message


@pytest.mark.django_db
def test_a_supervisor_whose_own_row_is_invalid_is_not_called_unknown(world: World) -> None:
    run = check(
        world,
        HEADER
        + "N1;Nora;;E0001;\n"  # row 2: no last name
        + "N2;Olaf;Neu;N1;\n"  # row 3: reports to Nora
        + "N3;Pia;Neu;;N1\n",  # row 4: Nora takes part in her appraisal
    )
    assert run.status == ImportStatus.INVALID
    assert [(error["row"], error["code"]) for error in run.errors] == [
        (2, "required"),
        (3, "supervisor_row_invalid"),
        (4, "appraiser_row_invalid"),
    ]
    assert describe(run.errors[1]) == (
        "The supervisor N1 is in row 2, which has a problem of its own. Fix that row; this "
        "one needs no change."
    )
    assert "The appraiser N1 is in row 2" in describe(run.errors[2])
    assert all("neither in this file" not in describe(error) for error in run.errors)


@pytest.mark.django_db
def test_a_supervisor_in_no_row_is_still_unknown(world: World) -> None:
    run = check(world, HEADER + "N1;Nora;;E0001;\nN2;Olaf;Neu;N9;\n")
    assert [error["code"] for error in run.errors] == ["required", "unknown_supervisor"]
