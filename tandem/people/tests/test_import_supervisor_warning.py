"""A file without a supervisor column is flagged loudly: it brings no reporting lines.

Without them the matching rule that keeps people from their own superiors protects
nobody, so the preview says so before anything else, not in a footnote.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from conftest import World, client_for
from tandem.people.imports import check_import
from tandem.people.models import ImportRun

WARNING = "No column holds the supervisor"


@pytest.fixture(autouse=True)
def _english_admin(world: World) -> None:
    # Assertions read the English source strings; the German catalogue is checked elsewhere.
    world.admin.language = "en"
    world.admin.save(update_fields=["language"])


def preview(world: World, text: str) -> str:
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="personal.csv",
        content=text.encode(),
        deactivate_missing=False,
    )
    target = reverse(
        "people:import_detail",
        kwargs={"org_slug": world.organization.slug, "public_id": run.public_id},
    )
    return client_for(world, "admin").get(target, secure=True).content.decode()


@pytest.mark.django_db
def test_preview_without_a_supervisor_column_warns_before_the_summary(world: World) -> None:
    body = preview(world, "Personalnummer;Vorname;Nachname;Chef\nE0400;Nora;Neu;E0001\n")
    assert WARNING in body
    warning = body[body.rindex("<section", 0, body.index(WARNING)) : body.index(WARNING)]
    assert 'role="alert"' in warning
    assert "message-loud" in warning
    assert body.index(WARNING) < body.index('id="summary-heading"')
    assert 'href="#columns-heading"' in body


@pytest.mark.django_db
def test_preview_with_a_supervisor_column_does_not_warn(world: World) -> None:
    body = preview(world, "Personalnummer;Vorname;Nachname;Vorgesetzter\nE0400;Nora;Neu;E0001\n")
    assert WARNING not in body


@pytest.mark.django_db
def test_a_refused_file_without_a_supervisor_column_warns_too(world: World) -> None:
    body = preview(world, "Personalnummer;Vorname;Nachname\nE0400;Nora;\n")
    assert "The file was not imported" in body
    assert WARNING in body


@pytest.mark.django_db
def test_the_command_warns_without_a_supervisor_column(world: World, tmp_path, capsys) -> None:
    path = tmp_path / "personal.csv"
    path.write_text("Personalnummer;Vorname;Nachname\nE0400;Nora;Neu\n")
    with translation.override("en"):
        call_command("import_people", "nordwind", str(path), "--dry-run")
    assert "no column holds the supervisor's employee ID" in capsys.readouterr().err
    assert ImportRun.objects.get().summary["supervisor_column"] == ""
