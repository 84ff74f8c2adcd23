"""The import pages: upload → preview → apply as an organisation admin, and who may not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World, client_for
from tandem.people.imports import check_import
from tandem.people.models import Employee, EmployeeStatus, ImportRun, ImportStatus
from tandem.people.tests.factories import PASSWORD

CSV = (
    "Personalnummer;Vorname;Nachname;Vorgesetzte(r) Personalnummer;Status;Gesellschaft\n"
    "E0300;Mia;Mentorin;E0200;T\n"
    "E0400;Jörg;Weiß;E0200;A;Nordwind AG\n"
).encode()


@pytest.fixture(autouse=True)
def _english_admin(world: World) -> None:
    # Assertions read the English source strings; the German catalogue is checked elsewhere.
    world.admin.language = "en"
    world.admin.save(update_fields=["language"])


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, **kwargs})


def upload(client, world: World, content: bytes, name: str = "personal.csv", **data: object):
    return client.post(
        url(world, "people:import_upload"),
        {"file": SimpleUploadedFile(name, content), **data},
        secure=True,
    )


@pytest.mark.django_db
def test_admin_uploads_previews_and_applies(world: World) -> None:
    client = client_for(world, "admin")
    page = client.get(url(world, "people:import_upload"), secure=True)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    response = upload(client, world, CSV)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "people:import_detail", public_id=run.public_id)

    preview = client.get(response["Location"], secure=True)
    body = preview.content.decode()
    assert run.status == ImportStatus.PREVIEWED
    assert "Apply import" in body
    assert "Gesellschaft" in body  # shown as ignored
    assert not Employee.objects.filter(employee_id="E0400").exists()

    # Applying asks for the password first (AUTH-07), then carries the suspended request out.
    apply_url = url(world, "people:import_apply", public_id=run.public_id)
    response = client.post(apply_url, secure=True)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED
    response = client.post(response["Location"], {"password": PASSWORD}, secure=True)
    assert response.status_code == 302
    assert response["Location"] == url(world, "people:import_detail", public_id=run.public_id)
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert Employee.objects.get(employee_id="E0400").first_name == "Jörg"
    assert Employee.objects.get(employee_id="E0300").status == EmployeeStatus.TERMINATED
    detail = client.get(response["Location"], secure=True).content.decode()
    assert "The import has been applied." in detail
    assert "Apply import" not in detail


@pytest.mark.django_db
def test_rejected_file_shows_each_problem_with_row_and_column(world: World) -> None:
    client = client_for(world, "admin")
    content = b"Personalnummer;Vorname;Nachname;E-Mail\nE0400;J\xc3\xb6rg;;joerg@\n"
    response = upload(client, world, content)
    body = client.get(response["Location"], secure=True).content.decode()
    assert "The file was not imported and nothing was changed." in body
    assert "<caption>" in body
    assert "“Nachname” is empty." in body
    assert "is not a valid e-mail address" in body
    assert "Apply import" not in body


@pytest.mark.django_db
def test_problems_are_stored_as_data_and_worded_when_shown(world: World) -> None:
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=b"Personalnummer;Vorname\nE1;A\n",
        deactivate_missing=False,
    )
    assert run.errors == [
        {
            "row": None,
            "column": None,
            "code": "missing_column",
            "params": {
                "field": "last_name",
                "aliases": "“Nachname”, “Familienname”, “last_name”, “Last Name”",
            },
        }
    ]
    client = client_for(world, "admin")
    page = client.get(url(world, "people:import_detail", public_id=run.public_id), secure=True)
    assert "The column for “last name” is missing." in page.content.decode()


@pytest.mark.django_db
def test_oversized_upload_is_refused_by_the_form(world: World, settings) -> None:
    settings.TANDEM_IMPORT_MAX_BYTES = 1000
    response = upload(client_for(world, "admin"), world, b"x" * 1001)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_discard_erases_the_file(world: World) -> None:
    client = client_for(world, "admin")
    upload(client, world, CSV)
    run = ImportRun.objects.get()
    response = client.post(
        url(world, "people:import_discard", public_id=run.public_id), secure=True
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, bytes(run.content)) == (ImportStatus.DISCARDED, b"")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["people:import_upload", "people:import_detail"])
def test_program_manager_cannot_open_the_import_pages(world: World, name: str) -> None:
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=CSV,
        deactivate_missing=False,
    )
    kwargs = {"public_id": run.public_id} if name != "people:import_upload" else {}
    response = client_for(world, "program_manager").get(url(world, name, **kwargs), secure=True)
    assert response.status_code == 403


@pytest.mark.django_db
def test_program_manager_cannot_apply_an_import(world: World) -> None:
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=CSV,
        deactivate_missing=False,
    )
    client = client_for(world, "program_manager")
    response = client.post(url(world, "people:import_apply", public_id=run.public_id), secure=True)
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED


@pytest.mark.django_db
@pytest.mark.parametrize("problems", [1, 400])
def test_import_detail_runs_a_fixed_number_of_queries(
    world: World, problems: int, django_assert_max_num_queries
) -> None:
    rows = "".join(f"X{i};Vor;Nach;E9999\n" for i in range(problems))
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=f"Personalnummer;Vorname;Nachname;Vorgesetzter\n{rows}".encode(),
        deactivate_missing=False,
    )
    assert len(run.errors) == problems
    client = client_for(world, "admin")
    target = url(world, "people:import_detail", public_id=run.public_id)
    client.get(target, secure=True)
    with django_assert_max_num_queries(12):
        response = client.get(target, secure=True)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("runs", [1, 10])
def test_import_upload_page_runs_a_fixed_number_of_queries(
    world: World, runs: int, django_assert_max_num_queries
) -> None:
    for _ in range(runs):
        check_import(
            organization=world.organization,
            actor=world.admin,
            filename="hr.csv",
            content=CSV,
            deactivate_missing=False,
        )
    client = client_for(world, "admin")
    client.get(url(world, "people:import_upload"), secure=True)
    with django_assert_max_num_queries(12):
        response = client.get(url(world, "people:import_upload"), secure=True)
    assert response.status_code == 200
