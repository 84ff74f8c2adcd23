"""A directory reaches its own organisation only, and only with a token that still works."""

import pytest

from conftest import World
from tandem.people.models import Employee
from tandem.provisioning import tokens
from tandem.provisioning.tests.scim import ENTERPRISE, Directory, issue, user


@pytest.mark.django_db
def test_another_organisations_user_is_not_found(world: World) -> None:
    ours = Directory(issue(world.organization))
    theirs = Directory(issue(world.other_organization))
    created = theirs.post("/Users", user("xaver@suedstern.example")).json()
    assert ours.get(f"/Users/{created['id']}").status_code == 404
    assert (
        ours.patch(
            f"/Users/{created['id']}", {"op": "replace", "path": "active", "value": False}
        ).status_code
        == 404
    )
    assert ours.put(f"/Users/{created['id']}", user("taken@nordwind.example")).status_code == 404
    assert ours.delete(f"/Users/{created['id']}").status_code == 404
    assert (
        ours.get("/Users", filter='userName eq "xaver@suedstern.example"').json()["totalResults"]
        == 0
    )
    assert Employee.objects.get(public_id=created["id"]).is_active


@pytest.mark.django_db
def test_an_employee_only_the_hr_import_knows_is_not_found(world: World) -> None:
    directory = Directory(issue(world.organization))
    assert directory.get(f"/Users/{world.ceo.public_id}").status_code == 404
    assert directory.get("/Users/not-a-uuid").status_code == 404


@pytest.mark.parametrize("authorization", ["", "Bearer ", "Bearer tandem_scim_wrong", "Basic abc"])
@pytest.mark.django_db
def test_no_or_a_wrong_token_is_refused(world: World, authorization: str) -> None:
    issue(world.organization)
    directory = Directory("")
    headers = {"Authorization": authorization} if authorization else {}
    response = directory.client.get("/scim/v2/Users", headers=headers, secure=True)
    assert response.status_code == 401
    assert response.json()["status"] == "401"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_rotated_away_or_revoked_token_stops_working_at_once(world: World) -> None:
    first = issue(world.organization)
    second = tokens.issue_token(organization=world.organization, actor=world.admin)
    assert Directory(first).get("/Users").status_code == 401
    assert Directory(second).get("/Users").status_code == 200
    tokens.revoke_token(organization=world.organization, actor=world.admin)
    assert Directory(second).get("/Users").status_code == 401


@pytest.mark.django_db
def test_the_id_cannot_be_patched(world: World) -> None:
    directory = Directory(issue(world.organization))
    created = directory.post("/Users", user("alice@nordwind.example")).json()
    response = directory.patch(
        f"/Users/{created['id']}",
        {"op": "replace", "path": "id", "value": str(world.ceo.public_id)},
    )
    assert response.status_code == 400
    assert Employee.objects.filter(public_id=created["id"]).exists()


@pytest.mark.django_db
def test_a_manager_of_another_organisation_is_refused(world: World) -> None:
    directory = Directory(issue(world.organization))
    foreign = Employee.objects.get(organization=world.other_organization, employee_id="E0001")
    created = directory.post("/Users", user("alice@nordwind.example")).json()
    response = directory.patch(
        f"/Users/{created['id']}",
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": {"value": str(foreign.public_id)}},
    )
    assert response.status_code == 400
    assert Employee.objects.get(public_id=created["id"]).supervisor is None
