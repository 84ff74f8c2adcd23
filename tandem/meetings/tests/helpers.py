"""Shared test helpers: an accepted tandem and a parsed calendar."""

from typing import Any

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
