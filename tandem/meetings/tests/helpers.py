"""Shared test helpers: an accepted tandem, a parsed calendar, a page's query count,
recipients' languages."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from conftest import World
from tandem.programs.models import Tandem, TandemState


def accept(tandem: Tandem) -> Tandem:
    tandem.state = TandemState.ACCEPTED
    tandem.mentor_answer = tandem.mentee_answer = "accept"
    tandem.save(update_fields=["state", "mentor_answer", "mentee_answer"])
    return tandem


def parse(ics: bytes | str) -> Any:
    return Calendar.from_ical(ics)


def events(calendar: Calendar) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def count_queries(client: Client, path: str) -> int:
    """The queries of a second visit to ``path`` (the first fills caches and lazy data)."""
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, secure=True).status_code == 200
    return len(captured)


def calendar_parts(message: Any) -> list[Any]:
    """The ``text/calendar`` parts of a sent message (alternative and attachment)."""
    return [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]


@pytest.fixture
def languages(world: World) -> None:
    """The mentor reads English, the mentee German."""
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    world.mentee.language = "de"
    world.mentee.save(update_fields=["language"])
