"""Test personas. Each says what it may see.

Fixtures are built with tenant scopes relaxed (as pretix does); every view
still enters its organisation's scope itself, so scoping is tested for real.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.browser import (  # noqa: F401 (fixtures)
    audited_page,
    browser_context_args,
    browser_type_launch_args,
    journey,
)
from tandem.core.models import Organization
from tandem.people.models import Employee
from tandem.people.orgchart import recompute_reporting_paths
from tandem.people.tests.factories import (
    EmployeeFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tandem.programs.models import Cohort, Enrollment, Tandem
from tandem.programs.tests.factories import CohortFactory, EnrollmentFactory, TandemFactory


@pytest.fixture(autouse=True)
def _relaxed_scopes() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request leaves its language active in the thread; every test starts in German.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    organization: Organization
    other_organization: Organization
    ceo: Employee
    mentee_employee: Employee
    mentor_employee: Employee
    admin: User  # organisation admin: people, import, audit log
    program_manager: User  # runs programs: people and org chart, no audit log
    observer: User  # aggregates only: no people pages
    mentee: User  # an executive employee with a login: own pages only
    mentor: User  # a junior employee with a login: own pages only
    outsider: User  # belongs to no organisation: sees nothing
    other_admin: User  # admin of another organisation: 404 on everything here


@pytest.fixture
def world(db) -> World:
    org = OrganizationFactory(name="Nordwind Logistik AG", slug="nordwind")
    other = OrganizationFactory(name="Südstern Handel GmbH", slug="suedstern")

    def user(email: str, first: str, last: str) -> User:
        return UserFactory(email=email, first_name=first, last_name=last)

    admin = user("admin@nordwind.example", "Anna", "Admin")
    pm = user("pm@nordwind.example", "Paula", "Programm")
    observer = user("observer@nordwind.example", "Otto", "Beobachter")
    mentee = user("mentee@nordwind.example", "Martin", "Mentee")
    mentor = user("mentor@nordwind.example", "Mia", "Mentorin")
    outsider = user("outsider@example.org", "Olaf", "Außen")
    other_admin = user("admin@suedstern.example", "Sven", "Süd")
    MembershipFactory(organization=org, user=admin, role="admin")
    MembershipFactory(organization=org, user=pm, role="program_manager")
    MembershipFactory(organization=org, user=observer, role="observer")
    MembershipFactory(organization=other, user=other_admin, role="admin")

    ceo = EmployeeFactory(
        organization=org,
        employee_id="E0001",
        first_name="Carla",
        last_name="Chefin",
        department="Vorstand",
        team="V",
    )
    mentee_emp = EmployeeFactory(
        organization=org,
        employee_id="E0100",
        first_name="Martin",
        last_name="Mentee",
        supervisor=ceo,
        department="Finanzen",
        team="F-1",
        user=mentee,
    )
    lead = EmployeeFactory(
        organization=org,
        employee_id="E0200",
        first_name="Lena",
        last_name="Leitung",
        supervisor=ceo,
        department="IT",
        team="IT-1",
    )
    mentor_emp = EmployeeFactory(
        organization=org,
        employee_id="E0300",
        first_name="Mia",
        last_name="Mentorin",
        supervisor=lead,
        department="IT",
        team="IT-2",
        user=mentor,
    )
    EmployeeFactory(organization=other, employee_id="E0001", first_name="Xaver", last_name="Anders")
    recompute_reporting_paths(org)
    recompute_reporting_paths(other)
    for employee in (ceo, mentee_emp, mentor_emp):
        employee.refresh_from_db()
    return World(
        org,
        other,
        ceo,
        mentee_emp,
        mentor_emp,
        admin,
        pm,
        observer,
        mentee,
        mentor,
        outsider,
        other_admin,
    )


@pytest.fixture
def cohort(world: World) -> Cohort:
    """A cohort in registration; the world's mentor and mentee are admitted to its pool."""
    cohort = CohortFactory(organization=world.organization, name="Jahrgang 2027")
    EnrollmentFactory(cohort=cohort, employee=world.mentor_employee, role="mentor")
    EnrollmentFactory(cohort=cohort, employee=world.mentee_employee, role="mentee")
    return cohort


@pytest.fixture
def tandem(world: World, cohort: Cohort) -> Tandem:
    """The world's mentor and mentee, published as a tandem of ``cohort``."""
    mentor = cohort.enrollments.get(role="mentor")
    mentee = cohort.enrollments.get(role="mentee")
    Enrollment.objects.filter(pk=mentor.pk).update(taken=1)
    cohort.state = "published"
    cohort.save(update_fields=["state"])
    return TandemFactory(cohort=cohort, mentor=mentor, mentee=mentee)


PERSONAS = (
    "anonymous",
    "admin",
    "program_manager",
    "observer",
    "mentee",
    "mentor",
    "outsider",
    "other_admin",
)


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client
