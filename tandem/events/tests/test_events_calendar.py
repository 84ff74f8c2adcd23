"""ECO-04: events outside the e-mail, in the personal calendar feed and as a file to download,
for those invited only, without the agenda."""

from email.message import Message
from typing import Any

import pytest
from django.urls import reverse

from conftest import World, client_for
from tandem.calendars import services as feeds
from tandem.calendars.schedule import to_local
from tandem.events import services
from tandem.events.models import CohortEvent
from tandem.events.tests.conftest import plan
from tandem.meetings.tests.helpers import events, languages, parse  # noqa: F401 (fixture)
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def feed_of(world: World, persona: str) -> tuple[Any, str]:
    """The persona's calendar feed, parsed and as text."""
    user = getattr(world, persona)
    token = feeds.renew_feed(user=user, organization=world.organization)
    url = reverse(
        "calendars:calendar_feed", kwargs={"org_slug": world.organization.slug, "token": token}
    )
    body = client_for(world, "anonymous").get(url, secure=True).content
    return parse(body), body.decode()


def download_url(world: World, event: CohortEvent) -> str:
    kwargs = {"org_slug": world.organization.slug, "public_id": event.public_id}
    return reverse("events:event_ics", kwargs=kwargs)


def filename(disposition: str) -> str | None:
    """The file name a browser saves under, read as RFC 6266 says (``filename*`` first)."""
    header = Message()
    header["Content-Disposition"] = disposition
    return header.get_filename()


@pytest.mark.usefixtures("languages")
def test_the_feed_holds_the_events_one_is_invited_to(
    world: World, kickoff: CohortEvent, exchange: CohortEvent
) -> None:
    calendar, body = feed_of(world, "mentor")
    by_uid = {entry["UID"]: entry for entry in events(calendar)}
    assert set(by_uid) == {kickoff.uid, exchange.uid}
    entry = by_uid[kickoff.uid]
    assert entry["SUMMARY"] == "Kick-off"
    assert str(entry["DESCRIPTION"]).startswith(
        "Kick-off of Jahrgang 2027. Details and your answer: https://"
    )
    assert entry["LOCATION"] == "Forum, Haus A"
    assert entry["DTSTART"].dt == to_local(kickoff.start).replace(microsecond=0)
    assert (entry["SEQUENCE"], entry["STATUS"]) == (0, "CONFIRMED")
    assert "ATTENDEE" not in entry
    assert "Spielregeln" not in body  # the agenda stays on the page and in the e-mail

    # A mentor exchange is for mentors; the program team is invited to nothing.
    assert [entry["UID"] for entry in events(feed_of(world, "mentee")[0])] == [kickoff.uid]
    assert events(feed_of(world, "program_manager")[0]) == []


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(
    world: World, kickoff: CohortEvent
) -> None:
    """Calendars that took the event from the feed drop it when it says CANCELLED."""
    services.cancel_event(event=kickoff, actor=world.program_manager)
    (entry,) = events(feed_of(world, "mentee")[0])
    assert (entry["UID"], entry["SEQUENCE"], entry["STATUS"]) == (kickoff.uid, 1, "CANCELLED")


@pytest.mark.usefixtures("languages")
def test_an_invitee_downloads_the_event_as_a_calendar_file(world: World, tandem: Tandem) -> None:
    event = plan(world, tandem, title="Frühjahrstreffen")
    services.invite(event=event, actor=world.program_manager)
    response = client_for(world, "mentor").get(download_url(world, event), secure=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    day = f"{to_local(event.start):%Y-%m-%d}"
    assert filename(disposition) == f"frühjahrstreffen-{day}.ics"
    calendar = parse(response.content)
    assert "METHOD" not in calendar  # an entry to add, not an invitation to answer
    (entry,) = events(calendar)
    assert (entry["UID"], entry["SEQUENCE"]) == (event.uid, 0)
    assert entry["SUMMARY"] == "Frühjahrstreffen"
    assert str(entry["DESCRIPTION"]).startswith("Kick-off of Jahrgang 2027.")
    assert "ATTENDEE" not in entry
    assert "Spielregeln" not in response.content.decode()


def test_only_the_invited_download_an_event(world: World, exchange: CohortEvent) -> None:
    url = download_url(world, exchange)
    assert client_for(world, "mentor").get(url, secure=True).status_code == 200
    for persona in ("mentee", "program_manager", "admin", "outsider", "other_admin"):
        assert client_for(world, persona).get(url, secure=True).status_code == 404, persona


def test_the_events_page_offers_the_file_of_each_planned_event(
    world: World, kickoff: CohortEvent, exchange: CohortEvent
) -> None:
    page = reverse("events:my_events", kwargs={"org_slug": world.organization.slug})
    client = client_for(world, "mentor")
    text = client.get(page, secure=True).content.decode()
    assert download_url(world, kickoff) in text
    assert download_url(world, exchange) in text
    services.cancel_event(event=exchange, actor=world.program_manager)
    assert download_url(world, exchange) not in client.get(page, secure=True).content.decode()
