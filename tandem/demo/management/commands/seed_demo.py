"""Load the demo, step by step in order; a second run changes nothing, ``--reset`` starts over.

The steps go through the apps' services, which mail and enqueue as always; the
command runs them ``silenced()`` (``tandem/demo/silence.py``), so nothing leaves.
"""

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_scopes import scopes_disabled

from tandem.demo.cohorts import seed_demo_cohorts
from tandem.demo.events import seed_demo_events
from tandem.demo.finished import seed_demo_finished
from tandem.demo.people import delete_demo, seed_demo
from tandem.demo.running import seed_demo_running
from tandem.demo.silence import silenced
from tandem.demo.surveys import seed_demo_surveys

# Each step builds on the ones before it and does nothing once its part is there.
STEPS = ("people", "cohorts", "running", "events", "surveys", "finished")


class Command(BaseCommand):
    help = (
        "Load the demo organisations Nordlicht Energie AG and Südwind Handel GmbH with their "
        "demo logins, and Nordlicht's program with a cohort in every state; each step once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete both demo organisations and their demo users first, then recreate them.",
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=STEPS,
            metavar="STEP",
            help=f"Run only this step (repeatable; in the demo's order: {', '.join(STEPS)}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        steps: dict[str, Callable[[], str]] = {
            "people": self._people,
            "cohorts": self._cohorts,
            "running": self._running,
            "events": self._events,
            "surveys": self._surveys,
            "finished": self._finished,
        }
        only = options["only"] or STEPS
        with silenced():
            if options["reset"]:
                # The demo spans two tenants, so no single organisation's scope fits.
                with scopes_disabled():
                    delete_demo()
            for step in STEPS:
                if step in only:
                    self.stdout.write(steps[step]())

    def _people(self) -> str:
        with scopes_disabled():
            created = seed_demo()
        if not created:
            return "Demo organisations already present; nothing changed (--reset recreates them)."
        summary = ", ".join(f"{name} ({people} people)" for name, people in created.items())
        return self.style.SUCCESS(f"Demo loaded: {summary}.")

    def _cohorts(self) -> str:
        created = seed_demo_cohorts()
        if not created:
            return "Demo cohorts already present (or no demo organisation); nothing changed."
        return self.style.SUCCESS(f"Demo cohorts loaded: {', '.join(created)}.")

    def _running(self) -> str:
        name = seed_demo_running()
        if not name:
            return "Running demo cohort already present (or no demo program); nothing changed."
        return self.style.SUCCESS(f"Running demo cohort loaded: {name}.")

    def _events(self) -> str:
        name = seed_demo_events()
        if not name:
            return "Demo events already present (or no running demo cohort); nothing changed."
        return self.style.SUCCESS(f"Demo events loaded for {name}.")

    def _surveys(self) -> str:
        name = seed_demo_surveys()
        if not name:
            return (
                "Demo survey answers already present (or no running demo cohort); nothing changed."
            )
        return self.style.SUCCESS(f"Demo survey answers loaded for {name}.")

    def _finished(self) -> str:
        name = seed_demo_finished()
        if not name:
            return (
                "Finished demo cohort already present (or no running demo cohort); nothing changed."
            )
        return self.style.SUCCESS(f"Finished demo cohort loaded: {name}.")
