"""Delete backups past the retention (PRIV-08; docs/operations.md).

A backup's age is the UTC time in its name; files in ``TANDEM_BACKUP_DIR`` that are not
named like a backup are left alone. Run it daily after ``backup``.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core.backup import expired_backups


class Command(BaseCommand):
    help = "Delete backups older than TANDEM_BACKUP_RETENTION_DAYS (default 30)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, help="Retention in days (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = settings.TANDEM_BACKUP_RETENTION_DAYS
        if days < 1:
            raise CommandError("The retention is at least one day.")
        directory = Path(settings.TANDEM_BACKUP_DIR)
        if not directory.is_dir():
            self.stdout.write(f"No backup folder at {directory}.")
            return
        expired = expired_backups(directory, retention_days=days)
        for path in expired:
            if not options["dry_run"]:
                path.unlink()
            self.stdout.write(f"{'Would delete' if options['dry_run'] else 'Deleted'} {path}")
        self.stdout.write(f"{len(expired)} backups older than {days} days.")
