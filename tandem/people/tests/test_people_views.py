"""The org-chart pages: search, detail, and constant query counts (TST-07)."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World, client_for
from tandem.core.audit import Change, record_many
from tandem.people.models import Employee
from tandem.people.orgchart import recompute_reporting_paths


def add_people(world: World, count: int) -> None:
    org = world.organization
    Employee.objects.bulk_create(
        Employee(
            organization=org,
            employee_id=f"B{i:05d}",
            first_name=f"Vorname{i}",
            last_name=f"Zähler{i}",
            department="Vertrieb" if i % 2 else "Einkauf",
            team=f"V-{i % 7}",
            supervisor=world.ceo,
        )
        for i in range(count)
    )
    recompute_reporting_paths(org)


def url(world: World, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, **kwargs})


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 1000])
def test_employee_list_runs_a_fixed_number_of_queries(
    world: World, rows: int, django_assert_max_num_queries
) -> None:
    add_people(world, rows)
    client = client_for(world, "program_manager")
    client.get(url(world, "people:employee_list"), secure=True)  # warm the session
    with django_assert_max_num_queries(15):
        response = client.get(url(world, "people:employee_list"), secure=True)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 1000])
def test_employee_detail_runs_a_fixed_number_of_queries(
    world: World, rows: int, django_assert_max_num_queries
) -> None:
    add_people(world, rows)
    client = client_for(world, "program_manager")
    target = url(world, "people:employee_detail", public_id=world.ceo.public_id)
    client.get(target, secure=True)
    with django_assert_max_num_queries(15):
        response = client.get(target, secure=True)
    assert response.status_code == 200
    assert len(response.context["reports"]) == rows + 2


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 1000])
def test_audit_log_runs_a_fixed_number_of_queries(
    world: World, rows: int, django_assert_max_num_queries
) -> None:
    record_many(
        organization=world.organization,
        actor=world.admin,
        changes=[
            Change("people.employee.updated", "people.employee", f"E{i}", {"team": ["a", "b"]})
            for i in range(rows)
        ],
    )
    client = client_for(world, "admin")
    with django_assert_max_num_queries(15):
        response = client.get(url(world, "people:audit_log"), secure=True)
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_finds_by_name_and_keeps_umlauts(world: World) -> None:
    add_people(world, 20)
    client = client_for(world, "program_manager")
    response = client.get(url(world, "people:employee_list"), {"query": "Zähler13"}, secure=True)
    assert b"Z\xc3\xa4hler13" in response.content
    assert b"Z\xc3\xa4hler12" not in response.content


@pytest.mark.django_db
def test_filter_by_department(world: World) -> None:
    add_people(world, 10)
    client = client_for(world, "program_manager")
    response = client.get(
        url(world, "people:employee_list"), {"department": "Einkauf"}, secure=True
    )
    assert response.context["page"].paginator.count == 5


@pytest.mark.django_db
def test_unknown_filter_value_is_ignored_not_an_error(world: World) -> None:
    client = client_for(world, "program_manager")
    response = client.get(
        url(world, "people:employee_list"), {"department": "<script>", "page": "x"}, secure=True
    )
    assert response.status_code == 200
    assert b"<script>" not in response.content.split(b"</head>")[1].replace(b"<script src", b"")


@pytest.mark.django_db
def test_htmx_search_returns_only_the_results_fragment(world: World) -> None:
    client = client_for(world, "program_manager")
    response = client.get(
        url(world, "people:employee_list"),
        {"query": "Mentee"},
        headers={"hx-request": "true", "hx-target": "results"},
        secure=True,
    )
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<section id="results"')


@pytest.mark.django_db
def test_detail_shows_chain_reports_and_appraisal(world: World) -> None:
    world.mentor_employee.appraisers.add(world.mentee_employee)
    client: Client = client_for(world, "admin")
    response = client.get(
        url(world, "people:employee_detail", public_id=world.mentor_employee.public_id), secure=True
    )
    assert [e.employee_id for e in response.context["chain"]] == ["E0001", "E0200"]
    assert list(response.context["appraisers"]) == [world.mentee_employee]


@pytest.mark.django_db
def test_viewing_a_profile_and_downloading_results_leave_audit_entries(world: World) -> None:
    """AZ-06: neither left a trace (issue 14)."""
    from tandem.core.models import AuditEntry
    from tandem.programs.tests.factories import CohortFactory

    url = reverse(
        "people:employee_detail",
        kwargs={"org_slug": world.organization.slug, "public_id": world.mentee_employee.public_id},
    )
    client_for(world, "program_manager").get(url, secure=True)
    viewed = AuditEntry.objects.get(action="people.employee.viewed")
    assert (viewed.actor, viewed.object_id) == (
        world.program_manager,
        str(world.mentee_employee.public_id),
    )
    cohort = CohortFactory(organization=world.organization, state="running")
    export = reverse(
        "reports:export_csv",
        kwargs={"org_slug": world.organization.slug, "public_id": cohort.public_id},
    )
    client_for(world, "observer").get(export, secure=True)
    downloaded = AuditEntry.objects.get(action="reports.downloaded")
    assert downloaded.actor == world.observer
    assert downloaded.changes["file"] == [None, "csv"]
