"""Print the data inventory (PRIV-09) as JSON, or write it to ``docs/data-inventory.json``.

CI compares the committed file with the code (``core/tests/test_inventory.py``): a change
to a model's fields or declarations needs this command's ``--write`` and a commit.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.core import inventory


class Command(BaseCommand):
    help = "Print the data inventory as JSON; with --write, update docs/data-inventory.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="Write the committed file.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = inventory.snapshot()
        if not options["write"]:
            self.stdout.write(text, ending="")
            return
        path = inventory.snapshot_path()
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
