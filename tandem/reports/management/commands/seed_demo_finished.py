"""Give Nordlicht's demo program a finished cohort with its results, report and certificates."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.reports.demo import seed_demo_finished


class Command(BaseCommand):
    help = (
        "Add the completed cohort before Nordlicht's running demo cohort "
        "(after seed_demo_surveys), once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        name = seed_demo_finished()
        self.stdout.write(
            self.style.SUCCESS(f"Finished demo cohort loaded: {name}.")
            if name
            else "Finished demo cohort already present (or no running demo cohort); "
            "nothing changed."
        )
