"""Backups of the whole database and their restore (REL-07, PRIV-08; docs/operations.md).

One file per backup, named ``tandem-<UTC time>-<engine>.<ext>``:

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot while the app keeps running; a restore copies the file back the same way.
- PostgreSQL: ``pg_dump -Fc``; a restore drops every table and loads the dump
  (``pg_restore --clean --if-exists --no-owner`` as SQL, run by psql) in one
  transaction. The password goes to the tools through ``PGPASSWORD``, never on the
  command line, where other users of the machine could read it.

A file is written under a temporary name, readable by its owner only (it holds personal
data), and renamed into place when complete, so a crashed backup leaves no file that looks
whole. After a restore the schema is brought up to the code and ``core.signals.restored``
is sent, where the erasure journal's replay will hook in (issue 17 item 4).
"""

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from tandem.core.signals import restored

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"
EXTENSIONS = {"sqlite": "sqlite3", "postgresql": "pgdump"}
NAME_PATTERN = re.compile(r"^tandem-(\d{8}T\d{6}Z)-(sqlite|postgresql)\.(sqlite3|pgdump)$")
TIME_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for an operator."""


@dataclass(frozen=True)
class Restored:
    path: Path
    migrations_applied: int
    row_counts: dict[str, int]


def backup_name(vendor: str, now: datetime) -> str:
    return f"tandem-{now.astimezone(UTC).strftime(TIME_FORMAT)}-{vendor}.{EXTENSIONS[vendor]}"


def taken_at(path: Path) -> datetime | None:
    """The UTC time in a backup's name; None for a file that is not named like a backup."""
    match = NAME_PATTERN.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), TIME_FORMAT).replace(tzinfo=UTC)


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in EXTENSIONS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) in the server's major version or newer."
        )
    return path


def _pg_arguments_and_environment(using: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL tools; the password only in the environment."""
    params = connections[using].settings_dict
    arguments = ["--dbname", str(params["NAME"])]
    if params.get("HOST"):
        arguments += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", str(params["USER"])]
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    environment.pop("PGPASSWORD", None)
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = str(params["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 (a fixed tool found by shutil.which, arguments from settings)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr}")


def _private_file(path: Path) -> None:
    """Create ``path`` empty, readable and writable by its owner only."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def create_backup(
    *, output: Path | None = None, using: str = DEFAULT_DB_ALIAS, now: datetime | None = None
) -> Path:
    """Write one backup file of database ``using``; returns its path.

    ``output`` is the file to write, or a folder to write the named file into; by default
    ``TANDEM_BACKUP_DIR``.
    """
    vendor = _vendor(using)
    name = backup_name(vendor, now or datetime.now(UTC))
    target = Path(output) if output is not None else Path(settings.TANDEM_BACKUP_DIR)
    if output is None or target.is_dir():
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = target / name
    if target.exists():
        raise BackupError(f"{target} exists already; a backup never overwrites a file.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    _private_file(partial)
    try:
        if vendor == "sqlite":
            _sqlite_backup(partial, using)
        else:
            arguments, environment = _pg_arguments_and_environment(using)
            _run(
                [_tool("pg_dump"), "--format=custom", "--file", str(partial), *arguments],
                environment,
            )
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _sqlite_backup(partial: Path, using: str) -> None:
    connection = connections[using]
    connection.ensure_connection()
    source: Any = connection.connection
    destination = sqlite3.connect(partial)
    try:
        source.backup(destination)
        # The copy inherits the live database's WAL mode; one self-contained file is better.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    connection = connections[using]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table name from introspection, quoted)
            counts[table] = int(cursor.fetchone()[0])
    return counts


def table_checksums(using: str = DEFAULT_DB_ALIAS) -> dict[str, tuple[int, str]]:
    """Per table its row count and a SHA-256 over its rows (in any order): equal after a restore."""
    connection = connections[using]
    checksums = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table name from introspection, quoted)
            rows = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in cursor.fetchall()
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            checksums[table] = (len(rows), digest)
    return checksums


def is_empty(using: str = DEFAULT_DB_ALIAS) -> bool:
    """No table holds a row (a database that was only migrated holds some: its migrations)."""
    return not any(row_counts(using).values())


def _check_file(path: Path, vendor: str) -> None:
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_HEADER))
    kind = (
        "sqlite"
        if head.startswith(SQLITE_HEADER)
        else "postgresql"
        if head.startswith(PG_CUSTOM_HEADER)
        else None
    )
    if kind is None:
        raise BackupError(f"{path} is neither a SQLite database nor a pg_dump custom-format file.")
    if kind != vendor:
        raise BackupError(f"{path} is a {kind} backup; this database is {vendor}.")
    if kind == "sqlite":
        check = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = check.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            result = str(error)
        finally:
            check.close()
        if result != "ok":
            raise BackupError(f"{path} is damaged: {result}")


def restore_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Replace everything in database ``using`` by the backup ``path``.

    Then migrations newer than the backup are applied, and ``core.signals.restored`` is
    sent, so the erasure journal (when it exists) is replayed on the current schema. The
    caller decides whether a non-empty database may be overwritten (``is_empty``).
    """
    vendor = _vendor(using)
    path = Path(path)
    _check_file(path, vendor)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    if vendor == "sqlite":
        connection.ensure_connection()
        destination: Any = connection.connection
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(destination)
        finally:
            source.close()
    else:
        _pg_restore(path, using)
    ContentType.objects.clear_cache()
    pending = _pending_migrations(using)
    if pending:
        call_command("migrate", database=using, interactive=False, verbosity=0)
        if _pending_migrations(using):
            raise BackupError("Migrations are still pending after the restore; run migrate.")
    restored.send(sender=restore_backup, using=using, path=path)
    return Restored(path=path, migrations_applied=pending, row_counts=row_counts(using))


def _pg_restore(path: Path, using: str) -> None:
    """Drop every table, then load the dump, in one transaction: all of it or nothing.

    ``pg_restore --clean`` alone drops only what the dump holds; a table added by a newer
    migration that points at an older one blocks the drop. So the dump is turned into SQL
    first (a private temporary folder), and psql runs the drop and that SQL as one
    transaction, stopping at the first error.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    drop = ", ".join(connection.ops.quote_name(table) for table in tables)
    arguments, environment = _pg_arguments_and_environment(using)
    connection.close()
    with tempfile.TemporaryDirectory(prefix="tandem-restore-") as folder:
        script = Path(folder) / "restore.sql"
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--file",
                str(script),
                str(path),
            ],
            environment,
        )
        statements = ["--command", f"DROP TABLE IF EXISTS {drop} CASCADE"] if tables else []
        _run(
            [
                _tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set",
                "ON_ERROR_STOP=1",
                *arguments,
                *statements,
                "--file",
                str(script),
            ],
            environment,
        )


def _pending_migrations(using: str) -> int:
    executor = MigrationExecutor(connections[using])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def expired_backups(
    directory: Path, *, retention_days: int, now: datetime | None = None
) -> list[Path]:
    """Backups in ``directory`` taken more than ``retention_days`` ago, by the time in their name.

    Files not named like a backup are never listed, whatever their age.
    """
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    expired = []
    for path in sorted(Path(directory).iterdir()):
        when = taken_at(path)
        if when is not None and path.is_file() and when < cutoff:
            expired.append(path)
    return expired
