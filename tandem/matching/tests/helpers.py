"""Test helpers: a cohort's admitted pool of people with logins, built with the factories."""

from itertools import count

from tandem.people.tests.factories import EmployeeFactory, UserFactory
from tandem.programs.models import Cohort, Registration
from tandem.programs.tests.factories import RegistrationFactory

_teams = count(1)


def add_person(
    cohort: Cohort, role: str, *, language: str = "de", department: str = "", **fields: object
) -> Registration:
    """An admitted participant in a team of their own, with a login in ``language``."""
    employee = EmployeeFactory(
        organization=cohort.organization,
        department=department or f"{role.title()}-Abteilung",
        team=f"team-{next(_teams)}",
        user=UserFactory(language=language),
    )
    return RegistrationFactory(cohort=cohort, employee=employee, role=role, **fields)


def add_pool(cohort: Cohort, *, mentors: int, mentees: int) -> list[Registration]:
    return [add_person(cohort, "mentor") for _ in range(mentors)] + [
        add_person(cohort, "mentee") for _ in range(mentees)
    ]
