"""Open and partly answer the mid-term survey of Nordlicht's running demo cohort."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.surveys.demo import seed_demo_surveys


class Command(BaseCommand):
    help = "Add the mid-term survey answers of Nordlicht's running demo cohort, once."

    def handle(self, *args: Any, **options: Any) -> None:
        name = seed_demo_surveys()
        self.stdout.write(
            self.style.SUCCESS(f"Demo survey answers loaded for {name}.")
            if name
            else "Demo survey answers already present (or no running demo cohort); nothing changed."
        )
