"""The demo program: a cohort in each early state, the personas' own tandem, idempotent."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.demo.people import NORDLICHT
from tandem.matching.models import RunStatus
from tandem.programs.models import Cohort, CohortState, EnrollmentStatus, Tandem, TandemState

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", "--only", "people", stdout=StringIO())
    call_command("seed_demo", "--only", "cohorts", stdout=StringIO())


def test_a_cohort_in_each_state_with_proven_matchings(demo: None) -> None:
    cohorts = {c.state: c for c in Cohort.objects.filter(organization__slug=NORDLICHT)}
    assert set(cohorts) == {CohortState.REGISTRATION, CohortState.MATCHING, CohortState.PUBLISHED}
    registration = cohorts[CohortState.REGISTRATION]
    assert registration.registration_is_open
    statuses = set(registration.enrollments.values_list("status", flat=True))
    assert {EnrollmentStatus.ADMITTED, EnrollmentStatus.REGISTERED} <= statuses
    for state in (CohortState.MATCHING, CohortState.PUBLISHED):
        run = cohorts[state].matching_runs.get()
        assert run.status == RunStatus.DONE
        assert run.quality["optimal"] is True
        assert run.quality["violations"] == 0
    published = cohorts[CohortState.PUBLISHED]
    states = set(published.tandems.values_list("state", flat=True))
    assert {TandemState.ACCEPTED, TandemState.PROPOSED, TandemState.CHANGE_REQUESTED} <= states
    # Seeding mails nobody.
    assert mail.outbox == []


def test_the_demo_mentor_and_mentee_find_their_tandem(demo: None) -> None:
    tandem = Tandem.objects.get(
        mentor__employee__user__email__startswith="aylin.",
        mentee__employee__user__email__startswith="juergen.",
    )
    assert tandem.state == TandemState.PROPOSED
    for email in ("aylin.oeztuerk", "juergen.weiss"):
        client = Client()
        client.force_login(User.objects.get(email=f"{email}@{NORDLICHT}.example"))
        url = reverse(
            "workspace:tandem_detail",
            kwargs={"org_slug": NORDLICHT, "public_id": tandem.public_id},
        )
        assert client.get(url, secure=True).status_code == 200


def test_seeding_twice_changes_nothing(demo: None) -> None:
    before = (Cohort.objects.count(), Tandem.objects.count())
    out = StringIO()
    call_command("seed_demo", "--only", "cohorts", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (Cohort.objects.count(), Tandem.objects.count()) == before


def test_without_the_demo_organisation_nothing_happens() -> None:
    out = StringIO()
    call_command("seed_demo", "--only", "cohorts", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert not Cohort.objects.exists()


def test_each_cohort_is_named_after_its_kick_offs_season(demo: None) -> None:
    """ "Herbst 2027" started before "Frühjahr 2027" (issue 14): names now follow the dates."""
    from tandem.demo.cohorts import MONTHS, season

    cohorts = list(Cohort.objects.order_by("kickoff"))
    assert len(cohorts) == 3
    for cohort in cohorts:
        month = f"{MONTHS[cohort.kickoff.month - 1]} {cohort.kickoff.year}"  # a season taken
        assert cohort.name in (season(cohort.kickoff), month), (cohort.name, cohort.kickoff)


def test_a_winter_spans_two_years() -> None:
    from datetime import date

    from tandem.demo.cohorts import season

    assert season(date(2026, 12, 16)) == "Winter 2026/27"
    assert season(date(2027, 1, 20)) == "Winter 2026/27"
    assert season(date(2026, 2, 1)) == "Winter 2025/26"
    assert season(date(2027, 3, 6)) == "Frühjahr 2027"
