"""``manage.py import_people``: the same import for scheduled syncs."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from conftest import World
from tandem.people.models import Employee, EmployeeStatus, ImportRun, ImportStatus

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of the problems; German is tested elsewhere."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_command_imports_and_prints_the_summary(world: World, capsys) -> None:
    call_command("import_people", "nordwind", str(DATA / "golden.xlsx"))
    out = capsys.readouterr().out
    assert "10 rows; changed: 10 new, 0 changed, 0 deactivated" in out
    assert "Eintrittsdatum" in out
    assert Employee.objects.get(employee_id="1003").status == EmployeeStatus.LEAVE
    assert ImportRun.objects.get().status == ImportStatus.APPLIED


@pytest.mark.django_db
def test_command_dry_run_changes_nothing(world: World, capsys) -> None:
    call_command(
        "import_people", "nordwind", str(DATA / "golden-utf8-comma.csv"), "--dry-run",
        "--deactivate-missing",
    )  # fmt: skip
    assert "would change: 10 new, 0 changed, 4 deactivated" in capsys.readouterr().out
    assert not Employee.objects.filter(employee_id="1000").exists()
    assert Employee.objects.get(employee_id="E0300").status == EmployeeStatus.ACTIVE
    assert bytes(ImportRun.objects.get().content) == b""


@pytest.mark.django_db
def test_command_rejection_prints_each_problem_and_fails(
    world: World, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "personal.csv"
    path.write_text("Personalnummer;Vorname;Nachname\nE0400;Nora;\nE0400;Nora;Neu\n")
    with pytest.raises(CommandError, match="was not imported"):
        call_command("import_people", "nordwind", str(path))
    err = capsys.readouterr().err
    assert "row 2, column 'Nachname': “Nachname” is empty." in err
    assert not Employee.objects.filter(employee_id="E0400").exists()


@pytest.mark.django_db
def test_command_row_limit_can_be_raised_for_large_syncs(
    world: World, tmp_path: Path, settings
) -> None:
    settings.TANDEM_IMPORT_MAX_ROWS = 5
    path = tmp_path / "personal.csv"
    path.write_text(
        "Personalnummer;Vorname;Nachname\n" + "".join(f"S{i};Vor;Nach\n" for i in range(8))
    )
    with pytest.raises(CommandError):
        call_command("import_people", "nordwind", str(path))
    call_command("import_people", "nordwind", str(path), "--max-rows", "10")
    assert Employee.objects.filter(employee_id__startswith="S").count() == 8


@pytest.mark.django_db
def test_command_refuses_unknown_organisation_and_missing_file(world: World) -> None:
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_people", "nirgendwo", str(DATA / "golden.xlsx"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_people", "nordwind", str(DATA / "fehlt.csv"))
