"""Test personas. Each says what it may see.

Fixtures are built with tenant scopes relaxed (as pretix does); every view
still enters its organisation's scope itself, so scoping is tested for real.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.utils import translation
from django_scopes import scope, scopes_disabled

from tandem.accounts.models import User
from tandem.accounts.tests.logins import reauthenticate
from tandem.browser import (  # noqa: F401 (fixtures)
    audited_page,
    browser_context_args,
    browser_type_launch_args,
    journey,
)
from tandem.core.models import Organization
from tandem.core.tests.mail import smtp  # noqa: F401 (fixture)
from tandem.people.models import Employee
from tandem.people.orgchart import recompute_reporting_paths
from tandem.people.tests.factories import (
    EmployeeFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tandem.programs.models import Cohort, Registration, Tandem
from tandem.programs.tests.factories import CohortFactory, RegistrationFactory, TandemFactory
from tandem.sso.tests.oidc_peer import Peer, configure, oidc_peer, sign_in  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _relaxed_scopes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fixtures and assertions query across organisations; requests run scoped as in production.

    The test client handles a request in the test's own thread, where the relaxed scope would
    otherwise reach into the request: a view or sign-in step that forgot its scope would pass
    here and fail for real (a company sign-in's test did once).
    """
    handle = ClientHandler.__call__

    def scoped(self: ClientHandler, environ: dict[str, Any]) -> Any:
        with scope():
            return handle(self, environ)

    monkeypatch.setattr(ClientHandler, "__call__", scoped)
    with scopes_disabled():
        yield


@pytest.fixture
def migrate_to(transactional_db: None) -> Iterator[Callable[[list[tuple[str, str]]], Any]]:
    """Move the test database's schema to ``targets``; returns the apps as they were there.

    Afterwards the schema is moved back to the latest migrations, whatever the test did: a
    test that left it behind broke the next tests of its worker (issue 16's new column).
    """

    def move(targets: list[tuple[str, str]]) -> Any:
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield move
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request leaves its language active in the thread; every test starts in German.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = TEST_SETTINGS["PASSWORD_HASHERS"]


# The configured address every link in mail and calendars starts with (``tandem.core.links``);
# another host than the test client's ``testserver``, so a link taken from a request shows.
TEST_BASE_URL = "https://tandem.example"


@pytest.fixture(autouse=True)
def _base_url(request: pytest.FixtureRequest, settings) -> None:
    if "live_server" in request.fixturenames:
        # A browser follows the links it is mailed: they lead to the live server.
        settings.TANDEM_BASE_URL = request.getfixturevalue("live_server").url
    else:
        settings.TANDEM_BASE_URL = TEST_BASE_URL


# What the autouse fixtures above set for each test, for data built once for many tests.
TEST_SETTINGS: dict[str, object] = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TANDEM_BASE_URL": TEST_BASE_URL,
}


def shared_data[T](django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """Build data once for every test of a module (``yield from`` in a module fixture).

    The data is written inside a transaction that stays open while the module's tests run and
    is rolled back after the last one. Each test still runs in its own savepoint (pytest-django
    leaves out the class-level set-up that would close the connection), so what a test writes
    is undone before the next one, as with data built per test. Every test of the module must
    use the shared data: a second ``world`` beside it would clash with it.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with (
                scopes_disabled(),
                translation.override(settings.LANGUAGE_CODE),
                override_settings(**TEST_SETTINGS),
            ):
                data = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


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
    # Two more personas for the permission matrix and the confidentiality crawl, added by the
    # ``identity_personas`` fixture (AUTH-09):
    # a participant of the other organisation who added (unverified) the addresses HR holds for
    # people here: an address proves nothing, so 404 on everything here;
    claimant: User | None = None
    # a consultant: program manager of the other organisation and, through their own link, an
    # employee here without a role. Here they see a participant's pages and nothing more.
    two_orgs: User | None = None


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The two organisations and the personas of ``World`` (no tandem, no cohort yet)."""
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


def _user(**fields: object) -> User:
    return UserFactory(**fields)


@pytest.fixture
def identity_personas(world: World) -> World:
    """The world with the claimant and the consultant in two organisations (see ``World``)."""
    return add_identity_personas(world)


def add_identity_personas(world: World) -> World:
    """``world`` with the claimant and the consultant (see ``World``)."""
    claimant = _user(email="claimant@suedstern.example", first_name="Clara", last_name="Claim")
    EmployeeFactory(organization=world.other_organization, employee_id="E0002", user=claimant)
    for claimed in (world.ceo.email, world.mentee_employee.email):
        EmailAddress.objects.create(user=claimant, email=claimed, verified=False, primary=False)
    consultant = _user(email="consultant@beratung.example", first_name="Kai", last_name="Konsul")
    MembershipFactory(
        organization=world.other_organization, user=consultant, role="program_manager"
    )
    EmployeeFactory(
        organization=world.organization,
        employee_id="E0900",
        first_name="Kai",
        last_name="Konsul",
        supervisor=world.ceo,
        department="Beratung",
        team="B-1",
        user=consultant,
    )
    recompute_reporting_paths(world.organization)
    world.claimant, world.two_orgs = claimant, consultant
    return world


def add_sso_persona(world: World, peer: Peer) -> World:
    """``world`` with a program manager who signed in with their company account (see ``World``)."""
    sina = EmployeeFactory(
        organization=world.organization,
        employee_id="E0400",
        first_name="Sina",
        last_name="Sommer",
        email="sina.sommer@nordwind.example",
        supervisor=world.ceo,
        department="Personal",
        team="P-1",
    )
    recompute_reporting_paths(world.organization)
    configure(peer, world.organization)
    client = Client()
    response = sign_in(client, world.organization, "sub-sina")
    user = Employee.objects.get(pk=sina.pk).user
    if response.status_code != 302 or user is None:
        raise AssertionError(response.content[:500])
    MembershipFactory(organization=world.organization, user=user, role="program_manager", mfa=False)
    world.sso_manager = user
    world.sso_session = dict(client.session.items())
    return world


@pytest.fixture
def cohort(world: World) -> Cohort:
    """A cohort in registration; the world's mentor and mentee are admitted to its pool."""
    return build_cohort(world)


def build_cohort(world: World) -> Cohort:
    """A cohort in registration with the world's mentor and mentee admitted to its pool."""
    cohort = CohortFactory(organization=world.organization, name="Jahrgang 2027")
    RegistrationFactory(cohort=cohort, employee=world.mentor_employee, role="mentor")
    RegistrationFactory(cohort=cohort, employee=world.mentee_employee, role="mentee")
    return cohort


@pytest.fixture
def tandem(world: World, cohort: Cohort) -> Tandem:
    """The world's mentor and mentee, published as a tandem of ``cohort``."""
    mentor = cohort.registrations.get(role="mentor")
    mentee = cohort.registrations.get(role="mentee")
    Registration.objects.filter(pk=mentor.pk).update(taken=1)
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
    "claimant",
    "two_orgs",
    "sso_manager",
)


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona == "sso_manager":
        # The session the company sign-in made, copied for each client (it is the real one's).
        if world.sso_session is None:
            raise AssertionError("add_sso_persona(world, oidc_peer) first")
        session = SessionStore()
        session.update(world.sso_session)
        session.create()
        client.cookies[settings.SESSION_COOKIE_NAME] = str(session.session_key)
    elif persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def fresh_client_for(world: World, persona: str) -> Client:
    """A persona who has just confirmed their password, as sensitive actions ask (AUTH-07)."""
    client = client_for(world, persona)
    reauthenticate(client)
    return client
