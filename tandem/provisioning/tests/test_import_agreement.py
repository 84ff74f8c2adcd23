"""The HR import and the directory describe one person by one key: the employee id."""

import pytest

from conftest import World
from tandem.people.imports import apply_import, check_import
from tandem.people.models import Employee, EmployeeStatus, ImportStatus
from tandem.provisioning.tests.scim import Directory, issue, user

HEADER = "Personalnummer;Vorname;Nachname;E-Mail;Status\n"


def import_rows(world: World, rows: str) -> None:
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=(HEADER + rows).encode(),
        deactivate_missing=False,
    )
    assert run.status == ImportStatus.PREVIEWED, run.errors
    assert apply_import(run=run, actor=world.admin).status == ImportStatus.APPLIED


@pytest.mark.django_db
def test_an_hr_file_over_provisioned_people_updates_them_without_duplicates(world: World) -> None:
    directory = Directory(issue(world.organization))
    for number, name in (("E0700", "ida"), ("E0701", "jan")):
        body = user(f"{name}@nordwind.example", enterprise={"employeeNumber": number})
        assert directory.post("/Users", body).status_code == 201
    count = Employee.objects.filter(organization=world.organization).count()

    import_rows(world, "E0700;Ida;Imker;ida@nordwind.example;A\nE0701;Jan;Jäger;;T\n")

    assert Employee.objects.filter(organization=world.organization).count() == count
    ida = Employee.objects.get(organization=world.organization, employee_id="E0700")
    assert (ida.first_name, ida.directory_username) == ("Ida", "ida@nordwind.example")
    jan = Employee.objects.get(organization=world.organization, employee_id="E0701")
    assert jan.status == EmployeeStatus.TERMINATED
    # The directory still finds both, with what HR wrote.
    found = directory.get("/Users", filter='userName eq "jan@nordwind.example"').json()
    assert found["Resources"][0]["active"] is False
    assert directory.get(f"/Users/{ida.public_id}").json()["name"]["familyName"] == "Imker"
