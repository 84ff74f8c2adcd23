"""Names sort as a German or English reader expects, in SQL (both databases) and in Python.

Code-point order put Ö, Ø and Ü after Z and "Schoßig" before "Schäfer" on every list.
"""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from conftest import World, client_for
from tandem.core.collation import alphabetical, sorted_alphabetically
from tandem.people.models import Employee
from tandem.people.selectors import departments, employee_directory
from tandem.people.tests.factories import EmployeeFactory
from tandem.programs.models import Cohort, Registration
from tandem.programs.selectors import pool as pool_of
from tandem.programs.tests.factories import RegistrationFactory

EXPECTED = ["Åberg", "Ohm", "Øster", "Özdemir", "Schäfer", "Schoßig", "Uhl", "Üner", "Zander"]
SHUFFLED = ["Zander", "Üner", "Schoßig", "Özdemir", "Uhl", "Øster", "Schäfer", "Ohm", "Åberg"]


def positions(html: str, names: list[str]) -> list[str]:
    """The names in the order the page shows them, each found as a whole word: a generated
    colleague called "Uhlig" listed first must not count as "Uhl"."""

    def first(name: str) -> int:
        found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", html)
        assert found is not None, name
        return found.start()

    return sorted(names, key=first)


def test_python_sorts_names_alphabetically() -> None:
    assert sorted_alphabetically(SHUFFLED, key=str) == EXPECTED
    # Tuples sort field by field; numbers in them stay numbers.
    rows = [(2, "Özdemir"), (1, "Zander"), (2, "Ohm")]
    assert sorted_alphabetically(rows, key=lambda row: row) == [
        (1, "Zander"),
        (2, "Ohm"),
        (2, "Özdemir"),
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_database_sorts_as_python_does(world: World, language: str) -> None:
    for index, name in enumerate(SHUFFLED):
        EmployeeFactory(
            organization=world.organization,
            employee_id=f"S{index}",
            first_name="Sam",
            last_name=name,
            department=f"{name} Abteilung",
        )
    with translation.override(language):
        listed = [e.last_name for e in employee_directory(world.organization)]
        ordered = list(
            Employee.objects.filter(last_name__in=SHUFFLED)
            .order_by(*alphabetical("last_name"))
            .values_list("last_name", flat=True)
        )
        backwards = list(
            Employee.objects.filter(last_name__in=SHUFFLED)
            .order_by(*alphabetical("-last_name"))
            .values_list("last_name", flat=True)
        )
    assert [name for name in listed if name in SHUFFLED] == EXPECTED, connection.vendor
    assert ordered == EXPECTED
    assert backwards == EXPECTED[::-1]
    # The model's default order is alphabetical too.
    assert (
        list(Employee.objects.filter(last_name__in=SHUFFLED).values_list("last_name", flat=True))
        == EXPECTED
    )
    assert [d for d in departments(world.organization) if d.endswith("Abteilung")] == [
        f"{name} Abteilung" for name in EXPECTED
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_people_list_and_the_pool_read_alphabetically(
    world: World, cohort: Cohort, language: str
) -> None:
    for index, name in enumerate(SHUFFLED):
        RegistrationFactory(
            cohort=cohort,
            employee=EmployeeFactory(
                organization=world.organization,
                employee_id=f"S{index}",
                first_name="Sam",
                last_name=name,
            ),
            role="mentor",
            status="registered",
        )
    client = client_for(world, "program_manager")
    client.cookies["django_language"] = language
    org = world.organization.slug
    people = client.get(reverse("people:employee_list", kwargs={"org_slug": org}), secure=True)
    assert people.status_code == 200
    assert positions(people.content.decode(), EXPECTED) == EXPECTED
    pool = client.get(
        reverse("programs:pool", kwargs={"org_slug": org, "public_id": cohort.public_id}),
        secure=True,
    )
    assert pool.status_code == 200
    assert positions(pool.content.decode(), EXPECTED) == EXPECTED
    with translation.override(language):
        assert [
            e.employee.last_name for e in pool_of(cohort) if e.employee.last_name in SHUFFLED
        ] == EXPECTED
    assert [
        e.employee.last_name
        for e in Registration.objects.filter(cohort=cohort, employee__last_name__in=SHUFFLED)
    ] == EXPECTED
