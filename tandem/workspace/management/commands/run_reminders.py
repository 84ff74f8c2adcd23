"""One scheduler pass by hand: the reminders and nudges due now, each sent once (ADR 0011)."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.workspace import reminders


class Command(BaseCommand):
    help = "Send the meeting reminders and nudges that are due now (safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders.run_pass()
        if options["verbosity"]:
            self.stdout.write(f"{sent} reminder(s) sent.")
