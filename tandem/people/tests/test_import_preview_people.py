"""The preview says who is new, who changes and who leaves, by name and employee ID.

Counts alone let a wrong file through ("12 deactivated" hides that the board is among
them). Long lists are cut, with the rest counted; a discarded file's names are forgotten.

The world's organisation: E0001 Carla Chefin ← E0100 Martin Mentee (login),
E0001 ← E0200 Lena Leitung ← E0300 Mia Mentorin (login).
"""

import re

import pytest
from django.urls import reverse

from conftest import World, client_for
from tandem.people.imports import check_import, discard_import
from tandem.people.imports.planning import LISTED
from tandem.people.models import ImportRun

HEADER = "Personalnummer;Vorname;Nachname;Abteilung;Vorgesetzter;Status\n"


@pytest.fixture(autouse=True)
def _english_admin(world: World) -> None:
    # Assertions read the English source strings; the German catalogue is checked elsewhere.
    world.admin.language = "en"
    world.admin.save(update_fields=["language"])


def check(world: World, text: str, *, deactivate_missing: bool = False) -> ImportRun:
    return check_import(
        organization=world.organization,
        actor=world.admin,
        filename="personal.csv",
        content=text.encode(),
        deactivate_missing=deactivate_missing,
    )


def page(world: World, run: ImportRun) -> str:
    target = reverse(
        "people:import_detail",
        kwargs={"org_slug": world.organization.slug, "public_id": run.public_id},
    )
    return client_for(world, "admin").get(target, secure=True).content.decode()


def rows(body: str, caption: str) -> list[str]:
    """The body rows of the table with ``caption``, as their cells' text joined by "|"."""
    table = body[body.index(f"<caption>{caption}") :]
    table = table[table.index("<tbody>") : table.index("</tbody>")]
    return [
        "|".join(cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.DOTALL))
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
    ]


@pytest.mark.django_db
def test_preview_names_who_is_new_changed_and_leaving(world: World) -> None:
    run = check(
        world,
        HEADER
        + "E0001;Carla;Chefin;Vorstand;;A\n"
        + "E0200;Lena;Leitung;Einkauf;E0001;A\n"  # moves to another department
        + "E0300;Mia;Mentorin;IT;E0001;T\n"  # leaves; her login ends
        + "E0400;Nora;Neu;IT;E0200;A\n",
        deactivate_missing=True,  # Martin Mentee is not in the file
    )
    body = page(world, run)
    assert rows(body, "New (1)") == ["Nora Neu|E0400"]
    assert rows(body, "Changed (1)") == ["Lena Leitung|E0200|department"]
    assert rows(body, "Deactivated (2)") == ["Mia Mentorin|E0300|ends", "Martin Mentee|E0100|ends"]
    assert "more people" not in body


@pytest.mark.django_db
def test_a_change_of_supervisor_is_named_as_such(world: World) -> None:
    run = check(world, HEADER + "E0300;Mia;Mentorin;Einkauf;E0001;A\n")
    assert rows(page(world, run), "Changed (1)") == ["Mia Mentorin|E0300|department, supervisor"]


@pytest.mark.django_db
def test_a_large_file_lists_the_first_people_and_counts_the_rest(world: World) -> None:
    extra = 7
    people = "".join(f"N{i:04};Neu;Person{i};IT;E0001;A\n" for i in range(LISTED + extra))
    run = check(world, HEADER + people)
    body = page(world, run)
    listed = rows(body, f"New ({LISTED + extra})")
    assert len(listed) == LISTED
    assert listed[0] == "Neu Person0|N0000"
    assert f"and {extra} more people" in body
    assert len(run.summary["people"]["new"]) == LISTED


@pytest.mark.django_db
def test_discarding_forgets_the_names_but_keeps_the_counts(world: World) -> None:
    run = check(world, HEADER + "E0400;Nora;Neu;IT;E0200;A\n")
    discard_import(run=run, actor=world.admin)
    run.refresh_from_db()
    assert "people" not in run.summary
    assert run.summary["new"] == 1
    assert "Nora" not in page(world, run)
