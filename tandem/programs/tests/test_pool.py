"""The program team reviews the pool: filters, coverage, answers, verification, decisions."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.core.tests.mail import run_queued, unreachable_smtp
from tandem.people.tests.factories import EmployeeFactory, UserFactory
from tandem.programs.models import Cohort, CohortState, Registration
from tandem.programs.tests.factories import CohortFactory, RegistrationFactory


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"programs:{name}", kwargs={"org_slug": world.organization.slug, **kwargs})


def fill_pool(cohort: Cohort, count: int) -> None:
    for index in range(count):
        role = "mentor" if index % 2 else "mentee"
        RegistrationFactory(
            cohort=cohort,
            role=role,
            status="registered",
            topics={"agile": 3} if role == "mentor" else {},
            goals={"ai": 4, "agile": 2} if role == "mentee" else {},
        )


def pool_queries(world: World, cohort: Cohort, query: str = "") -> int:
    client = client_for(world, "program_manager")
    pool_url = url(world, "pool", public_id=cohort.public_id) + query
    client.get(pool_url, secure=True)  # warm up session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pool_url, secure=True)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?role=mentee&topic=ai&sort=-created&department=IT"])
def test_pool_page_runs_a_constant_number_of_queries(world: World, query: str) -> None:
    """TST-07: 3 and 30 registrations cost the same."""
    small = CohortFactory(organization=world.organization)
    large = CohortFactory(organization=world.organization)
    fill_pool(small, 3)
    fill_pool(large, 30)
    assert pool_queries(world, small, query) == pool_queries(world, large, query)


@pytest.mark.django_db
def test_pool_counts_and_coverage_highlight_goals_without_a_mentor(world: World) -> None:
    cohort = CohortFactory(organization=world.organization)
    fill_pool(cohort, 4)  # two mentees want ai and agile; two mentors offer agile
    RegistrationFactory(cohort=cohort, role="mentor", status="declined", topics={"ai": 5})
    response = client_for(world, "program_manager").get(
        url(world, "pool", public_id=cohort.public_id), secure=True
    )
    coverage = {row.topic.key: row for row in response.context["coverage"]}
    assert (coverage["ai"].wanted, coverage["ai"].offered) == (2, 0)
    assert coverage["ai"].uncovered
    assert (coverage["agile"].wanted, coverage["agile"].offered) == (2, 2)
    assert not coverage["agile"].uncovered
    counts = response.context["counts"]
    assert (counts.mentors, counts.mentees) == (3, 2)
    assert counts.count("mentor", "declined") == 1
    assert 'class="uncovered"' in response.content.decode()


@pytest.mark.django_db
def test_pool_filters_search_and_answers_htmx_with_the_results_only(
    world: World, cohort: Cohort
) -> None:
    client = client_for(world, "program_manager")
    pool_url = url(world, "pool", public_id=cohort.public_id)
    mentors = client.get(pool_url, {"role": "mentor"}, secure=True)
    assert [e.employee for e in mentors.context["page"]] == [world.mentor_employee]
    found = client.get(pool_url, {"query": "mente"}, secure=True)
    assert [e.employee for e in found.context["page"]] == [world.mentee_employee]
    finance = client.get(pool_url, {"department": "Finanzen"}, secure=True)
    assert [e.employee for e in finance.context["page"]] == [world.mentee_employee]
    partial = client.get(
        pool_url,
        {"status": "declined"},
        secure=True,
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    body = partial.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    bad = client.get(pool_url, {"role": "boss", "sort": "'; drop", "page": "x"}, secure=True)
    assert bad.status_code == 200


@pytest.mark.django_db
def test_registration_detail_shows_all_answers_and_the_baseline(world: World, cohort: Cohort):
    mentee = Registration.objects.get(cohort=cohort, role="mentee")
    Registration.objects.filter(pk=mentee.pk).update(
        baseline={"ai": 2}, motivation="Ich will verstehen, was KI kann"
    )
    response = client_for(world, "program_manager").get(
        url(world, "registration_detail", public_id=mentee.public_id), secure=True
    )
    body = response.content.decode()
    assert "Ich will verstehen, was KI kann" in body
    assert "Thema ai: 2/5" in body or "Topic ai: 2/5" in body
    assert 'style="' not in body


@pytest.mark.django_db
def test_verifying_a_mentor_records_who_and_when(world: World, cohort: Cohort) -> None:
    mentor = Registration.objects.get(cohort=cohort, role="mentor")
    client_for(world, "program_manager").post(
        url(world, "registration_verify", public_id=mentor.public_id),
        {"verified_ai": "2", "note": "Kurzes Gespräch"},
        secure=True,
    )
    mentor.refresh_from_db()
    assert mentor.verified == {"ai": 2}
    assert mentor.level("ai") == 2
    assert mentor.verification_note == "Kurzes Gespräch"
    assert mentor.verified_by == world.program_manager
    assert mentor.verified_at is not None
    entry = AuditEntry.objects.get(action="programs.enrollment.verified")
    assert "Kurzes" not in str(entry.changes)


@pytest.mark.django_db
def test_a_verified_level_must_be_on_the_scale(world: World, cohort: Cohort) -> None:
    mentor = Registration.objects.get(cohort=cohort, role="mentor")
    response = client_for(world, "program_manager").post(
        url(world, "registration_verify", public_id=mentor.public_id),
        {"verified_ai": "7"},
        secure=True,
    )
    assert response.status_code == 200
    assert 'id="id_verified_ai_error"' in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.verified == {}


@pytest.mark.django_db
def test_declining_needs_a_reason_at_the_field(world: World, cohort: Cohort) -> None:
    mentee = Registration.objects.get(cohort=cohort, role="mentee")
    response = client_for(world, "program_manager").post(
        url(world, "registration_decide", public_id=mentee.public_id),
        {"status": "declined", "reason": "  "},
        secure=True,
    )
    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.content.decode()
    mentee.refresh_from_db()
    assert mentee.status == "admitted"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_decision_is_mailed_in_the_persons_language_and_audited(
    world: World, django_capture_on_commit_callbacks
) -> None:
    cohort = CohortFactory(organization=world.organization, name="Jahrgang 2028")
    english = UserFactory(email="emma@nordwind.example", first_name="Emma", language="en")
    employee = EmployeeFactory(organization=world.organization, user=english)
    registration = RegistrationFactory(cohort=cohort, employee=employee, status="registered")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world, "program_manager").post(
            url(world, "registration_decide", public_id=registration.public_id),
            {"status": "declined", "reason": "Too many mentors for AI this time."},
            secure=True,
        )
    registration.refresh_from_db()
    assert registration.status == "declined"
    assert registration.decided_at is not None
    assert mail.outbox == []  # the request only queues the mail (REL-05)
    assert run_queued() == 1
    (message,) = mail.outbox
    assert message.to == ["emma@nordwind.example"]
    assert message.subject == "Your registration for Jahrgang 2028"
    assert "Too many mentors for AI this time." in message.body
    assert "Unfortunately" in message.body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert '<html lang="en">' in html
    hosts = {
        re.sub(r"^https?://([^/]+).*", r"\1", link)
        for link in re.findall(r"https?://[^\s\"<]+", message.body + html)
    }
    assert hosts == {"tandem.example"}
    entry = AuditEntry.objects.get(action="programs.enrollment.decided")
    assert entry.changes["status"] == ["registered", "declined"]
    assert "Too many" not in str(entry.changes)


@pytest.mark.django_db
def test_a_mail_server_that_is_down_does_not_fail_the_decision(
    world: World, cohort: Cohort, settings, django_capture_on_commit_callbacks
) -> None:
    settings.MAILERS = unreachable_smtp()
    mentee = Registration.objects.get(cohort=cohort, role="mentee")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "program_manager").post(
            url(world, "registration_decide", public_id=mentee.public_id),
            {"status": "waitlisted", "reason": ""},
            secure=True,
        )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.status == "waitlisted"
    assert run_queued() == 1  # failed: put back for later
    (retry,) = DBTaskResult.objects.filter(status="READY")
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(retry.run_after + timedelta(seconds=1)):
        assert run_queued() == 1
    (message,) = mail.outbox
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert message.to


@pytest.mark.django_db
def test_only_the_latest_of_two_quick_decisions_is_mailed(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks
) -> None:
    mentee = Registration.objects.get(cohort=cohort, role="mentee")
    decide = url(world, "registration_decide", public_id=mentee.public_id)
    client = client_for(world, "program_manager")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"status": "waitlisted", "reason": ""}, secure=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"status": "declined", "reason": "Kein Platz mehr"}, secure=True)
    assert run_queued() == 2
    (message,) = mail.outbox
    assert "Kein Platz mehr" in message.body


@pytest.mark.django_db
def test_no_decision_once_the_tandems_are_published(world: World, tandem) -> None:
    client_for(world, "program_manager").post(
        url(world, "registration_decide", public_id=tandem.mentee.public_id),
        {"status": "declined", "reason": "Zu spät"},
        secure=True,
    )
    tandem.mentee.refresh_from_db()
    assert tandem.mentee.status == "admitted"
    assert tandem.cohort.state == CohortState.PUBLISHED


@pytest.mark.django_db
def test_the_program_team_admits_several_people_in_one_go(
    world: World, django_capture_on_commit_callbacks
) -> None:
    """Twelve people took 24 page loads (issue 14)."""
    from django.core import mail

    from tandem.core.tests.mail import run_queued
    from tandem.programs.models import Registration, RegistrationStatus
    from tandem.programs.tests.factories import CohortFactory, RegistrationFactory

    cohort = CohortFactory(organization=world.organization, state="registration")
    from tandem.people.tests.factories import create_user

    people = [
        RegistrationFactory(
            cohort=cohort, role="mentor", status="registered", employee__user=create_user()
        )
        for _ in range(3)
    ]
    url = reverse("programs:pool_admit", args=[world.organization.slug, cohort.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "program_manager").post(
            url,
            {"registrations": [str(e.public_id) for e in people[:2]] + ["nonsense"]},
            secure=True,
        )
    assert response.status_code == 302
    statuses = dict(Registration.objects.filter(cohort_id=cohort.pk).values_list("pk", "status"))
    assert [statuses[e.pk] for e in people] == [
        RegistrationStatus.ADMITTED,
        RegistrationStatus.ADMITTED,
        RegistrationStatus.REGISTERED,
    ]
    run_queued()
    assert len(mail.outbox) == 2
