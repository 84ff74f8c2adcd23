"""What partners tripped on in the workspace (issue 14): the lists, the buttons, the messages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.people.models import Employee
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def _url(name: str, world: World, public_id: object) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, "public_id": public_id})


def _meeting(world: World, tandem: Tandem, days: float, state: str = MeetingState.PLANNED):
    return Meeting.objects.create(
        organization=world.organization,
        tandem=tandem,
        start=timezone.now() + timedelta(days=days),
        place="Café",
        state=state,
    )


def _series_data(starts_in: int, until_in: int) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "series-weekday": str((today + timedelta(days=starts_in)).weekday()),
        "series-local_time": "08:30",
        "series-interval_weeks": "2",
        "series-minutes": "45",
        "series-starts": (today + timedelta(days=starts_in)).isoformat(),
        "series-until": (today + timedelta(days=until_in)).isoformat(),
        "series-place": "Café",
    }


def test_a_cancelled_future_meeting_is_not_listed_as_upcoming(world: World, tandem: Tandem) -> None:
    accept(tandem)
    cancelled = _meeting(world, tandem, 5, MeetingState.CANCELLED)
    planned = _meeting(world, tandem, 6)
    page = client_for(world, "mentor").get(
        _url("workspace:workspace", world, tandem.public_id), secure=True
    )
    upcoming = page.context["meetings"].upcoming
    assert planned in upcoming
    assert cancelled not in upcoming
    assert cancelled in page.context["meetings"].past


def test_mark_held_is_offered_only_once_a_meeting_has_begun(world: World, tandem: Tandem) -> None:
    accept(tandem)
    future = _meeting(world, tandem, 3)
    begun = _meeting(world, tandem, -0.01)
    page = (
        client_for(world, "mentor")
        .get(_url("workspace:workspace", world, tandem.public_id), secure=True)
        .content.decode()
    )
    assert _url("workspace:meeting_held", world, begun.public_id) in page
    assert _url("workspace:meeting_held", world, future.public_id) not in page


def test_a_series_past_the_wrap_up_or_over_another_is_flagged(world: World, tandem: Tandem) -> None:
    accept(tandem)
    wrapup = tandem.cohort.wrapup
    days_to_wrapup = (wrapup - timezone.localdate()).days
    client = client_for(world, "mentor")
    url = _url("workspace:series_create", world, tandem.public_id)
    first = client.post(url, _series_data(1, days_to_wrapup + 30), secure=True, follow=True)
    assert "Abschluss" in first.content.decode() or "wrap-up" in first.content.decode()
    second = client.post(url, _series_data(2, 40), secure=True, follow=True)
    messages = [str(m) for m in second.context["messages"]]
    assert any("überschneidet" in m or "overlaps" in m for m in messages), messages
    assert MeetingSeries.objects.filter(tandem=tandem).count() == 2


def test_the_message_says_who_gets_no_invitation(world: World, tandem: Tandem) -> None:
    accept(tandem)
    Employee.objects.filter(pk=world.mentee_employee.pk).update(user=None)
    world.mentee.is_active = False
    world.mentee.save(update_fields=["is_active"])
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0)
    response = client_for(world, "mentor").post(
        _url("workspace:meeting_create", world, tandem.public_id),
        {
            "meeting-day": start.date().isoformat(),
            "meeting-local_time": "10:00",
            "meeting-minutes": 45,
            "meeting-place": "Café",
        },
        secure=True,
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Martin Mentee has no login" in m for m in messages), messages
    assert not any("Both of you get an invitation" in m for m in messages)


def test_cancelling_a_meeting_asks_first(world: World, tandem: Tandem) -> None:
    accept(tandem)
    meeting = _meeting(world, tandem, 4)
    client = client_for(world, "mentee")
    url = _url("workspace:meeting_cancel", world, meeting.public_id)
    asked = client.post(url, secure=True)
    assert asked.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.PLANNED
    done = client.post(url, {"confirm": "yes"}, secure=True)
    assert done.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.CANCELLED
