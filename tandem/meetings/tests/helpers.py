"""Shared test helpers: an accepted tandem, a parsed calendar, a page's query count."""

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from tandem.programs.models import Tandem, TandemState

BASE_URL = "https://tandem.example/"


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
