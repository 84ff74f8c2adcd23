"""The running demo cohort: months of meetings and writing, some worries, the personas' tandems."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tandem.accounts.models import User
from tandem.calendars.schedule import to_local
from tandem.core.models import SentMail
from tandem.demo.people import NORDLICHT
from tandem.matching.models import RunStatus
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.programs.models import Cohort, CohortState, Registration, Tandem, TandemState
from tandem.workspace.models import Feedback, FitCheck, Goal, GoalStatus, PrivateNote, Takeaway

pytestmark = pytest.mark.django_db

# The product's "today": late November 2026, so the cohort spans the end of summer time.
TODAY = datetime(2026, 11, 25, 9, tzinfo=UTC)
PERSONAS = ("aylin.oeztuerk", "juergen.weiss")
CONTENT = (Meeting, MeetingSeries, Takeaway, PrivateNote, Feedback, FitCheck, Goal)


@pytest.fixture
def running(django_capture_on_commit_callbacks: Any) -> Iterator[Cohort]:
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", "--only", "people", stdout=StringIO())
        call_command("seed_demo", "--only", "cohorts", stdout=StringIO())
        out = StringIO()
        # What seeding leaves for after its commit runs, as it would outside a test.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", "--only", "running", stdout=out)
        assert "Sommer 2026" in out.getvalue()
        yield Cohort.objects.get(state=CohortState.RUNNING)


def test_the_cohort_was_matched_for_real_and_runs_since_its_kickoff(running: Cohort) -> None:
    today = TODAY.date()
    assert running.kickoff < today < running.wrapup
    assert 90 <= (today - running.kickoff).days <= 150
    assert 30 <= (running.wrapup - today).days <= 60
    run = running.matching_runs.get()
    assert run.status == RunStatus.DONE
    assert run.quality["violations"] == 0
    tandems = running.tandems.all()
    assert 16 <= len(tandems) <= 24
    assert {t.state for t in tandems} == {TandemState.ACCEPTED, TandemState.DISSOLVED}
    assert all(t.reasons and t.score > 0 for t in tandems)


def test_months_of_meetings_with_takeaways_feedback_and_goals(running: Cohort) -> None:
    meetings = Meeting.objects.filter(tandem__cohort=running).select_related("tandem")
    held = [m for m in meetings if m.state == MeetingState.HELD]
    assert len(held) >= 100
    assert all(m.start <= TODAY for m in held)
    assert len({(m.start.year, m.start.month) for m in held}) >= 4
    states = {m.state for m in meetings}
    assert states == set(MeetingState)
    assert all(m.organization_id == m.tandem.organization_id for m in meetings)
    assert all(m.start > TODAY for m in meetings if m.state == MeetingState.MOVED)

    takeaways = Takeaway.objects.filter(meeting__tandem__cohort=running)
    assert takeaways.count() >= 100
    assert takeaways.filter(meeting__state=MeetingState.HELD).count() == takeaways.count()
    assert PrivateNote.objects.filter(meeting__tandem__cohort=running).exists()
    # Enough people rated their meetings for the program's averages (groups of at least five).
    feedback = Feedback.objects.filter(meeting__tandem__cohort=running)
    for role in ("mentor", "mentee"):
        person = f"meeting__tandem__{role}__employee"
        assert feedback.filter(author=role).values(person).distinct().count() >= 5
    ratings = list(feedback.values_list("rating", flat=True))
    assert sum(r >= 4 for r in ratings) / len(ratings) > 0.75
    assert feedback.exclude(comment="").exists()
    # Every tandem with a held meeting said whether it fits; the action plan came from
    # the mentee's registration.
    fit_checks = FitCheck.objects.filter(tandem__cohort=running)
    assert fit_checks.values("tandem").distinct().count() == running.tandems.count()
    for tandem in running.tandems.select_related("mentee", "action_plan"):
        assert tandem.action_plan.started < TODAY
        assert {g.topic.key for g in tandem.goals.all() if g.topic} == set(tandem.mentee.goals)
    assert Goal.objects.filter(tandem__cohort=running, status=GoalStatus.REACHED).exists()
    # Everything written lies in the past.
    assert all(not model._default_manager.filter(created__gt=TODAY).exists() for model in CONTENT)


def test_series_keep_their_berlin_time_across_the_change_to_winter_time(running: Cohort) -> None:
    offsets = set()
    for series in MeetingSeries.objects.filter(tandem__cohort=running):
        dates = list(series.meetings.order_by("original_start"))
        assert dates
        for meeting in dates:
            assert meeting.organization_id == series.organization_id
            assert meeting.tandem_id == series.tandem_id
            local = to_local(meeting.original_start)
            assert (local.weekday(), local.time()) == (series.weekday, series.local_time)
            changed = (
                meeting.state == MeetingState.CANCELLED or meeting.start != meeting.original_start
            )
            assert meeting.sequence == (1 if changed else 0)
            offsets.add(local.utcoffset())
    assert len(offsets) == 2  # summer and winter time


def test_the_program_team_has_tandems_to_worry_about(running: Cohort) -> None:
    tandems = running.tandems.annotate(
        held=Count("meetings", filter=Q(meetings__state=MeetingState.HELD)),
    )
    active = tandems.filter(state=TandemState.ACCEPTED)
    two_periods = timedelta(weeks=2 * running.meeting_interval_weeks)
    silent = [
        t
        for t in active.annotate(last=Max("meetings__start", filter=Q(meetings__state="held")))
        if t.last is None or t.last < TODAY - two_periods
    ]
    assert len(silent) == 1
    misfit = active.filter(fit_checks__fits=False)
    assert misfit.count() == 1
    unrated = active.annotate(
        unrated=Count("meetings", filter=Q(meetings__state="held", meetings__feedback__isnull=True))
    ).filter(unrated__gt=0)
    assert unrated.count() == 1
    assert len({silent[0].pk, misfit.get().pk, unrated.get().pk}) == 3

    ended = tandems.get(state=TandemState.DISSOLVED)
    assert ended.end_reason
    assert ended.ended_by is not None
    assert ended.ended_by.email == f"programm@{NORDLICHT}.example"
    assert ended.ended is not None
    assert ended.ended < TODAY
    assert ended.held > 0
    assert not ended.meetings.filter(start__gt=ended.ended).exclude(state="cancelled").exists()
    # Its mentor's seat was given back.
    seats = running.tandems.filter(mentor=ended.mentor, state=TandemState.ACCEPTED).count()
    assert Registration.objects.get(pk=ended.mentor_id).taken == seats


def test_the_demo_mentor_and_mentee_each_have_a_running_tandem(running: Cohort) -> None:
    for email in PERSONAS:
        user = User.objects.get(email=f"{email}@{NORDLICHT}.example")
        tandem = Tandem.objects.get(
            Q(mentor__employee__user=user) | Q(mentee__employee__user=user), cohort=running
        )
        assert tandem.state == TandemState.ACCEPTED
        assert tandem.meetings.filter(state=MeetingState.HELD).count() >= 4
        assert Takeaway.objects.filter(meeting__tandem=tandem).exists()
        client = Client()
        client.force_login(user)
        held = tandem.meetings.filter(state=MeetingState.HELD).last()
        assert held is not None
        pages = [("workspace", tandem), ("plan", tandem), ("guide", tandem)]
        for name, obj in [*pages, ("meeting_detail", held)]:
            url = reverse(
                f"workspace:{name}", kwargs={"org_slug": NORDLICHT, "public_id": obj.public_id}
            )
            assert client.get(url, secure=True).status_code == 200
        # The plan was started already: opening it adds nothing.
        assert Goal.objects.filter(tandem=tandem).count() == len(tandem.mentee.goals)
    # Their proposed tandem with each other in the next cohort is left for them to answer.
    proposed = Tandem.objects.get(
        mentor__employee__user__email__startswith="aylin.",
        mentee__employee__user__email__startswith="juergen.",
    )
    assert proposed.state == TandemState.PROPOSED


def test_seeding_enqueues_no_calendar_mail_and_a_second_run_changes_nothing(
    running: Cohort,
) -> None:
    # No calendar message waits for a meeting, none was sent; publishing's announcement
    # went nowhere (the command seeds silenced), and no mail has a calendar part.
    assert not DBTaskResult.objects.exists()
    assert not SentMail.objects.exists()
    assert all(not m.attachments and "calendar" not in str(m.alternatives) for m in mail.outbox)
    before = {model: model.objects.count() for model in (*CONTENT, Cohort, Tandem)}
    out = StringIO()
    call_command("seed_demo", "--only", "running", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert {model: model.objects.count() for model in before} == before


@pytest.mark.parametrize(
    "today", [datetime(2027, 2, 3, 8, tzinfo=UTC), datetime(2027, 7, 1, 8, tzinfo=UTC)]
)
def test_the_demo_runs_on_any_day(today: datetime) -> None:
    with time_machine.travel(today, tick=False):
        call_command("seed_demo", "--only", "people", stdout=StringIO())
        call_command("seed_demo", "--only", "cohorts", stdout=StringIO())
        call_command("seed_demo", "--only", "running", stdout=StringIO())
        cohort = Cohort.objects.get(state=CohortState.RUNNING)
        assert cohort.kickoff < today.date() < cohort.wrapup
        assert Cohort.objects.filter(name=cohort.name).count() == 1
        held = Meeting.objects.filter(tandem__cohort=cohort, state=MeetingState.HELD)
        assert held.count() >= 100
        assert not held.filter(start__gt=today).exists()


def test_without_the_demo_program_nothing_happens() -> None:
    out = StringIO()
    call_command("seed_demo", "--only", "running", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert not Meeting.objects.exists()
