"""AZ-03: what a tandem writes reaches no one but the tandem — proven with planted sentinels.

A unique string goes into every field of ``CONFIDENTIAL_FIELDS`` of a tandem with held
meetings: the partners' takeaways, each partner's private note and feedback comment, the
action plan's goals. Then every persona crawls every URL of the URLconf (filled like the
permission matrix fills it, each object replaced in turn by every object of its kind in the
organisation, so pages added later are crawled without touching this file), the calendar
feeds, every e-mail the tasks send, and every row of every other table (audit log, task
queue, sent-mail ledger …). A sentinel may appear only where allowed: takeaways and goals to
the two partners, a note or feedback comment to its author — and never in a calendar, an
e-mail or another table.
"""

import inspect
import io
import itertools
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module
from typing import Any
from uuid import UUID

import openpyxl
import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.tasks import Task
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from conftest import PERSONAS, Peer, World, client_for, shared_data
from tandem.accounts.models import User
from tandem.calendars.services import renew_feed
from tandem.core.tests.test_permission_matrix import (
    MATRIX,
    THIRD_PARTY_NAMESPACES,
    MatrixObjects,
    _kwargs,
    all_url_names,
    build_matrix_objects,
)
from tandem.meetings import services
from tandem.meetings.models import Meeting, MeetingState
from tandem.people.models import Employee
from tandem.people.tests.factories import UserFactory
from tandem.programs.models import Role, Tandem, TandemState
from tandem.programs.tests.factories import RegistrationFactory, TandemFactory
from tandem.surveys import services as surveys_services
from tandem.surveys.models import CONFIDENTIAL_FIELDS as SURVEY_FIELDS
from tandem.surveys.models import Question, Respondent, Survey
from tandem.workspace import journal, quotes
from tandem.workspace.models import CONFIDENTIAL_FIELDS as TANDEM_FIELDS
from tandem.workspace.models import Goal, Quote

pytestmark = pytest.mark.django_db

CONFIDENTIAL_FIELDS = {**TANDEM_FIELDS, **SURVEY_FIELDS}

PARTNERS = frozenset({"mentor", "mentee"})
# Beyond the matrix's personas: someone in another tandem, the partners' line managers, and
# a Django staff user (which grants nothing here).
EXTRA_PERSONAS = ("other_participant", "mentee_supervisor", "mentor_supervisor", "staff")
ALL_PERSONAS = (*PERSONAS, *EXTRA_PERSONAS)


@dataclass
class Sentinels:
    """The planted strings, who may read each, and the clients of every persona."""

    allowed: dict[str, frozenset[str]] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)

    def plant(self, readers: frozenset[str]) -> str:
        value = f"SENTINEL{secrets.token_hex(8)}"
        self.allowed[value] = readers
        return value

    def found_in(self, text: str) -> set[str]:
        return {value for value in self.allowed if value in text}


def _user(**fields: object) -> User:
    return User.objects.get(pk=UserFactory(**fields).pk)


def _login(employee: Employee, email: str) -> User:
    user = _user(email=email, first_name=employee.first_name)
    Employee.objects.filter(pk=employee.pk).update(user=user)
    return user


@dataclass
class Crawl:
    """The permission matrix's objects (what its ``_kwargs`` fills every URL with), planted."""

    objects: MatrixObjects
    sentinels: Sentinels
    # Every URL name of ours with every way to fill it, as (name, URL): found once for all
    # personas, so the objects some fills create exist for the whole crawl.
    urls: list[tuple[str, str]] = field(default_factory=list)


def build_crawl(peer: Peer) -> Crawl:
    objects = build_matrix_objects(peer)
    world = objects.world
    tandem = objects.matching.tandem  # the world's mentor and mentee, accepted by ``meetings``
    tandem.mentor_answer = tandem.mentee_answer = "accept"
    tandem.save(update_fields=["mentor_answer", "mentee_answer"])
    tandem.cohort.team.set([world.program_manager])
    found = Sentinels()

    extra: dict[str, User] = {
        "mentee_supervisor": _login(world.ceo, "ceo@nordwind.example"),
        "mentor_supervisor": _login(
            Employee.objects.get(organization=world.organization, employee_id="E0200"),
            "lead@nordwind.example",
        ),
        "staff": _user(email="staff@example.org", is_staff=True, is_superuser=True),
    }
    other = TandemFactory(
        cohort=tandem.cohort,
        mentor=RegistrationFactory(cohort=tandem.cohort, role="mentor"),
        mentee=RegistrationFactory(cohort=tandem.cohort, role="mentee", employee__team="X-9"),
        state=TandemState.ACCEPTED,
    )
    extra["other_participant"] = _login(other.mentor.employee, "other@nordwind.example")
    found.clients = {persona: client_for(world, persona) for persona in PERSONAS}
    for persona, user in extra.items():
        found.clients[persona] = Client()
        found.clients[persona].force_login(user)

    _plant(world, tandem, found)
    _plant_goals(world, tandem, found)
    _plant_quote(tandem, found)
    _plant_survey_answer(world, objects.survey, found)
    with TestCase.captureOnCommitCallbacks(execute=True):
        # Mail-producing work around the tandem: an invitation and a "doesn't fit" alert.
        services.schedule_meeting(
            tandem=tandem,
            actor=world.mentor,
            start=timezone.now() + timedelta(days=9),
            minutes=45,
            place="Kantine",
        )
        journal.answer_fit_check(
            tandem=tandem,
            author=Role.MENTEE,
            fits=False,
        )
    # The mentee's feed exists too; its token is only ever shown once, so the crawl reads the
    # mentor's feed (the matrix's token), which holds the same tandem's meetings.
    renew_feed(user=world.mentee, organization=world.organization)
    _assert_every_confidential_field_planted()
    return Crawl(objects, found, list(_crawled_urls(objects)))


@pytest.fixture(scope="module")
def crawl(django_db_setup: None, django_db_blocker: Any, oidc_peer: Peer) -> Iterator[Crawl]:
    """Planted once for the module (each test's writes are rolled back after it)."""
    yield from shared_data(django_db_blocker, lambda: build_crawl(oidc_peer))


@pytest.fixture
def sentinels(crawl: Crawl) -> Sentinels:
    return crawl.sentinels


def _plant(world: World, tandem: Tandem, found: Sentinels) -> None:
    """Two held meetings, each with both partners' takeaways, notes and feedback comments."""
    actors = {Role.MENTOR: world.mentor, Role.MENTEE: world.mentee}
    for days in (20, 6):
        meeting = Meeting.objects.create(
            organization=world.organization,
            tandem=tandem,
            start=timezone.now() - timedelta(days=days),
            place="Café am Hafen",
            state=MeetingState.HELD,
        )
        for role in actors:
            own = frozenset({role.value})
            journal.add_takeaway(meeting=meeting, author=role, text=found.plant(PARTNERS))
            journal.save_note(meeting=meeting, author=role, text=found.plant(own))
            journal.save_feedback(meeting=meeting, author=role, rating=4, comment=found.plant(own))


def _plant_goals(world: World, tandem: Tandem, found: Sentinels) -> None:
    Goal.objects.create(
        organization=world.organization,
        tandem=tandem,
        title=found.plant(PARTNERS),
        detail=found.plant(PARTNERS),
    )


def _plant_quote(tandem: Tandem, found: Sentinels) -> None:
    """A quote for the report the mentee has not agreed to: still the tandem's own."""
    quotes.save_quote(tandem=tandem, role=Role.MENTOR, text=found.plant(PARTNERS))
    quotes.agree_to_quote(
        tandem=tandem,
        role=Role.MENTOR,
        agreed=True,
        version=Quote.objects.get(tandem=tandem).version,
    )


def _plant_survey_answer(world: World, midterm: Survey, found: Sentinels) -> None:
    """The mentee's free-text answer: one person, so nobody may read it (PRIV-03)."""
    respondent = Respondent.objects.get(survey=midterm, registration__employee__user=world.mentee)
    questionnaire = midterm.questionnaire_for(respondent.role)
    question = Question.objects.get(questionnaire=questionnaire, kind="text")
    surveys_services.submit(
        respondent=respondent,
        answers=[surveys_services.Given(question, text=found.plant(frozenset()))],
        today=midterm.opens,
    )


def _assert_every_confidential_field_planted() -> None:
    """A confidential field added later fails here until the fixture plants it too."""
    for model, names in CONFIDENTIAL_FIELDS.items():
        for name in names:
            planted = model._default_manager.filter(**{f"{name}__startswith": "SENTINEL"})
            assert planted.exists(), f"no sentinel planted in {model.__name__}.{name}"


# --- filling the URLconf --------------------------------------------------------------------


def _models_with(field_test: Any) -> list[tuple[type[models.Model], str]]:
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.Field) and field_test(f)
    ]


def _alternatives(value: object, world: World) -> list[object]:
    """``value`` and every other object of its kind in the organisation (a UUID or a token)."""
    if isinstance(value, UUID):
        candidates = _models_with(lambda f: f.name == "public_id")
    elif isinstance(value, str):
        candidates = _models_with(lambda f: isinstance(f, models.CharField) and "token" in f.name)
    else:
        return [value]
    for model, name in candidates:
        tenant = any(f.name == "organization" for f in model._meta.get_fields())
        if tenant and model._default_manager.filter(**{name: value}).exists():
            kind = model._default_manager.filter(organization=world.organization)
            return list(kind.order_by("pk").values_list(name, flat=True))
    return [value]


def _fills(name: str, world: World, fixtures: tuple[Any, ...]) -> Iterator[dict[str, object]]:
    """Every way to fill ``name``'s URL with real objects of this world."""
    base = _kwargs(name, world, *fixtures)
    keys = list(base)
    for values in itertools.product(*(_alternatives(base[key], world) for key in keys)):
        yield dict(zip(keys, values, strict=True))


def _text(response: Any) -> str:
    """The response as text; PDFs and spreadsheets are compressed, so they are read first."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        pages = PdfReader(io.BytesIO(content)).pages
        return "\n".join(page.extract_text() for page in pages)
    if kind.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return "\n".join(str(c) for c in cells if c is not None)
    return content.decode(errors="replace")


def _message_text(message: Any) -> str:
    return message.message().as_string() + message.body + str(message.subject)


# --- running the background work ------------------------------------------------------------


def _run_tasks() -> None:
    """Run what was queued, then every task that takes no arguments (schedulers), then the rest."""
    done: set[Any] = set()

    def drain() -> None:
        while pending := [
            r for r in DBTaskResult.objects.order_by("enqueued_at") if r.pk not in done
        ]:
            for result in pending:
                done.add(result.pk)
                task = import_string(result.task_path)
                task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])

    drain()
    for app in apps.get_app_configs():
        if not app.name.startswith("tandem."):
            continue
        try:
            module = import_module(f"{app.name}.tasks")
        except ModuleNotFoundError:
            continue
        for task in vars(module).values():
            if isinstance(task, Task) and not _required_parameters(task):
                task.call()
    drain()


def _required_parameters(task: Task[Any, Any]) -> list[str]:
    return [
        p.name
        for p in inspect.signature(task.func).parameters.values()
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


# --- the tests ------------------------------------------------------------------------------


def _our_url_names() -> list[str]:
    return sorted(n for n in all_url_names() if not n.startswith(THIRD_PARTY_NAMESPACES))


def _crawled_urls(objects: MatrixObjects) -> Iterator[tuple[str, str]]:
    """Every URL name of ours with every way to fill it (objects created on the way stay)."""
    names = _our_url_names()
    assert names
    for name in names:
        for kwargs in _fills(name, objects.world, objects.fixtures()):
            yield name, reverse(name, kwargs=kwargs)


def test_every_crawled_url_opens_for_someone(crawl: Crawl) -> None:
    """No URL of the crawl answers 404 to every persona: the crawl below reaches every page
    (but those the permission matrix closes to everyone on purpose)."""
    unfilled = []
    clients = crawl.sentinels.clients.values()
    closed = {
        name for name, (_method, expected) in MATRIX.items() if set(expected.values()) == {404}
    }
    for name, urls in itertools.groupby(crawl.urls, key=lambda pair: pair[0]):
        if name in closed:
            continue
        opened = (
            client.get(url, secure=True).status_code != 404
            for _name, url in urls
            for client in clients
        )
        if not any(opened):
            unfilled.append(name)
    assert not unfilled, f"URLs no persona could open with this world's objects: {unfilled}"


# One persona per test, so that the workers share the crawl. What each persona reads equals
# what it may read: over all personas that is each sentinel read by exactly its readers.
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_a_tandems_writing_reaches_only_the_tandem(crawl: Crawl, persona: str) -> None:
    found = crawl.sentinels
    client = found.clients[persona]
    leaks: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, url in crawl.urls:
        response = client.get(url, secure=True)
        assert response.status_code < 500, (name, persona)
        body = _text(response)
        calendar = "calendar" in response.get("Content-Type", "")
        for value in found.found_in(body):
            seen.add(value)
            if calendar or persona not in found.allowed[value]:
                leaks.append((name, url))
    assert {name for name, _url in crawl.urls} == set(_our_url_names())
    assert not leaks, leaks
    # The crawl really reached the tandem's pages: the persona read all that it may read.
    may_read = {value for value, readers in found.allowed.items() if persona in readers}
    assert seen == may_read, (persona, may_read - seen)


def test_no_email_carries_what_a_tandem_wrote(sentinels: Sentinels) -> None:
    _run_tasks()
    subjects = [message.subject for message in mail.outbox]
    assert any("passt nicht" in subject for subject in subjects), subjects  # the alert went
    assert len(mail.outbox) >= 3, subjects  # and the invitations
    for message in mail.outbox:
        assert not sentinels.found_in(_message_text(message)), message.subject


def test_no_other_table_holds_what_a_tandem_wrote(sentinels: Sentinels) -> None:
    """The audit log, the task queue, the sent-mail ledger … mask or leave out the text."""
    _run_tasks()
    for model in apps.get_models():
        if model in CONFIDENTIAL_FIELDS:
            continue
        rows = json.dumps(list(model._default_manager.values()), default=str)
        assert not sentinels.found_in(rows), model._meta.label
