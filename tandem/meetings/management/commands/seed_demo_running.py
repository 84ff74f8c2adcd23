"""Give Nordlicht's demo program a running cohort with months of meetings behind it."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.meetings.demo import seed_demo_running


class Command(BaseCommand):
    help = "Add a running cohort to Nordlicht's demo program (after seed_demo_cohorts), once."

    def handle(self, *args: Any, **options: Any) -> None:
        name = seed_demo_running()
        self.stdout.write(
            self.style.SUCCESS(f"Running demo cohort loaded: {name}.")
            if name
            else "Running demo cohort already present (or no demo program); nothing changed."
        )
