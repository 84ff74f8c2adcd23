"""What an import does to the people in Tandem: upsert, deactivation, all or nothing (IO-04).

The world's organisation starts with E0001 (top) ← E0100 (mentee, login) and
E0001 ← E0200 ← E0300 (mentor, login).
"""

import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World
from tandem.accounts.models import User
from tandem.core.models import AuditEntry
from tandem.people.imports import apply_import, check_import, describe, discard_import, services
from tandem.people.models import Employee, EmployeeStatus, ImportRun, ImportStatus
from tandem.people.tests.factories import PASSWORD

HEADER = "Personalnummer;Vorname;Nachname;E-Mail;Vorgesetzte(r) Personalnummer;Status\n"
CURRENT = (
    "E0001;Carla;Chefin;e0001@example.org;;A\n"
    "E0100;Martin;Mentee;e0100@example.org;E0001;A\n"
    "E0200;Lena;Leitung;e0200@example.org;E0001;A\n"
    "E0300;Mia;Mentorin;e0300@example.org;E0200;A\n"
)


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of the problems; German is tested elsewhere."""
    with translation.override("en"):
        yield


def check(world: World, text: str, *, deactivate_missing: bool = False) -> ImportRun:
    return check_import(
        organization=world.organization,
        actor=world.admin,
        filename="personal.csv",
        content=text.encode(),
        deactivate_missing=deactivate_missing,
    )


def applied(world: World, text: str, *, deactivate_missing: bool = False) -> ImportRun:
    run = check(world, text, deactivate_missing=deactivate_missing)
    assert run.status == ImportStatus.PREVIEWED, [describe(e) for e in run.errors]
    run = apply_import(run=run, actor=world.admin)
    assert run.status == ImportStatus.APPLIED, [describe(e) for e in run.errors]
    return run


def people_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "people.employee", "accounts.user", "sessions", stdout=out)
    return out.getvalue()


def employee(world: World, employee_id: str) -> Employee:
    return Employee.objects.get(organization=world.organization, employee_id=employee_id)


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_names_the_row(world: World) -> None:
    before = people_dump()
    run = check(world, HEADER + CURRENT + "E0400;Neu;Person;kein-at-zeichen;E0001;A\n")
    assert run.status == ImportStatus.INVALID
    assert run.errors == [
        {
            "row": 6,
            "column": "E-Mail",
            "code": "invalid_email",
            "params": {"value": "kein-at-zeichen"},
        }
    ]
    assert "“kein-at-zeichen” is not a valid e-mail address" in describe(run.errors[0])
    assert bytes(run.content) == b""
    assert people_dump() == before


@pytest.mark.django_db
def test_dry_run_leaves_the_database_byte_identical(world: World) -> None:
    before = people_dump()
    run = check(world, HEADER + "E0001;Carla;Neu;;;T\nE0500;Neu;Person;;E0001;A\n")
    assert run.status == ImportStatus.PREVIEWED
    counts = ("rows", "new", "changed", "deactivated", "unchanged", "logins_ended")
    assert {key: run.summary[key] for key in counts} == {
        "rows": 2,
        "new": 1,
        "changed": 0,
        "deactivated": 1,
        "unchanged": 0,
        "logins_ended": 0,
    }
    assert people_dump() == before


@pytest.mark.django_db
def test_failure_while_writing_rolls_back_every_earlier_row(world: World, monkeypatch) -> None:
    run = check(world, HEADER + CURRENT + "E0400;Neu;Person;;E0001;A\nE0401;Auch;Neu;;E0400;T\n")
    before = people_dump()

    def fail(organization: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "recompute_reporting_paths", fail)
    with pytest.raises(RuntimeError):
        apply_import(run=run, actor=world.admin)
    assert people_dump() == before
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED


@pytest.mark.django_db
def test_apply_rechecks_against_the_database_as_it_is_now(world: World) -> None:
    run = check(world, HEADER + "E0400;Neu;Person;;E0300;A\n")
    assert run.status == ImportStatus.PREVIEWED
    employee(world, "E0300").delete()  # the supervisor leaves Tandem before the decision
    run = apply_import(run=run, actor=world.admin)
    assert run.status == ImportStatus.INVALID
    assert [error["code"] for error in run.errors] == ["unknown_supervisor"]
    assert bytes(run.content) == b""
    assert not Employee.objects.filter(employee_id="E0400").exists()


@pytest.mark.django_db
def test_upsert_matches_on_employee_id_never_on_email(world: World) -> None:
    martin = employee(world, "E0100")
    text = HEADER + (
        "E0100;Martin;Mentée;martin.neu@example.org;E0200;L\n"
        "E0400;Mia;Doppelgängerin;e0300@example.org;E0001;A\n"
    )
    run = applied(world, text)
    assert run.summary["new"] == 1
    assert run.summary["changed"] == 1
    martin.refresh_from_db()
    assert (martin.last_name, martin.email, martin.status) == (
        "Mentée",
        "martin.neu@example.org",
        EmployeeStatus.LEAVE,
    )
    assert martin.supervisor == employee(world, "E0200")
    assert martin.reporting_path.count("/") == 4  # E0001 / E0200 / E0100
    assert employee(world, "E0300").last_name == "Mentorin"
    assert employee(world, "E0400").email == "e0300@example.org"


@pytest.mark.django_db
def test_columns_missing_from_the_file_keep_their_values(world: World) -> None:
    applied(world, "Personalnummer;Vorname;Nachname\nE0300;Mia;Mentorin-Neu\n")
    mia = employee(world, "E0300")
    assert mia.last_name == "Mentorin-Neu"
    assert (mia.department, mia.team, mia.supervisor) == ("IT", "IT-2", employee(world, "E0200"))


@pytest.mark.django_db
def test_terminated_status_deactivates_the_login_and_ends_its_session(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": world.mentor.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    home = reverse("people:organization_home", kwargs={"org_slug": world.organization.slug})
    assert client.get(home, secure=True).status_code == 200
    session_key = client.session.session_key

    run = applied(world, HEADER + "E0300;Mia;Mentorin;;E0200;T\n")

    assert run.summary["deactivated"] == 1
    assert run.summary["logins_ended"] == 1
    world.mentor.refresh_from_db()
    assert not world.mentor.is_active
    assert not Session.objects.filter(session_key=session_key).exists()
    response = client.get(home, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert AuditEntry.objects.filter(
        action="people.employee.deactivated", object_id="E0300"
    ).exists()


@pytest.mark.django_db
def test_people_missing_from_the_file_are_deactivated_only_when_asked(world: World) -> None:
    text = HEADER + "E0001;Carla;Chefin;;;A\nE0200;Lena;Leitung;;E0001;A\n"
    run = applied(world, text)
    assert run.summary["deactivated"] == 0
    assert employee(world, "E0100").status == EmployeeStatus.ACTIVE

    run = applied(world, text, deactivate_missing=True)
    assert run.summary["deactivated"] == 2
    assert run.summary["logins_ended"] == 2
    assert employee(world, "E0100").status == EmployeeStatus.TERMINATED
    assert employee(world, "E0300").status == EmployeeStatus.TERMINATED
    assert not User.objects.get(pk=world.mentee.pk).is_active
    assert not User.objects.get(pk=world.mentor.pk).is_active
    assert User.objects.get(pk=world.admin.pk).is_active
    # The other organisation's E0001 is untouched.
    assert Employee.objects.get(organization=world.other_organization).status == "active"


@pytest.mark.django_db
def test_appraisers_are_replaced_only_for_rows_that_carry_the_column(world: World) -> None:
    header = "Personalnummer;Vorname;Nachname;Beurteilende\n"
    applied(world, header + "E0300;Mia;Mentorin;E0001, E0100\n")
    mia = employee(world, "E0300")
    assert sorted(p.employee_id for p in mia.appraisers.all()) == ["E0001", "E0100"]
    applied(world, header + "E0300;Mia;Mentorin;E0100|E0200\n")
    assert sorted(p.employee_id for p in mia.appraisers.all()) == ["E0100", "E0200"]
    run = applied(world, "Personalnummer;Vorname;Nachname\nE0300;Mia;Mentorin\n")
    assert run.summary["unchanged"] == 1
    assert mia.appraisers.count() == 2
    applied(world, header + "E0300;Mia;Mentorin;\n")
    assert mia.appraisers.count() == 0


@pytest.mark.django_db
def test_applying_records_each_change_in_the_audit_log_with_emails_masked(world: World) -> None:
    run = applied(
        world,
        HEADER
        + "E0100;Martin;Mentee;neu@example.org;E0001;A\nE0400;Nora;Neu;n@example.org;E0001;A\n",
    )
    created = AuditEntry.objects.get(action="people.employee.created", object_id="E0400")
    assert created.changes["email"] == ["•••", "•••"]
    assert created.changes["last_name"] == [None, "Neu"]
    updated = AuditEntry.objects.get(action="people.employee.updated", object_id="E0100")
    assert updated.changes == {"email": ["•••", "•••"]}
    applied_entry = AuditEntry.objects.get(action="people.import.applied")
    assert applied_entry.object_id == str(run.public_id)
    assert applied_entry.actor == world.admin
    assert "neu@example.org" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert bytes(run.content) == b""
    assert run.applied is not None


@pytest.mark.django_db
def test_discarding_erases_the_file_and_is_audited(world: World) -> None:
    run = check(world, HEADER + CURRENT)
    discard_import(run=run, actor=world.admin)
    run.refresh_from_db()
    assert run.status == ImportStatus.DISCARDED
    assert bytes(run.content) == b""
    assert AuditEntry.objects.filter(action="people.import.discarded").count() == 1


ROW_ERRORS = {
    "missing last name": ("E0400;Nora;;;E0001;A", "required", "Nachname"),
    "duplicate id": ("E0100;Martin;Zweimal;;E0001;A", "duplicate_id", "Personalnummer"),
    "unknown supervisor": ("E0400;Nora;Neu;;E9999;A", "unknown_supervisor", None),
    "self as supervisor": ("E0400;Nora;Neu;;E0400;A", "self_supervisor", None),
    "bad status": ("E0400;Nora;Neu;;E0001;X", "invalid_status", "Status"),
    "extra values": ("E0400;Nora;Neu;;E0001;A;Köln", "extra_values", None),
    "too long": ("E0400;Nora;" + "N" * 151 + ";;E0001;A", "too_long", "Nachname"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(ROW_ERRORS))
def test_row_error_is_reported_with_row_and_a_plain_message(world: World, case: str) -> None:
    line, code, column = ROW_ERRORS[case]
    run = check(world, HEADER + CURRENT + line + "\n")
    assert run.status == ImportStatus.INVALID
    assert len(run.errors) == 1, run.errors
    error = run.errors[0]
    assert (error["row"], error["code"]) == (6, code)
    if column:
        assert error["column"] == column
    message = describe(error)
    assert "%(" not in message
    assert message.endswith(".")


@pytest.mark.django_db
def test_unknown_appraiser_and_language_are_row_errors(world: World) -> None:
    text = (
        "Personalnummer;Vorname;Nachname;Beurteilende;Sprachen\n"
        "E0400;Nora;Neu;E0001, E7777;de\n"
        "E0401;Olaf;Neu;;de, Klingonisch\n"
    )
    run = check(world, text)
    assert [(e["row"], e["code"]) for e in run.errors] == [
        (3, "invalid_language"),
        (2, "unknown_appraiser"),
    ]
    assert "E7777" in describe(run.errors[1])


@pytest.mark.django_db
def test_cycle_formed_with_people_already_in_tandem_is_named(world: World) -> None:
    # E0300 reports to E0200, who reports to E0001; making E0001 report to E0300 closes a circle.
    run = check(world, HEADER + "E0001;Carla;Chefin;;E0300;A\n")
    assert [error["code"] for error in run.errors] == ["supervisor_cycle"]
    assert run.errors[0]["row"] == 2
    message = describe(run.errors[0])
    for member in ("E0001", "E0200", "E0300"):
        assert member in message


@pytest.mark.django_db
def test_sensitive_columns_refuse_the_file_and_nothing_of_it_is_stored(world: World) -> None:
    text = (
        "Personalnummer;Vorname;Nachname;Jahresgehalt;Konfession\n"
        "E0400;Nora;Neu;87654;römisch-katholisch\n"
    )
    run = check(world, text)
    assert run.status == ImportStatus.INVALID
    assert run.errors[0]["code"] == "sensitive_column"
    assert run.errors[0]["column"] == "Jahresgehalt"
    assert "“Jahresgehalt” holds sensitive personal data (pay)" in describe(run.errors[0])
    assert bytes(run.content) == b""
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "87654" not in dump.getvalue()
    assert "katholisch" not in dump.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "refused"),
    [
        ("Salary", True),
        ("Performance Rating", True),
        ("Gesundheitszustand", True),
        ("Religion", True),
        ("Gewerkschaftsmitglied", True),
        ("Trade union", True),
        ("Operating Unit", False),
        ("Payroll ID", False),
        ("Eintrittsdatum", False),
    ],
)
def test_sensitive_column_names(world: World, header: str, refused: bool) -> None:
    run = check(world, f"Personalnummer;Vorname;Nachname;{header}\nE0400;Nora;Neu;x\n")
    assert (run.status == ImportStatus.INVALID) is refused


@pytest.mark.django_db
def test_unmapped_columns_are_dropped_and_never_stored(world: World) -> None:
    text = "Personalnummer;Vorname;Nachname;Privatadresse\nE0400;Nora;Neu;Geheimweg 7\n"
    run = applied(world, text)
    assert run.summary["ignored_columns"] == ["Privatadresse"]
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "Geheimweg" not in dump.getvalue()


@pytest.mark.django_db
def test_a_broken_export_lists_the_first_problems_and_counts_the_rest(world: World) -> None:
    rows = "".join(f"X{i};Vor;\n" for i in range(600))
    run = check(world, "Personalnummer;Vorname;Nachname\n" + rows)
    assert len(run.errors) == 501
    assert run.errors[-1]["code"] == "more_problems"
    assert describe(run.errors[-1]).startswith("100 further problems are not listed.")
