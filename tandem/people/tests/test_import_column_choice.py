"""The preview's column step: each header with what it is read as, chosen otherwise where wrong.

The dry run is repeated with the choice, the organisation remembers it for the next file
with those headers, and applying reads the file exactly as the preview did. Sensitive
columns stay refused whatever is chosen (IO-05).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.people.imports import apply_import, check_import
from tandem.people.models import ColumnChoice, Employee, ImportRun, ImportStatus

# "Chef-Nr" holds the supervisor's employee ID, but no HR system calls it so.
CSV = (
    b"Personalnummer;Vorname;Nachname;Chef-Nr;Gesellschaft\n"
    b"E0400;Nora;Neu;E0001;Nordwind AG\n"
    b"E0401;Olaf;Neu;E0400;Nordwind AG\n"
)
# What the admin posts to read "Chef-Nr" as the supervisor and keep "Gesellschaft" out.
WITH_SUPERVISOR = {
    "column_0": "employee_id",
    "column_1": "first_name",
    "column_2": "last_name",
    "column_3": "supervisor_id",
    "column_4": "",
}


@pytest.fixture(autouse=True)
def _english_admin(world: World) -> None:
    # Assertions read the English source strings; the German catalogue is checked elsewhere.
    world.admin.language = "en"
    world.admin.save(update_fields=["language"])


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, **kwargs})


def upload(client: Client, world: World, content: bytes = CSV) -> ImportRun:
    response = client.post(
        url(world, "people:import_upload"),
        {"file": SimpleUploadedFile("personal.csv", content)},
        secure=True,
    )
    assert response.status_code == 302
    return ImportRun.objects.get(public_id=response["Location"].rstrip("/").rsplit("/", 1)[1])


def choose(client: Client, world: World, run: ImportRun, data: dict[str, object]):
    return client.post(
        url(world, "people:import_columns", public_id=run.public_id), data, secure=True
    )


def people_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "people.employee", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_preview_shows_each_header_with_what_it_is_read_as(world: World) -> None:
    client = client_for(world, "admin")
    run = upload(client, world)
    page = client.get(url(world, "people:import_detail", public_id=run.public_id), secure=True)
    form = page.context["column_form"]
    assert [(field.label, field.initial) for field in form.column_fields()] == [
        ("Personalnummer", "employee_id"),
        ("Vorname", "first_name"),
        ("Nachname", "last_name"),
        ("Chef-Nr", ""),
        ("Gesellschaft", ""),
    ]
    body = page.content.decode()
    assert "<caption>How the columns are read</caption>" in body
    assert '<label for="id_column_3">Chef-Nr</label>' in body
    assert '<option value="" selected>not imported</option>' in body


@pytest.mark.django_db
def test_choosing_the_supervisor_column_repeats_the_dry_run_and_writes_no_one(
    world: World,
) -> None:
    client = client_for(world, "admin")
    run = upload(client, world)
    assert run.summary["supervisor_column"] == ""
    before = people_dump()

    response = choose(client, world, run, WITH_SUPERVISOR)

    assert response.status_code == 302
    assert response["Location"] == url(world, "people:import_detail", public_id=run.public_id)
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED
    assert run.summary["supervisor_column"] == "Chef-Nr"
    assert run.column_choices == {"chefnr": "supervisor_id"}
    assert people_dump() == before  # IO-04: the dry run writes nothing but the run
    page = client.get(response["Location"], secure=True).content.decode()
    assert "checked again with the columns you chose" in page

    apply_import(run=run, actor=world.admin)
    olaf = Employee.objects.get(organization=world.organization, employee_id="E0401")
    assert olaf.supervisor is not None
    assert olaf.supervisor.employee_id == "E0400"


@pytest.mark.django_db
def test_the_choice_is_remembered_for_the_next_file_with_the_same_header(world: World) -> None:
    client = client_for(world, "admin")
    choose(client, world, upload(client, world), WITH_SUPERVISOR)
    assert list(ColumnChoice.objects.values_list("organization", "header", "field")) == [
        (world.organization.pk, "chefnr", "supervisor_id")
    ]

    # The next export has one more column; "Chef-Nr" is read as chosen.
    again = upload(
        client, world, b"Personalnummer;Vorname;Nachname;Chef-Nr;Ort\nE0500;Ute;Neu;E0001;Berlin\n"
    )
    assert again.summary["supervisor_column"] == "Chef-Nr"
    assert ["Chef-Nr", "supervisor_id", True] in again.summary["layout"]
    page = client.get(url(world, "people:import_detail", public_id=again.public_id), secure=True)
    assert "as chosen for your organisation" in page.content.decode()


@pytest.mark.django_db
def test_one_organisations_choice_does_not_apply_to_another(world: World) -> None:
    client = client_for(world, "admin")
    choose(client, world, upload(client, world), WITH_SUPERVISOR)
    elsewhere = check_import(
        organization=world.other_organization,
        actor=world.other_admin,
        filename="personal.csv",
        content=CSV,
        deactivate_missing=False,
    )
    assert elsewhere.summary["supervisor_column"] == ""


@pytest.mark.django_db
def test_choosing_the_headers_own_meaning_again_forgets_the_choice(world: World) -> None:
    client = client_for(world, "admin")
    run = upload(client, world)
    choose(client, world, run, WITH_SUPERVISOR)
    choose(client, world, run, {**WITH_SUPERVISOR, "column_3": ""})
    assert not ColumnChoice.objects.exists()
    run.refresh_from_db()
    assert (run.summary["supervisor_column"], run.column_choices) == ("", {})


@pytest.mark.django_db
def test_a_recognised_column_read_wrongly_can_be_left_out(world: World) -> None:
    # "Manager" is recognised as the supervisor, but this export puts names in it.
    client = client_for(world, "admin")
    text = "Personalnummer;Vorname;Nachname;Manager\nE0400;Nora;Neu;Carla Chefin\n"
    run = upload(client, world, text.encode())
    assert run.status == ImportStatus.INVALID
    assert run.errors[0]["code"] == "unknown_supervisor"

    response = client.post(
        url(world, "people:import_columns", public_id=run.public_id),
        {
            "column_0": "employee_id",
            "column_1": "first_name",
            "column_2": "last_name",
            "column_3": "",
            "file": SimpleUploadedFile("personal.csv", text.encode()),
        },
        secure=True,
    )

    checked = ImportRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == url(world, "people:import_detail", public_id=checked.public_id)
    assert checked.status == ImportStatus.PREVIEWED
    assert checked.summary["ignored_columns"] == ["Manager"]
    assert ColumnChoice.objects.get().field == ""


@pytest.mark.django_db
def test_a_file_refused_for_a_missing_column_can_come_again_with_the_column_chosen(
    world: World,
) -> None:
    client = client_for(world, "admin")
    text = "Kennung;Vorname;Nachname\nE0400;Nora;Neu\n"
    run = upload(client, world, text.encode())
    assert run.status == ImportStatus.INVALID
    assert bytes(run.content) == b""  # IO-05: a refused file is not kept
    page = client.get(url(world, "people:import_detail", public_id=run.public_id), secure=True)
    assert page.context["column_form"].fields["file"].required

    without_file = choose(
        client,
        world,
        run,
        {"column_0": "employee_id", "column_1": "first_name", "column_2": "last_name"},
    )
    assert without_file.status_code == 200
    assert without_file.context["column_form"].errors["file"]
    assert ImportRun.objects.count() == 1

    choose(
        client,
        world,
        run,
        {
            "column_0": "employee_id",
            "column_1": "first_name",
            "column_2": "last_name",
            "file": SimpleUploadedFile("personal.csv", text.encode()),
        },
    )
    checked = ImportRun.objects.exclude(pk=run.pk).get()
    assert checked.status == ImportStatus.PREVIEWED
    assert checked.column_choices == {"kennung": "employee_id"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"column_3": "first_name"}, "both mean “first name”"),
        ({"column_0": ""}, "Choose a column for “employee ID”"),
        ({"column_3": "salary"}, "Select a valid choice."),
    ],
)
def test_the_form_refuses_what_cannot_be_read(
    world: World, change: dict[str, str], message: str
) -> None:
    client = client_for(world, "admin")
    run = upload(client, world)
    response = choose(client, world, run, {**WITH_SUPERVISOR, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ColumnChoice.objects.exists()
    run.refresh_from_db()
    assert run.summary["supervisor_column"] == ""


@pytest.mark.django_db
def test_a_file_with_a_sensitive_column_offers_no_choice(world: World) -> None:
    client = client_for(world, "admin")
    run = upload(
        client, world, b"Personalnummer;Vorname;Nachname;Jahresgehalt\nE0400;Nora;Neu;87654\n"
    )
    assert run.errors[0]["code"] == "sensitive_column"
    page = client.get(url(world, "people:import_detail", public_id=run.public_id), secure=True)
    assert page.context["column_form"] is None
    assert "people/import/" + str(run.public_id) + "/columns/" not in page.content.decode()

    # A choice forged for it is not taken either.
    response = choose(client, world, run, {"column_3": "department"})
    assert response.status_code == 302
    assert not ColumnChoice.objects.exists()
    assert ImportRun.objects.count() == 1


@pytest.mark.django_db
def test_headers_come_from_the_run_not_the_request(world: World) -> None:
    client = client_for(world, "admin")
    run = upload(client, world)
    choose(
        client, world, run, {**WITH_SUPERVISOR, "column_9": "department", "Jahresgehalt": "team"}
    )
    assert set(ColumnChoice.objects.values_list("header", flat=True)) == {"chefnr"}


@pytest.mark.django_db
def test_a_decided_run_offers_no_choice(world: World) -> None:
    client = client_for(world, "admin")
    run = upload(client, world)
    client.post(url(world, "people:import_discard", public_id=run.public_id), secure=True)
    page = client.get(url(world, "people:import_detail", public_id=run.public_id), secure=True)
    assert page.context["column_form"] is None
    assert "<caption>How the columns were read</caption>" in page.content.decode()
    response = choose(client, world, run, WITH_SUPERVISOR)
    assert response.status_code == 302
    assert not ColumnChoice.objects.exists()


@pytest.mark.django_db
def test_applying_reads_the_columns_as_the_preview_did(world: World) -> None:
    # The preview was read without a choice; a choice made meanwhile (for another upload)
    # must not change what this run does.
    client = client_for(world, "admin")
    first = upload(client, world)
    second = upload(client, world)
    choose(client, world, second, WITH_SUPERVISOR)
    first.refresh_from_db()
    assert first.column_choices == {}
    apply_import(run=first, actor=world.admin)
    nora = Employee.objects.get(organization=world.organization, employee_id="E0401")
    assert nora.supervisor is None


@pytest.mark.django_db
def test_choosing_columns_is_audited(world: World) -> None:
    client = client_for(world, "admin")
    choose(client, world, upload(client, world), WITH_SUPERVISOR)
    entry = AuditEntry.objects.get(action="people.import.columns_chosen")
    assert entry.actor == world.admin
    assert entry.changes == {"chefnr": [None, "supervisor_id"]}


@pytest.mark.django_db
def test_program_manager_cannot_choose_columns(world: World) -> None:
    run = upload(client_for(world, "admin"), world)
    response = choose(client_for(world, "program_manager"), world, run, WITH_SUPERVISOR)
    assert response.status_code == 403
    assert not ColumnChoice.objects.exists()
