"""Give the demo organisation Nordlicht a program with a cohort in each early state."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.matching.demo import seed_demo_cohorts


class Command(BaseCommand):
    help = (
        "Create Nordlicht's demo program with three cohorts (registration open, matched, "
        "published), unless it has a program already. Run seed_demo first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = seed_demo_cohorts()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo cohorts loaded: {', '.join(created)}."))
        else:
            self.stdout.write(
                "Demo cohorts already present (or no demo organisation); nothing changed."
            )
