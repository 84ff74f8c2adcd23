"""The program team closes a running cohort from its wrap-up date on, not before."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.programs.models import Cohort, CohortState
from tandem.programs.services import change_cohort_state
from tandem.programs.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def running(world: World, **changes: object) -> Cohort:
    """A running cohort that kicked off 60 days ago and wraps up in ten days."""
    today = timezone.localdate()
    fields: dict[str, object] = {
        "state": CohortState.RUNNING,
        "registration_opens": today - timedelta(days=100),
        "registration_closes": today - timedelta(days=80),
        "matching_until": today - timedelta(days=70),
        "kickoff": today - timedelta(days=60),
        "midterm": today - timedelta(days=20),
        "wrapup": today + timedelta(days=10),
    }
    return CohortFactory(organization=world.organization, **{**fields, **changes})


def on(day: date) -> time_machine.travel:
    """Noon of ``day`` in the project's time zone."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE)))


def detail(world: World, cohort: Cohort) -> str:
    return reverse(
        "programs:cohort_detail",
        kwargs={"org_slug": world.organization.slug, "public_id": cohort.public_id},
    )


def state_url(world: World, cohort: Cohort) -> str:
    return reverse(
        "programs:cohort_state",
        kwargs={"org_slug": world.organization.slug, "public_id": cohort.public_id},
    )


def test_closing_before_the_wrapup_is_refused_and_changes_nothing(world: World) -> None:
    cohort = running(world)
    with on(cohort.wrapup - timedelta(days=1)), pytest.raises(ValidationError) as raised:
        change_cohort_state(cohort=cohort, actor=world.program_manager, transition="complete")
    assert raised.value.code == "too_early"
    cohort.refresh_from_db()
    assert cohort.state == CohortState.RUNNING
    assert not AuditEntry.objects.filter(action="programs.cohort.complete").exists()


def test_closing_too_early_through_the_page_says_from_when(world: World) -> None:
    cohort = running(world)
    response = client_for(world, "program_manager").post(
        state_url(world, cohort), {"transition": "complete"}, secure=True, follow=True
    )
    (message,) = re.findall(
        r'<p class="message message-error">(.*?)</p>', response.content.decode()
    )
    assert cohort.wrapup.strftime("%d.%m.%Y") in message  # German short date: from when
    cohort.refresh_from_db()
    assert cohort.state == CohortState.RUNNING


@pytest.mark.parametrize("days_after_wrapup", [0, 30])
def test_a_running_cohort_is_closed_from_its_wrapup_on_and_audited(
    world: World, days_after_wrapup: int
) -> None:
    cohort = running(world)
    with on(cohort.wrapup + timedelta(days=days_after_wrapup)):
        response = client_for(world, "program_manager").post(
            state_url(world, cohort), {"transition": "complete"}, secure=True
        )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.state == CohortState.COMPLETED
    entry = AuditEntry.objects.get(action="programs.cohort.complete")
    assert entry.actor == world.program_manager
    assert entry.object_id == str(cohort.public_id)
    assert entry.changes == {"state": ["running", "completed"]}


@pytest.mark.parametrize("state", [CohortState.PUBLISHED, CohortState.COMPLETED])
def test_only_a_running_cohort_can_be_closed(world: World, state: CohortState) -> None:
    cohort = running(world, state=state)
    with on(cohort.wrapup + timedelta(days=1)), pytest.raises(ValidationError) as raised:
        change_cohort_state(cohort=cohort, actor=world.admin, transition="complete")
    assert raised.value.code == "invalid_state"
    assert not AuditEntry.objects.exists()


def test_page_offers_closing_disabled_with_the_date_before_the_wrapup(world: World) -> None:
    cohort = running(world)
    with on(cohort.wrapup - timedelta(days=1)):
        response = client_for(world, "program_manager").get(detail(world, cohort), secure=True)
    assert response.context["transitions"] == ["complete"]
    assert response.context["closes_from"] == cohort.wrapup
    body = response.content.decode()
    assert 'aria-describedby="complete-help" disabled' in body
    assert cohort.wrapup.strftime("%d.%m.%Y") in body


def test_page_offers_closing_from_the_wrapup_on(world: World) -> None:
    cohort = running(world)
    with on(cohort.wrapup):
        response = client_for(world, "program_manager").get(detail(world, cohort), secure=True)
    assert response.context["closes_from"] is None
    body = response.content.decode()
    assert 'name="transition" value="complete"' in body
    assert 'aria-describedby="complete-help">' in body


def test_a_completed_cohort_offers_no_further_step(world: World) -> None:
    cohort = running(world, state=CohortState.COMPLETED)
    response = client_for(world, "program_manager").get(detail(world, cohort), secure=True)
    assert response.context["transitions"] == []
    assert 'name="transition"' not in response.content.decode()
