"""Fixtures of the events tests: a published cohort (the world's tandem) and its events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import World
from tandem.events import services
from tandem.events.models import CohortEvent, EventKind
from tandem.programs.models import Tandem


def plan(world: World, tandem: Tandem, kind: str = EventKind.KICKOFF, **changes) -> CohortEvent:
    details = {
        "title": "",
        "start": timezone.now() + timedelta(days=10),
        "minutes": 180,
        "place": "Forum, Haus A",
        "agenda": "Begrüßung\nSpielregeln\nErstes Kennenlernen",
        **changes,
    }
    return services.create_event(
        cohort=tandem.cohort, actor=world.program_manager, kind=kind, **details
    )


@pytest.fixture
def kickoff(world: World, tandem: Tandem) -> CohortEvent:
    """The cohort's kick-off in ten days, its whole audience (mentor and mentee) invited."""
    event = plan(world, tandem)
    services.invite(event=event, actor=world.program_manager)
    return event


@pytest.fixture
def exchange(world: World, tandem: Tandem) -> CohortEvent:
    """A mentor exchange, online, its audience (the mentor only) invited."""
    event = plan(
        world,
        tandem,
        EventKind.EXCHANGE,
        title="Austausch der Mentor:innen",
        place="",
        online_link="https://meet.example/x",
    )
    services.invite(event=event, actor=world.program_manager)
    return event
