"""What Entra ID and Okta send to /Users, and what becomes of the employees."""

import pytest

from conftest import World
from tandem.core.models import AuditEntry
from tandem.people.models import Employee, EmployeeStatus
from tandem.provisioning.tests.scim import ENTERPRISE, Directory, issue, user


@pytest.fixture
def directory(world: World) -> Directory:
    """The world's organisation's directory, holding its token."""
    return Directory(issue(world.organization))


def alice(**fields: object) -> dict[str, object]:
    return user(
        "Alice.Adler@nordwind.example",
        externalId="aad-1",
        active=True,
        name={"givenName": "Alice", "familyName": "Adler", "formatted": "Alice Adler"},
        emails=[{"value": "alice@nordwind.example", "type": "work", "primary": True}],
        title="Head of Logistics",  # not kept, and no reason to refuse the request
        **fields,
    )


@pytest.mark.django_db
def test_a_new_user_becomes_an_employee_keyed_by_the_employee_number(
    world: World, directory: Directory
) -> None:
    body = alice(enterprise={"employeeNumber": "E0500", "department": "Lager"})
    response = directory.post("/Users", body)
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/scim+json"
    assert response["Cache-Control"] == "no-store"
    employee = Employee.objects.get(organization=world.organization, employee_id="E0500")
    assert response.json()["id"] == str(employee.public_id)
    assert (employee.first_name, employee.last_name, employee.email, employee.department) == (
        "Alice",
        "Adler",
        "alice@nordwind.example",
        "Lager",
    )
    assert (employee.directory_username, employee.external_id) == (
        "Alice.Adler@nordwind.example",
        "aad-1",
    )
    assert employee.user is None  # SCIM never makes a login
    entry = AuditEntry.objects.get(action="provisioning.user.created")
    assert entry.actor is None
    assert entry.changes["email"] == ["•••", "•••"]


@pytest.mark.django_db
def test_without_employee_number_the_key_is_the_external_id_then_the_user_name(
    world: World, directory: Directory
) -> None:
    assert directory.post("/Users", alice()).status_code == 201
    assert directory.post("/Users", user("bob@nordwind.example")).status_code == 201
    keys = set(
        Employee.objects.filter(organization=world.organization)
        .exclude(directory_username="")
        .values_list("employee_id", flat=True)
    )
    assert keys == {"aad-1", "bob@nordwind.example"}


@pytest.mark.django_db
def test_a_person_the_hr_import_holds_is_adopted_not_duplicated(
    world: World, directory: Directory
) -> None:
    count = Employee.objects.filter(organization=world.organization).count()
    response = directory.post("/Users", alice(enterprise={"employeeNumber": "E0300"}))
    assert response.status_code == 201
    assert response.json()["id"] == str(world.mentor_employee.public_id)
    assert Employee.objects.filter(organization=world.organization).count() == count
    adopted = Employee.objects.get(pk=world.mentor_employee.pk)
    assert adopted.directory_username == "Alice.Adler@nordwind.example"
    assert adopted.user == world.mentor  # the login the person proved stays theirs
    assert AuditEntry.objects.filter(action="provisioning.user.adopted").exists()


@pytest.mark.django_db
def test_a_second_user_for_a_provisioned_employee_number_is_a_conflict(
    directory: Directory,
) -> None:
    assert (
        directory.post("/Users", alice(enterprise={"employeeNumber": "E0300"})).status_code == 201
    )
    again = directory.post(
        "/Users", user("other@nordwind.example", enterprise={"employeeNumber": "E0300"})
    )
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"


@pytest.mark.django_db
def test_user_names_are_unique_whatever_their_case(directory: Directory) -> None:
    assert directory.post("/Users", alice()).status_code == 201
    again = directory.post("/Users", user("alice.adler@NORDWIND.example", externalId="aad-2"))
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"


@pytest.mark.django_db
def test_entra_finds_a_user_by_user_name_and_okta_by_external_id(directory: Directory) -> None:
    created = directory.post("/Users", alice()).json()
    directory.post("/Users", user("bob@nordwind.example", externalId="okta-2"))
    by_name = directory.get("/Users", filter='userName eq "alice.adler@nordwind.example"').json()
    assert [found["id"] for found in by_name["Resources"]] == [created["id"]]
    by_external = directory.get("/Users", filter='externalId eq "aad-1"').json()
    assert by_external["totalResults"] == 1
    nobody = directory.get("/Users", filter='userName eq "nobody@nordwind.example"').json()
    assert nobody["totalResults"] == 0
    # HR-only people are not the directory's: the list holds only whom it provisioned.
    assert directory.get("/Users").json()["totalResults"] == 2


@pytest.mark.django_db
def test_put_replaces_the_person_and_points_to_a_manager(
    world: World, directory: Directory
) -> None:
    created = directory.post("/Users", alice()).json()
    replacement = alice(
        enterprise={"department": "IT", "manager": {"value": str(world.ceo.public_id)}}
    )
    replacement["name"] = {"givenName": "Alice", "familyName": "Berger"}
    response = directory.put(f"/Users/{created['id']}", replacement)
    assert response.status_code == 200, response.content
    assert response.json()[ENTERPRISE]["manager"]["value"] == str(world.ceo.public_id)
    employee = Employee.objects.get(public_id=created["id"])
    assert (employee.last_name, employee.department, employee.supervisor) == (
        "Berger",
        "IT",
        world.ceo,
    )
    assert employee.reporting_path == f"/{world.ceo.pk}/{employee.pk}/"


@pytest.mark.django_db
def test_entra_sends_the_manager_as_a_bare_id(world: World, directory: Directory) -> None:
    created = directory.post("/Users", alice()).json()
    response = directory.patch(
        f"/Users/{created['id']}",
        {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": str(world.ceo.public_id)},
    )
    assert response.status_code in (200, 204), response.content
    assert Employee.objects.get(public_id=created["id"]).supervisor == world.ceo


@pytest.mark.django_db
def test_a_manager_loop_is_refused(world: World, directory: Directory) -> None:
    created = directory.post("/Users", alice()).json()
    response = directory.patch(
        f"/Users/{created['id']}",
        {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": created["id"]}},
    )
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "replace", "path": "active", "value": False},  # RFC 7644, Okta
        {"op": "Replace", "value": {"active": False}},  # Okta without a path
        {"op": "Replace", "path": "active", "value": "False"},  # Entra ID
    ],
)
@pytest.mark.django_db
def test_every_shape_of_active_false_deactivates(
    world: World, directory: Directory, operation: dict[str, object]
) -> None:
    created = directory.post("/Users", alice()).json()
    response = directory.patch(f"/Users/{created['id']}", operation)
    assert response.status_code in (200, 204), response.content
    assert Employee.objects.get(public_id=created["id"]).status == EmployeeStatus.TERMINATED
    assert directory.get(f"/Users/{created['id']}").json()["active"] is False


@pytest.mark.django_db
def test_entra_changes_the_work_address_through_a_filtered_path(directory: Directory) -> None:
    created = directory.post("/Users", alice()).json()
    response = directory.patch(
        f"/Users/{created['id']}",
        {
            "op": "Replace",
            "path": 'emails[type eq "work"].value',
            "value": "a.adler@nordwind.example",
        },
    )
    assert response.status_code in (200, 204), response.content
    assert Employee.objects.get(public_id=created["id"]).email == "a.adler@nordwind.example"


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ("{not json", "invalidSyntax"),
        ('{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}', None),  # no userName
        ('{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": 7}', None),
        ('["a list"]', None),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_a_scim_error_never_a_crash(
    directory: Directory, body: str, scim_type: str | None
) -> None:
    response = directory.request("POST", "/Users", body)
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    if scim_type:
        assert error["scimType"] == scim_type


@pytest.mark.parametrize("field", ["name", "userName"])
@pytest.mark.django_db
def test_a_line_break_in_a_name_is_refused(world: World, directory: Directory, field: str) -> None:
    body = alice()
    if field == "name":
        body["name"] = {"givenName": "Alice\nBcc: x", "familyName": "Adler"}
    else:
        body["userName"] = "alice\r\nBcc: x@nordwind.example"
    response = directory.post("/Users", body)
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
    assert not Employee.objects.filter(
        organization=world.organization, external_id="aad-1"
    ).exists()


@pytest.mark.django_db
def test_discovery_lists_only_what_tandem_keeps(directory: Directory) -> None:
    schemas = directory.get("/Schemas").json()["Resources"]
    user_schema = next(s for s in schemas if s["name"] == "User")
    assert {a["name"] for a in user_schema["attributes"]} == {
        "userName",
        "name",
        "active",
        "emails",
    }
    assert directory.get("/ResourceTypes").json()["totalResults"] == 1
    config = directory.get("/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True
    assert config["filter"]["supported"] is True
