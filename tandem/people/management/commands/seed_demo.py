"""Load the demo organisations; a second run changes nothing, ``--reset`` starts over."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_scopes import scopes_disabled

from tandem.people.demo import delete_demo, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo organisations Nordlicht Energie AG and Südwind Handel GmbH "
        "with their demo logins, unless they exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete both demo organisations and their demo users first, then recreate them.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo spans two tenants, so no single organisation's scope fits.
        with scopes_disabled():
            if options["reset"]:
                delete_demo()
            created = seed_demo()
        if created:
            summary = ", ".join(f"{name} ({people} people)" for name, people in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {summary}."))
        else:
            self.stdout.write(
                "Demo organisations already present; nothing changed (--reset recreates them)."
            )
