"""The workspace pages: partners only, field errors for bad input, constant queries, the card."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def _url(name: str, world: World, public_id: object) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, "public_id": public_id})


def _add_meetings(world: World, tandem: Tandem, count: int, offset: int = 0) -> None:
    for day in range(count):
        Meeting.objects.create(
            organization=world.organization,
            tandem=tandem,
            start=timezone.now() + timedelta(days=offset + day * 7 - 20),
            place=f"Ort {day}",
            state=MeetingState.HELD if day < 2 else MeetingState.PLANNED,
        )


def test_program_team_cannot_open_the_workspace(world: World, tandem: Tandem) -> None:
    accept(tandem)
    url = _url("workspace:workspace", world, tandem.public_id)
    for persona in ("admin", "program_manager", "observer", "outsider"):
        assert client_for(world, persona).get(url, secure=True).status_code == 404
    assert client_for(world, "mentee").get(url, secure=True).status_code == 200


def test_bad_series_input_comes_back_with_field_errors(world: World, tandem: Tandem) -> None:
    accept(tandem)
    url = _url("workspace:series_create", world, tandem.public_id)
    today = timezone.localdate()
    data = {
        "series-weekday": "9",
        "series-local_time": "25:99",
        "series-interval_weeks": "0",
        "series-minutes": "5",
        "series-starts": (today - timedelta(days=1)).isoformat(),
        "series-until": "kein Datum",
        "series-online_link": "http://insecure.example",
    }
    response = client_for(world, "mentor").post(url, data, secure=True)
    assert response.status_code == 200
    form = response.context["series_form"]
    assert set(form.errors) == {
        "weekday",
        "local_time",
        "interval_weeks",
        "minutes",
        "starts",
        "until",
        "online_link",
    }
    assert not Meeting.objects.exists()


def test_a_series_needs_a_place_or_a_link(world: World, tandem: Tandem) -> None:
    accept(tandem)
    today = timezone.localdate()
    data = {
        "series-weekday": "1",
        "series-local_time": "08:30",
        "series-interval_weeks": "2",
        "series-minutes": "45",
        "series-starts": (today + timedelta(days=1)).isoformat(),
        "series-until": (today + timedelta(days=60)).isoformat(),
    }
    client = client_for(world, "mentor")
    url = _url("workspace:series_create", world, tandem.public_id)
    response = client.post(url, data, secure=True)
    assert response.status_code == 200
    assert response.context["series_form"].non_field_errors()

    response = client.post(url, {**data, "series-place": "Café am Hafen"}, secure=True)
    assert response.status_code == 302
    assert Meeting.objects.filter(tandem=tandem).count() in (4, 5)


def test_a_single_date_in_the_past_is_a_field_error(world: World, tandem: Tandem) -> None:
    accept(tandem)
    yesterday = timezone.localdate() - timedelta(days=1)
    data = {
        "meeting-day": yesterday.isoformat(),
        "meeting-local_time": "09:00",
        "meeting-minutes": "45",
        "meeting-place": "Café",
    }
    url = _url("workspace:meeting_create", world, tandem.public_id)
    response = client_for(world, "mentee").post(url, data, secure=True)
    assert response.status_code == 200
    assert "day" in response.context["meeting_form"].errors


def test_moving_through_the_page(world: World, tandem: Tandem) -> None:
    accept(tandem)
    meeting = Meeting.objects.create(
        organization=world.organization,
        tandem=tandem,
        start=timezone.now() + timedelta(days=2),
        place="Café",
    )
    url = _url("workspace:meeting_move", world, meeting.public_id)
    client = client_for(world, "mentor")
    assert client.get(url, secure=True).status_code == 200
    bad = client.post(url, {"day": "gestern", "local_time": "", "minutes": "45"}, secure=True)
    assert bad.status_code == 200
    assert {"day", "local_time"} <= set(bad.context["form"].errors)
    day = (timezone.localdate() + timedelta(days=9)).isoformat()
    data = {"day": day, "local_time": "10:00", "minutes": "60", "place": "Bibliothek"}
    assert client.post(url, data, secure=True).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.state, meeting.sequence, meeting.place) == ("moved", 1, "Bibliothek")


def test_a_proposed_tandem_cannot_schedule_yet(world: World, tandem: Tandem) -> None:
    page = client_for(world, "mentor").get(
        _url("workspace:workspace", world, tandem.public_id), secure=True
    )
    assert "series-weekday" not in page.content.decode()
    detail = client_for(world, "mentor").get(
        _url("workspace:tandem_detail", world, tandem.public_id), secure=True
    )
    assert _url("workspace:workspace", world, tandem.public_id) not in detail.content.decode()


def test_accepted_tandem_links_to_its_workspace(world: World, tandem: Tandem) -> None:
    accept(tandem)
    workspace = _url("workspace:workspace", world, tandem.public_id)
    detail = client_for(world, "mentor").get(
        _url("workspace:tandem_detail", world, tandem.public_id), secure=True
    )
    assert workspace in detail.content.decode()
    home = reverse("people:organization_home", kwargs={"org_slug": world.organization.slug})
    assert workspace in client_for(world, "mentee").get(home, secure=True).content.decode()


def _queries(world: World, path: str) -> int:
    client = client_for(world, "mentor")
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, secure=True).status_code == 200
    return len(captured)


def test_workspace_runs_a_constant_number_of_queries(world: World, tandem: Tandem) -> None:
    accept(tandem)
    path = _url("workspace:workspace", world, tandem.public_id)
    _add_meetings(world, tandem, 3)
    few = _queries(world, path)
    _add_meetings(world, tandem, 20, offset=1)
    assert _queries(world, path) == few


def test_start_page_card_runs_a_constant_number_of_queries(world: World, tandem: Tandem) -> None:
    accept(tandem)
    path = reverse("people:organization_home", kwargs={"org_slug": world.organization.slug})
    _add_meetings(world, tandem, 2)
    few = _queries(world, path)
    _add_meetings(world, tandem, 15, offset=1)
    assert _queries(world, path) == few
