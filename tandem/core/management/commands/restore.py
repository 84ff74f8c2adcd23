"""Replace the database by a backup (REL-07, PRIV-08; docs/operations.md).

Refuses a database that holds any row unless ``--yes`` is given. After the restore the
schema is brought up to the code and ``core.signals.restored`` is sent, where the erasure
journal's replay will hook in (issue 17 item 4); then the rows per table are printed.
Stop the web server, worker and scheduler first.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from tandem.core.backup import BackupError, is_empty, restore_backup, row_counts


class Command(BaseCommand):
    help = "Restore the database from a backup file written by `backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Overwrite a database that holds data."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        using = options["database"]
        if not options["yes"] and not is_empty(using):
            rows = sum(row_counts(using).values())
            raise CommandError(
                f"The database '{using}' is not empty ({rows} rows); a restore replaces all "
                "of it. Stop the app, then run again with --yes."
            )
        try:
            result = restore_backup(options["path"], using=using)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {result.path}.")
        if result.migrations_applied:
            self.stdout.write(f"Applied {result.migrations_applied} newer migrations.")
        width = max((len(table) for table in result.row_counts), default=0)
        for table, count in result.row_counts.items():
            self.stdout.write(f"  {table:<{width}}  {count}")
        self.stdout.write(
            f"{len(result.row_counts)} tables, {sum(result.row_counts.values())} rows."
        )
