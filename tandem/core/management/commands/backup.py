"""Write one backup of the database (REL-07; docs/operations.md).

SQLite through the online backup API, PostgreSQL through ``pg_dump -Fc``; the file is
named by its UTC time and engine and lands in ``TANDEM_BACKUP_DIR`` unless ``--output``
names a file or folder. ``backup_prune`` deletes backups past the retention.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from tandem.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database into one file (SQLite backup API or pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="File or folder to write (default: TANDEM_BACKUP_DIR)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = create_backup(output=options["output"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size
        self.stdout.write(f"Backup written: {path} ({size:,} bytes)")
