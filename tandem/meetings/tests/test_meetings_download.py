"""ECO-04: one meeting as a calendar file to download, for its two partners only."""

from datetime import time, timedelta
from email.message import Message

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.calendars.schedule import LOCAL, to_local
from tandem.meetings import services
from tandem.meetings.models import Meeting
from tandem.meetings.tests.helpers import accept, events, parse
from tandem.people.models import Employee
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def download_url(world: World, meeting: Meeting) -> str:
    kwargs = {"org_slug": world.organization.slug, "public_id": meeting.public_id}
    return reverse("workspace:meeting_ics", kwargs=kwargs)


def filename(disposition: str) -> str | None:
    """The file name a browser saves under, read as RFC 6266 says (``filename*`` first)."""
    header = Message()
    header["Content-Disposition"] = disposition
    return header.get_filename()


@pytest.fixture
def meeting(world: World, tandem: Tandem) -> Meeting:
    """A meeting in three days at 8:30 in the café; the mentor reads English."""
    accept(tandem)
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    return services.schedule_meeting(
        tandem=tandem,
        actor=world.mentee,
        start=(timezone.localtime() + timedelta(days=3)).replace(
            hour=8, minute=30, second=0, microsecond=0
        ),
        minutes=45,
        place="Café am Hafen",
    )


def test_a_partner_downloads_a_meeting_as_a_calendar_file(world: World, meeting: Meeting) -> None:
    Employee.objects.filter(pk=world.mentee_employee.pk).update(last_name="Müller")
    response = client_for(world, "mentor").get(download_url(world, meeting), secure=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    day = f"{to_local(meeting.start):%Y-%m-%d}"
    assert filename(disposition) == f"tandem-martin-müller-{day}.ics"
    calendar = parse(response.content)
    assert "METHOD" not in calendar  # an entry to add, not an invitation to answer
    (event,) = events(calendar)
    assert (event["UID"], event["SEQUENCE"], event["STATUS"]) == (meeting.uid, 0, "CONFIRMED")
    assert event["DTSTART"].dt == to_local(meeting.start)
    assert event["SUMMARY"] == "Tandem: Martin Müller"
    assert str(event["DESCRIPTION"]).startswith(
        "Reverse mentoring meeting (Jahrgang 2027). Your tandem: https://"
    )
    assert event["LOCATION"] == "Café am Hafen"
    assert "ATTENDEE" not in event
    assert "ORGANIZER" not in event


def test_a_series_date_keeps_the_series_uid(world: World, tandem: Tandem) -> None:
    accept(tandem)
    today = timezone.localdate()
    series = services.schedule_series(
        tandem=tandem,
        actor=world.mentor,
        weekday=today.weekday(),
        local_time=time(8, 30),
        interval_weeks=1,
        minutes=45,
        starts=today + timedelta(days=1),
        until=today + timedelta(days=30),
    )
    first = series.meetings.order_by("start").first()
    response = client_for(world, "mentee").get(download_url(world, first), secure=True)
    (event,) = events(parse(response.content))
    assert event["UID"] == series.uid
    assert event["RECURRENCE-ID"].dt == to_local(first.start)
    assert event["SUMMARY"] == "Tandem: Mia Mentorin"
    assert event["DTSTART"].dt.astimezone(LOCAL).time() == time(8, 30)


def test_only_the_partners_download_a_meeting(world: World, meeting: Meeting) -> None:
    url = download_url(world, meeting)
    for persona in ("program_manager", "admin", "observer", "outsider", "other_admin"):
        assert client_for(world, persona).get(url, secure=True).status_code == 404, persona
    assert client_for(world, "mentee").get(url, secure=True).status_code == 200


def test_the_workspace_and_the_meeting_page_offer_the_file_while_it_is_open(
    world: World, tandem: Tandem, meeting: Meeting
) -> None:
    client = client_for(world, "mentor")
    pages = [
        reverse("workspace:workspace", args=[world.organization.slug, tandem.public_id]),
        reverse("workspace:meeting_detail", args=[world.organization.slug, meeting.public_id]),
    ]
    url = download_url(world, meeting)
    for page in pages:
        assert url in client.get(page, secure=True).content.decode(), page
    services.cancel_meeting(meeting=meeting, actor=world.mentor)
    for page in pages:
        assert url not in client.get(page, secure=True).content.decode(), page
