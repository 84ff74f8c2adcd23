"""``manage.py import_people ORG_SLUG FILE``: the HR import for scheduled syncs.

Runs the same check and apply as the web upload, inside the organisation's
scope; exits with status 1 and the reasons when the file is refused.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope

from tandem.core.models import Organization
from tandem.people.imports import Limits, apply_import, check_import, describe, discard_import
from tandem.people.models import ImportRun, ImportStatus


class Command(BaseCommand):
    help = "Import employees from a CSV or XLSX file exported by the HR system."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org_slug", help="The organisation's slug.")
        parser.add_argument("file", type=Path, help="CSV or XLSX file.")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate everyone in Tandem who is not in the file (a complete export).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and summarise; change nothing."
        )
        parser.add_argument(
            "--max-rows",
            type=int,
            default=None,
            help="Allow more rows than the web upload; the size limits grow in proportion.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org_slug"]).first()
        if organization is None:
            raise CommandError(f"No organisation with the slug {options['org_slug']!r}.")
        path: Path = options["file"]
        limits = Limits.from_settings()
        if options["max_rows"]:
            if options["max_rows"] < 1:
                raise CommandError("--max-rows must be at least 1.")
            limits = limits.with_max_rows(options["max_rows"])
        try:
            # Refuse an oversized file before reading it into memory (IO-01).
            if path.stat().st_size > limits.max_bytes:
                raise CommandError(
                    f"{path} is larger than {limits.max_bytes} bytes; raise --max-rows "
                    "for a larger sync or split the file."
                )
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc

        with scope(organization=organization):
            run = check_import(
                organization=organization,
                actor=None,
                filename=path.name,
                content=content,
                deactivate_missing=options["deactivate_missing"],
                limits=limits,
            )
            if run.status == ImportStatus.PREVIEWED:
                if options["dry_run"]:
                    discard_import(run=run, actor=None)
                else:
                    run = apply_import(run=run, actor=None, limits=limits)
        self._report(run, dry_run=options["dry_run"])
        if run.status == ImportStatus.INVALID:
            raise CommandError(f"{path.name} was not imported; nothing was changed.")

    def _report(self, run: ImportRun, *, dry_run: bool) -> None:
        summary = run.summary
        if summary.get("rows") and run.status != ImportStatus.INVALID:
            verb = "would change" if dry_run else "changed"
            self.stdout.write(
                f"{run.filename}: {summary['rows']} rows; {verb}: {summary['new']} new, "
                f"{summary['changed']} changed, {summary['deactivated']} deactivated, "
                f"{summary['unchanged']} unchanged, {summary['logins_ended']} logins ended."
            )
            if summary.get("ignored_columns"):
                ignored = ", ".join(summary["ignored_columns"])
                self.stdout.write(f"Ignored columns (not stored): {ignored}")
        if "layout" in summary and not summary.get("supervisor_column"):
            self.stderr.write(
                "Warning: no column holds the supervisor's employee ID, so the file brings no "
                "reporting lines and matching cannot keep people from their own supervisors."
            )
        for error in run.errors:
            where = ", ".join(
                part
                for part in (
                    f"row {error['row']}" if error.get("row") else "",
                    f"column {error['column']!r}" if error.get("column") else "",
                )
                if part
            )
            self.stderr.write(f"{where}: {describe(error)}" if where else describe(error))
