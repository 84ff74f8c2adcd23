"""Program health: counts by state, meetings against the plan, averages over ≥ 5 people,
tandems at risk with what to do, and nothing a tandem wrote (AZ-03, PRIV-01, PRIV-04)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, client_for
from tandem.calendars.schedule import local_to_utc
from tandem.core.models import HealthDetail, Organization
from tandem.meetings.models import Meeting, MeetingState
from tandem.people.tests.factories import UserFactory
from tandem.programs.models import Cohort, CohortState, Tandem, TandemState
from tandem.programs.tests.factories import CohortFactory, RegistrationFactory, TandemFactory
from tandem.reports import health as selectors
from tandem.reports.health_rules import Risk
from tandem.workspace.models import Feedback, FitCheck, Goal, PrivateNote, Takeaway

pytestmark = pytest.mark.django_db

KICKOFF = date(2027, 3, 1)
# Monday 10 May 2027, 10:00 in Berlin: ten weeks after kick-off, five meetings due (every 2 weeks).
NOW = datetime(2027, 5, 10, 8, tzinfo=UTC)
SENTINEL = "SENTINEL-7f3a-vertraulich"


@pytest.fixture
def running(world: World) -> Cohort:
    """A running cohort of an organisation whose works agreement allows naming tandems for
    signs of activity (the rules are tested at that level; the default is tested below)."""
    world.organization.health_detail = HealthDetail.ACTIVITY
    world.organization.save(update_fields=["health_detail"])
    return CohortFactory(
        organization=world.organization,
        state=CohortState.RUNNING,
        registration_opens=date(2027, 1, 4),
        registration_closes=date(2027, 1, 25),
        matching_until=date(2027, 2, 15),
        kickoff=KICKOFF,
        midterm=date(2027, 5, 15),
        wrapup=date(2027, 8, 1),
        meeting_interval_weeks=2,
    )


def _tandem(cohort: Cohort, state: str = TandemState.ACCEPTED, **fields: object) -> Tandem:
    def person(role: str) -> object:
        user = UserFactory()
        return RegistrationFactory(
            cohort=cohort, role=role, employee__user=user, employee__email=user.email, taken=0
        )

    accepted = datetime(2027, 2, 20, 9, tzinfo=UTC) if state == TandemState.ACCEPTED else None
    return TandemFactory(
        cohort=cohort,
        mentor=person("mentor"),
        mentee=person("mentee"),
        state=state,
        accepted=fields.pop("accepted", accepted),
        **fields,
    )


def _held(tandem: Tandem, day: date, at: time = time(8, 30)) -> Meeting:
    return Meeting.objects.create(
        organization=tandem.organization,
        tandem=tandem,
        start=local_to_utc(day, at),
        state=MeetingState.HELD,
    )


def _rate(meeting: Meeting, author: str, rating: int, comment: str = "") -> Feedback:
    return Feedback.objects.create(
        organization=meeting.organization,
        meeting=meeting,
        author=author,
        rating=rating,
        comment=comment,
    )


def _health(cohort: Cohort, now: datetime = NOW) -> selectors.CohortHealth:
    with time_machine.travel(now, tick=False):
        return selectors.cohort_health(cohort)


def _page(world: World, cohort: Cohort, persona: str = "program_manager") -> str:
    url = reverse("reports:health", args=[world.organization.slug, cohort.public_id])
    with time_machine.travel(NOW, tick=False):
        response = client_for(world, persona).get(url, secure=True)
    assert response.status_code == 200
    return response.content.decode()


# --- states and the plan --------------------------------------------------------------------


def test_tandems_are_counted_by_state(running: Cohort) -> None:
    _tandem(running, TandemState.PROPOSED)
    _tandem(running)
    _tandem(running)
    _tandem(running, TandemState.CHANGE_REQUESTED)
    _tandem(running, TandemState.DISSOLVED, end_reason="time")
    _tandem(running, TandemState.DISSOLVED)

    counts = {key: count for key, _label, count in _health(running).by_status}

    assert counts == {
        "proposed": 1,
        "accepted": 2,
        "change": 1,
        "ended_early": 1,
        "dissolved": 1,
    }


def test_meetings_held_are_compared_with_the_cadence_not_ranked(running: Cohort) -> None:
    on_track, behind = _tandem(running), _tandem(running)
    for week in range(0, 10, 2):
        _held(on_track, KICKOFF + timedelta(weeks=week, days=1))
    _held(behind, KICKOFF + timedelta(days=3))
    _tandem(running, TandemState.PROPOSED)  # not meeting yet: not part of the plan

    report = _health(running)

    assert (report.expected, report.held) == (10, 6)
    assert report.pace == {"on_track": 1, "one_behind": 0, "behind": 1}


def test_the_plan_of_a_tandem_accepted_late_starts_then(running: Cohort) -> None:
    _tandem(running, accepted=datetime(2027, 4, 26, 9, tzinfo=UTC))
    assert _health(running).expected == 1


# --- feedback averages: only over at least five people ---------------------------------------


def _mentor_ratings(cohort: Cohort, people: int, rating: int = 4) -> None:
    for _n in range(people):
        tandem = _tandem(cohort)
        for day in (3, 17):  # two ratings by the same mentor count as one person
            _rate(_held(tandem, KICKOFF + timedelta(days=day)), "mentor", rating)


def test_four_raters_are_not_shown(world: World, running: Cohort) -> None:
    _mentor_ratings(running, 4)

    report = _health(running)

    assert report.feedback.mentors.value is None
    assert report.feedback.mentors.people == 4
    assert report.feedback.overall.value is None
    assert "4,0" not in _page(world, running)


def test_five_raters_are_shown(world: World, running: Cohort) -> None:
    _mentor_ratings(running, 5, rating=3)
    mentee_tandem = Tandem.objects.filter(cohort=running).first()
    assert mentee_tandem is not None
    _rate(_held(mentee_tandem, KICKOFF + timedelta(days=30)), "mentee", 5)

    report = _health(running)

    assert (report.feedback.mentors.value, report.feedback.mentors.people) == (3.0, 5)
    assert report.feedback.mentees.value is None  # one mentee
    assert report.feedback.overall.value is None  # would give the one mentee away
    assert "3,0" in _page(world, running)


def test_a_raised_minimum_group_size_holds_on_the_page(world: World, running: Cohort) -> None:
    _mentor_ratings(running, 5, rating=3)
    Organization.objects.filter(pk=world.organization.pk).update(min_group_size=6)
    page = _page(world, running)
    assert "3,0" not in page
    assert "weniger als 6 Personen" in page


# --- tandems at risk ---------------------------------------------------------------------------


def _risks(cohort: Cohort, now: datetime = NOW) -> dict[int, tuple[Risk, ...]]:
    return {row.tandem.pk: row.risks for row in _health(cohort, now).at_risk}


def test_a_tandem_without_a_meeting_for_two_periods_is_at_risk(running: Cohort) -> None:
    quiet = _tandem(running)
    _rate(_held(quiet, date(2027, 4, 5)), "mentee", 4)  # five weeks ago: two periods are four
    meeting = _tandem(running)
    _rate(_held(meeting, date(2027, 5, 3)), "mentee", 4)
    new = _tandem(running, accepted=datetime(2027, 5, 1, 9, tzinfo=UTC))
    _tandem(running, TandemState.PROPOSED)

    risks = _risks(running)

    assert risks == {quiet.pk: (Risk.QUIET,)}
    assert meeting.pk not in risks
    assert new.pk not in risks


def test_two_periods_are_counted_in_berlin_days_across_summer_time(running: Cohort) -> None:
    tandem = _tandem(running)
    _rate(_held(tandem, date(2027, 3, 1)), "mentor", 4)
    # Summer time starts on 28 March 2027. Two periods (4 weeks) after 1 March is Monday
    # 29 March, which begins at 22:00 UTC on the 28th: counted in UTC it would be a day late.
    assert _risks(running, datetime(2027, 3, 28, 21, 30, tzinfo=UTC)) == {}
    assert _risks(running, datetime(2027, 3, 28, 22, 30, tzinfo=UTC)) == {tandem.pk: (Risk.QUIET,)}


def test_a_pairing_that_does_not_fit_is_at_risk_until_it_ends(running: Cohort) -> None:
    tandem = _tandem(running)
    _held(tandem, date(2027, 5, 3))
    FitCheck.objects.create(
        organization=tandem.organization, tandem=tandem, author="mentee", fits=False
    )
    ended = _tandem(running, TandemState.DISSOLVED, end_reason="mismatch")
    FitCheck.objects.create(
        organization=ended.organization, tandem=ended, author="mentor", fits=False
    )

    assert _risks(running) == {tandem.pk: (Risk.DOES_NOT_FIT, Risk.FEEDBACK_MISSING)}


def test_feedback_is_missing_a_week_after_a_held_meeting_without_any(running: Cohort) -> None:
    late, recent, rated = _tandem(running), _tandem(running), _tandem(running)
    _held(late, date(2027, 5, 1))
    _held(recent, date(2027, 5, 6))
    _rate(_held(rated, date(2027, 5, 1)), "mentee", 2)

    assert _risks(running) == {late.pk: (Risk.FEEDBACK_MISSING,)}


def test_the_page_names_the_people_and_offers_contact_rematch_and_end(
    world: World, running: Cohort
) -> None:
    tandem = _tandem(running)
    FitCheck.objects.create(
        organization=tandem.organization, tandem=tandem, author="mentee", fits=False
    )

    page = _page(world, running)

    mentor, mentee = tandem.mentor.employee, tandem.mentee.employee
    assert mentor.full_name in page
    assert mentee.full_name in page
    assert f"mailto:{mentor.user.email},{mentee.user.email}" in page
    end = reverse("reports:tandem_end", args=[world.organization.slug, tandem.public_id])
    assert f"{end}?reason=mismatch" in page
    assert f'href="{end}"' in page


def test_at_risk_tandems_come_in_the_order_they_were_formed(running: Cohort) -> None:
    tandems = [_tandem(running) for _n in range(4)]
    _held(tandems[1], date(2027, 3, 2))
    _held(tandems[2], date(2027, 4, 12))
    order = [row.tandem.pk for row in _health(running).at_risk]
    assert order == [t.pk for t in tandems]


def test_by_default_only_what_a_partner_raised_is_named_the_rest_is_counted(
    world: World, running: Cohort
) -> None:
    """PRIV-04: per-person activity (no meetings, no feedback) is off unless the organisation
    chose it; the program team still learns how many tandems show each sign."""
    world.organization.health_detail = HealthDetail.ASKED
    world.organization.save(update_fields=["health_detail"])
    quiet = _tandem(running)
    _held(quiet, date(2027, 3, 1))  # quiet for two months, and its feedback is missing
    misfit = _tandem(running)
    FitCheck.objects.create(
        organization=misfit.organization, tandem=misfit, author="mentee", fits=False
    )

    health = _health(running)

    assert {row.tandem.pk: row.risks for row in health.at_risk} == {misfit.pk: (Risk.DOES_NOT_FIT,)}
    assert health.risk_counts == {"quiet": 2, "does_not_fit": 1, "feedback_missing": 1}
    page = _page(world, running)
    assert quiet.mentor.employee.full_name not in page
    assert misfit.mentor.employee.full_name in page


# --- confidentiality and cost ------------------------------------------------------------------


def test_nothing_a_tandem_wrote_reaches_the_page(world: World, running: Cohort) -> None:
    tandem = _tandem(running)
    meeting = _held(tandem, date(2027, 4, 5))
    org = tandem.organization
    _rate(meeting, "mentor", 4, comment=SENTINEL)
    Takeaway.objects.create(organization=org, meeting=meeting, author="mentee", text=SENTINEL)
    PrivateNote.objects.create(organization=org, meeting=meeting, author="mentor", text=SENTINEL)
    Goal.objects.create(organization=org, tandem=tandem, title=SENTINEL, detail=SENTINEL)
    end = reverse("reports:tandem_end", args=[world.organization.slug, tandem.public_id])

    assert SENTINEL not in _page(world, running)
    for persona in ("program_manager", "admin"):
        assert SENTINEL not in client_for(world, persona).get(end, secure=True).content.decode()


def test_the_cohort_page_links_to_program_health(world: World, running: Cohort) -> None:
    url = reverse("programs:cohort_detail", args=[world.organization.slug, running.public_id])
    page = client_for(world, "program_manager").get(url, secure=True).content.decode()
    assert reverse("reports:health", args=[world.organization.slug, running.public_id]) in page


def _queries(world: World, cohort: Cohort) -> int:
    url = reverse("reports:health", args=[world.organization.slug, cohort.public_id])
    with time_machine.travel(NOW, tick=False):
        client = client_for(world, "program_manager")  # the session begins "now"
        client.get(url, secure=True)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, secure=True).status_code == 200
    return len(captured)


def _busy_tandem(cohort: Cohort) -> None:
    tandem = _tandem(cohort)
    meeting = _held(tandem, date(2027, 3, 8))
    _rate(meeting, "mentor", 4)
    FitCheck.objects.create(
        organization=tandem.organization, tandem=tandem, author="mentee", fits=False
    )


def test_the_page_runs_a_constant_number_of_queries(world: World, running: Cohort) -> None:
    _busy_tandem(running)
    few = _queries(world, running)
    for _n in range(6):
        _busy_tandem(running)
    _tandem(running, TandemState.DISSOLVED, end_reason="time")
    assert _queries(world, running) == few
