"""Give Nordlicht's running demo cohort its kick-off, mentor exchanges and wrap-up."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.events.demo import seed_demo_events


class Command(BaseCommand):
    help = "Add the events of Nordlicht's running demo cohort (after seed_demo_running), once."

    def handle(self, *args: Any, **options: Any) -> None:
        name = seed_demo_events()
        self.stdout.write(
            self.style.SUCCESS(f"Demo events loaded for {name}.")
            if name
            else "Demo events already present (or no running demo cohort); nothing changed."
        )
