"""ECO-04: the personal calendar feed — secret token, only one's own meetings, revocable."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.calendars import services
from tandem.calendars.models import CalendarFeed, hash_feed_token
from tandem.meetings import services as meetings_services
from tandem.meetings.models import Meeting
from tandem.meetings.tests.helpers import (  # noqa: F401 (fixture)
    accept,
    events,
    languages,
    parse,
)
from tandem.programs.models import Tandem
from tandem.programs.tests.factories import TandemFactory

pytestmark = pytest.mark.django_db


def feed_url(world: World, token: str) -> str:
    return reverse(
        "calendars:calendar_feed", kwargs={"org_slug": world.organization.slug, "token": token}
    )


def _meeting(world: World, tandem: Tandem, days: int, place: str) -> Meeting:
    return meetings_services.schedule_meeting(
        tandem=tandem,
        actor=world.mentor,
        start=timezone.now() + timedelta(days=days),
        minutes=45,
        place=place,
    )


def test_feed_holds_only_the_users_meetings(world: World, tandem: Tandem) -> None:
    accept(tandem)
    mine = _meeting(world, tandem, 3, "Café")
    cancelled = _meeting(world, tandem, 4, "Kantine")
    meetings_services.cancel_meeting(meeting=cancelled, actor=world.mentor)
    others = accept(TandemFactory(organization=world.organization))
    foreign = Meeting.objects.create(
        organization=world.organization,
        tandem=others,
        start=timezone.now() + timedelta(days=3),
        place="Anderswo",
    )
    token = services.renew_feed(user=world.mentor, organization=world.organization)

    response = client_for(world, "anonymous").get(feed_url(world, token), secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = parse(response.content)
    assert "METHOD" not in cal
    assert [e["UID"] for e in events(cal)] == [mine.uid]
    assert events(cal)[0]["SUMMARY"] == "Tandem: Martin Mentee"
    assert "ATTENDEE" not in events(cal)[0]
    assert foreign.uid.encode() not in response.content
    assert cancelled.uid.encode() not in response.content


def test_feed_shows_a_series_with_its_rule(world: World, tandem: Tandem) -> None:
    accept(tandem)
    today = timezone.localdate()
    series = meetings_services.schedule_series(
        tandem=tandem,
        actor=world.mentee,
        weekday=today.weekday(),
        local_time=timezone.localtime().time().replace(microsecond=0),
        interval_weeks=1,
        minutes=45,
        starts=today + timedelta(days=1),
        until=today + timedelta(days=30),
        place="Café",
    )
    token = services.renew_feed(user=world.mentee, organization=world.organization)
    cal = parse(client_for(world, "anonymous").get(feed_url(world, token)).content)
    (master,) = events(cal)
    assert master["UID"] == series.uid
    assert master["SUMMARY"] == "Tandem: Mia Mentorin"
    assert "RRULE" in master
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]


@pytest.mark.usefixtures("languages")
def test_feed_speaks_its_owners_language_whoever_asks(world: World, tandem: Tandem) -> None:
    """The mentor reads English, the mentee German; the calendar app's own language counts not."""
    accept(tandem)
    _meeting(world, tandem, 3, "Café")
    anonymous = client_for(world, "anonymous")
    for user, asks, words in (
        (world.mentor, "de", "Reverse mentoring meeting (Jahrgang 2027). Your tandem: https://"),
        (world.mentee, "en", "Treffen im Reverse Mentoring (Jahrgang 2027). Ihr Tandem: https://"),
    ):
        token = services.renew_feed(user=user, organization=world.organization)
        response = anonymous.get(feed_url(world, token), secure=True, HTTP_ACCEPT_LANGUAGE=asks)
        (event,) = events(parse(response.content))
        assert str(event["DESCRIPTION"]).startswith(words)


def test_renewing_or_revoking_makes_the_old_address_unknown(world: World) -> None:
    anonymous = client_for(world, "anonymous")
    old = services.renew_feed(user=world.mentor, organization=world.organization)
    new = services.renew_feed(user=world.mentor, organization=world.organization)
    assert old != new
    assert anonymous.get(feed_url(world, old)).status_code == 404
    assert anonymous.get(feed_url(world, new)).status_code == 200
    services.revoke_feed(user=world.mentor, organization=world.organization)
    assert anonymous.get(feed_url(world, new)).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_token_works_only_in_its_own_organisation(world: World) -> None:
    token = services.renew_feed(user=world.mentor, organization=world.organization)
    url = reverse(
        "calendars:calendar_feed",
        kwargs={"org_slug": world.other_organization.slug, "token": token},
    )
    assert client_for(world, "anonymous").get(url).status_code == 404
    assert client_for(world, "anonymous").get(feed_url(world, "guess")).status_code == 404


def test_the_database_holds_only_a_hash_of_the_token(world: World) -> None:
    token = services.renew_feed(user=world.mentor, organization=world.organization)
    feed = CalendarFeed.objects.get(user=world.mentor)
    assert feed.token_hash == hash_feed_token(token) == hashlib.sha256(token.encode()).hexdigest()
    row = CalendarFeed.objects.filter(pk=feed.pk).values().get()
    assert not any(token in str(value) for value in row.values())
    assert client_for(world, "anonymous").get(feed_url(world, token)).status_code == 200
    # The hash itself is no key.
    assert client_for(world, "anonymous").get(feed_url(world, feed.token_hash)).status_code == 404


def test_settings_page_shows_the_address_once(world: World) -> None:
    client = client_for(world, "mentor")
    url = reverse("calendars:calendar_settings", kwargs={"org_slug": world.organization.slug})
    assert "feed-url" not in client.get(url, secure=True).content.decode()

    # The new address is in the answer to the POST, not behind a redirect.
    response = client.post(url, {"action": "renew"}, secure=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    token = re.search(rf"/{world.organization.slug}/calendar/([^\"/]+)\.ics", page)
    assert token is not None
    assert "Kopieren Sie sie jetzt" in page or "Copy it now" in page
    assert CalendarFeed.objects.get(user=world.mentor).token_hash == hash_feed_token(token[1])

    # Later visits cannot show it again; renewing gives a new one and the old one stops.
    later = client.get(url, secure=True).content.decode()
    assert token[1] not in later
    assert ".ics" not in later
    renewed = client.post(url, {"action": "renew"}, secure=True).content.decode()
    assert token[1] not in renewed
    anonymous = client_for(world, "anonymous")
    assert anonymous.get(feed_url(world, token[1])).status_code == 404

    assert client.post(url, {"action": "revoke"}, secure=True).status_code == 302
    assert not CalendarFeed.objects.filter(user=world.mentor).exists()
    # Another user's address is never shown.
    services.renew_feed(user=world.mentee, organization=world.organization)
    assert ".ics" not in client.get(url, secure=True).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_addresses_working(world: World) -> None:
    """Feeds made before tokens were hashed answer at their old address afterwards."""
    executor = MigrationExecutor(connection)
    before, after = (
        [("meetings", "0003_action_plan")],
        [("meetings", "0004_series_end_feed_token_hash")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("meetings", "CalendarFeed")
    old.objects.create(
        organization_id=world.organization.pk, user_id=world.mentor.pk, token="alte-adresse"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    feed = CalendarFeed.objects.get(user=world.mentor)
    assert feed.token_hash == hash_feed_token("alte-adresse")
    assert client_for(world, "anonymous").get(feed_url(world, "alte-adresse")).status_code == 200
