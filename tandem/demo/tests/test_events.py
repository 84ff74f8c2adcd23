"""The running demo cohort's events: two behind it with attendance, two ahead with answers."""

from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tandem.accounts.models import User
from tandem.calendars.schedule import to_local
from tandem.core.models import SentMail
from tandem.demo.people import NORDLICHT
from tandem.events.models import CohortEvent, EventInvitation, EventKind, Rsvp
from tandem.programs.models import Cohort, CohortState, RegistrationStatus, Role

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 25, 9, tzinfo=UTC)
AYLIN, JUERGEN = "aylin.oeztuerk", "juergen.weiss"
YES, NONE = Rsvp.YES, Rsvp.NONE


@pytest.fixture
def running(django_capture_on_commit_callbacks: Any) -> Iterator[Cohort]:
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", "--only", "people", stdout=StringIO())
        call_command("seed_demo", "--only", "cohorts", stdout=StringIO())
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", "--only", "running", stdout=StringIO())
        mail.outbox.clear()
        out = StringIO()
        # Whatever seeding leaves for after its commit runs, as it would outside a test.
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            call_command("seed_demo", "--only", "events", stdout=out)
        assert "Demo events loaded for Sommer 2026" in out.getvalue()
        assert callbacks == []
        yield Cohort.objects.get(organization__slug=NORDLICHT, state=CohortState.RUNNING)


def _invitations(event: CohortEvent) -> list[EventInvitation]:
    return list(event.invitations.select_related("registration__employee__user"))


def _personas(invitations: list[EventInvitation]) -> dict[str, tuple[str, bool | None]]:
    """The personas' answer and attendance, by login."""
    found = {}
    for invitation in invitations:
        user = invitation.registration.employee.user
        for login in (AYLIN, JUERGEN):
            if user and user.email.startswith(login):
                found[login] = (invitation.response, invitation.attended)
    return found


def test_four_events_for_their_audiences(running: Cohort) -> None:
    kickoff, past, coming, wrapup = CohortEvent.objects.filter(cohort=running).order_by("start")
    assert [e.kind for e in (kickoff, past, coming, wrapup)] == [
        EventKind.KICKOFF,
        EventKind.EXCHANGE,
        EventKind.EXCHANGE,
        EventKind.WRAPUP,
    ]
    assert to_local(kickoff.start).date() == running.kickoff
    assert to_local(kickoff.start).hour >= 17
    assert kickoff.place
    assert "Begrüßung" in kickoff.agenda
    assert to_local(wrapup.start).date() == running.wrapup
    assert wrapup.place
    assert all(e.online_link and not e.place for e in (past, coming))
    assert 35 <= (TODAY - past.start).days <= 49
    assert 10 <= (coming.start - TODAY).days <= 20

    admitted = running.registrations.filter(status=RegistrationStatus.ADMITTED)
    everyone = set(admitted.values_list("pk", flat=True))
    mentors = set(admitted.filter(role=Role.MENTOR).values_list("pk", flat=True))
    assert len(everyone) >= 30
    for event in (kickoff, past, coming, wrapup):
        invited = set(event.invitations.values_list("registration_id", flat=True))
        assert invited == (mentors if event.kind == EventKind.EXCHANGE else everyone)
        assert all(i.created <= event.start for i in event.invitations.all())


def test_attendance_behind_answers_ahead(running: Cohort) -> None:
    events = list(CohortEvent.objects.filter(cohort=running).order_by("start"))
    for event in events[:2]:
        invitations = _invitations(event)
        attended = [i.attended for i in invitations]
        assert None not in attended
        assert 0 < attended.count(False) < attended.count(True)
        assert all(bool(i.responded_at) == bool(i.response) for i in invitations)
        answered = [i.responded_at for i in invitations if i.responded_at]
        assert all(min(i.created for i in invitations) < at < event.start for at in answered)
        assert not any(i.attended for i in invitations if i.response == Rsvp.NO)
    for event in events[2:]:
        invitations = _invitations(event)
        assert all(i.attended is None for i in invitations)
        answers = {i.response for i in invitations}
        assert answers == {Rsvp.YES, Rsvp.MAYBE, Rsvp.NO, Rsvp.NONE}
        assert all(bool(i.responded_at) == bool(i.response) for i in invitations)
        assert all(i.responded_at <= TODAY for i in invitations if i.responded_at)


def test_the_personas_see_their_events_and_can_answer(running: Cohort) -> None:
    kickoff, past, coming, wrapup = (
        _invitations(e) for e in CohortEvent.objects.filter(cohort=running).order_by("start")
    )
    assert _personas(kickoff) == {AYLIN: (YES, True), JUERGEN: (YES, True)}
    # The exchanges are for mentors only; Aylin has the coming one to answer, Jürgen the wrap-up.
    assert _personas(past) == {AYLIN: (YES, True)}
    assert _personas(coming) == {AYLIN: (NONE, None)}
    assert _personas(wrapup) == {AYLIN: (YES, None), JUERGEN: (NONE, None)}

    client = Client()
    home = reverse("people:organization_home", kwargs={"org_slug": NORDLICHT})
    with time_machine.travel(TODAY, tick=False):
        client.force_login(User.objects.get(email__startswith=AYLIN))
        page = client.get(home, secure=True).content.decode()
        assert "Zweiter Austausch der Mentor:innen" in page
        assert "Abschluss Sommer 2026" in page
        client.force_login(User.objects.get(email__startswith=JUERGEN))
        page = client.get(home, secure=True).content.decode()
        assert "Abschluss Sommer 2026" in page
        assert "Austausch" not in page


def test_seeding_mails_nobody_queues_nothing_and_runs_once(running: Cohort) -> None:
    assert not mail.outbox
    assert not DBTaskResult.objects.exists()
    assert not SentMail.objects.exists()
    before = (CohortEvent.objects.count(), EventInvitation.objects.count())
    out = StringIO()
    call_command("seed_demo", "--only", "events", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (CohortEvent.objects.count(), EventInvitation.objects.count()) == before


def test_without_a_running_cohort_nothing_happens() -> None:
    call_command("seed_demo", "--only", "people", stdout=StringIO())
    call_command("seed_demo", "--only", "cohorts", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--only", "events", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert not CohortEvent.objects.exists()
