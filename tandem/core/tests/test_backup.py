"""Backup and restore drill (REL-07; PRIV-08's hook): `backup` → change → `restore` → the
rows per table and their checksums are those at backup time.

The round trip runs on the engine the suite runs on: the SQLite test is skipped on
PostgreSQL and the other way round (`make test-sqlite`, `make test-postgres`). On SQLite
the test database is pytest-django's in-memory one; the backup API copies it as it would
a file. The tests commit (``transaction=True``): a backup sees only committed rows.
"""

import io
import os
import re
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tandem.core import backup
from tandem.core.models import Organization
from tandem.core.signals import restored
from tandem.people.models import Employee
from tandem.people.tests.factories import OrganizationFactory

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite only (the suite runs on PostgreSQL)"
)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (the suite runs on SQLite)"
)


def run(*args: object) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def round_trip(world, tmp_path: Path) -> Path:
    """Back up, change and delete rows, restore: every table is as it was at backup time."""
    output = run("backup", "--output", str(tmp_path))
    [path] = tmp_path.iterdir()
    assert f"Backup written: {path} (" in output
    at_backup = backup.table_checksums()
    ceo_name = world.ceo.last_name

    Employee.objects.filter(pk=world.ceo.pk).update(last_name="Changed")
    Employee.objects.filter(pk=world.mentor_employee.pk).delete()
    OrganizationFactory(name="Neu nach dem Backup", slug="neu")
    changed = backup.table_checksums()
    assert changed != at_backup
    assert changed["people_employee"][0] == at_backup["people_employee"][0] - 1
    assert not Employee.objects.filter(pk=world.mentor_employee.pk).exists()

    report = run("restore", str(path), "--yes")
    assert list(tmp_path.iterdir()) == [path]  # the backup stays one file (no -wal, -shm)

    assert backup.table_checksums() == at_backup
    assert Employee.objects.get(pk=world.ceo.pk).last_name == ceo_name
    assert Employee.objects.filter(pk=world.mentor_employee.pk).exists()
    assert not Organization.objects.filter(slug="neu").exists()
    employees = at_backup["people_employee"][0]
    assert re.search(rf"^  people_employee +{employees}$", report, re.MULTILINE)
    assert f"{len(at_backup)} tables" in report
    return path


@pytest.mark.parametrize(
    ("header", "suffix"),
    [
        pytest.param(b"SQLite format 3\x00", "-sqlite.sqlite3", marks=sqlite_only, id="sqlite"),
        pytest.param(
            b"PGDMP",
            "-postgresql.pgdump",
            marks=[pytest.mark.postgres, postgres_only],
            id="postgresql",
        ),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_table_as_it_was(world, tmp_path, header, suffix) -> None:
    path = round_trip(world, tmp_path)
    assert path.read_bytes().startswith(header)
    assert path.name.endswith(suffix)


@pytest.mark.django_db(transaction=True)
def test_the_backup_is_named_by_utc_time_and_engine_and_private(world, tmp_path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    path = backup.create_backup(output=tmp_path)
    taken = backup.taken_at(path)
    assert taken is not None
    assert before <= taken <= datetime.now(UTC)
    assert path.name == backup.backup_name(connection.vendor, taken)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.django_db(transaction=True)
def test_a_backup_goes_to_the_backup_folder_and_never_overwrites(world, tmp_path, settings) -> None:
    settings.TANDEM_BACKUP_DIR = tmp_path / "backups"
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    path = backup.create_backup(now=now)
    assert path.parent == tmp_path / "backups"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with pytest.raises(backup.BackupError, match="never overwrites"):
        backup.create_backup(now=now)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data_without_yes(world, tmp_path) -> None:
    path = backup.create_backup(output=tmp_path)
    Employee.objects.filter(pk=world.ceo.pk).update(last_name="Changed")
    with pytest.raises(CommandError, match=r"not empty .* run again with --yes"):
        run("restore", str(path))
    assert Employee.objects.get(pk=world.ceo.pk).last_name == "Changed"


@pytest.mark.django_db(transaction=True)
def test_restored_is_sent_once_the_rows_are_back(world, tmp_path) -> None:
    path = backup.create_backup(output=tmp_path)
    Employee.objects.filter(pk=world.ceo.pk).delete()
    seen = []

    def receiver(sender, using, path, **kwargs) -> None:
        seen.append((using, path, Employee.objects.filter(pk=world.ceo.pk).exists()))

    restored.connect(receiver)
    try:
        backup.restore_backup(path)
    finally:
        restored.disconnect(receiver)
    assert seen == [("default", path, True)]


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_files_that_are_no_backup_of_this_engine(world, tmp_path) -> None:
    stranger = tmp_path / "notes.txt"
    stranger.write_text("hello")
    with pytest.raises(backup.BackupError, match="neither a SQLite database nor a pg_dump"):
        backup.restore_backup(stranger)
    other = tmp_path / "other"
    if connection.vendor == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00")
        expected = "is a postgresql backup; this database is sqlite"
    else:
        other.write_bytes(b"SQLite format 3\x00" + bytes(100))
        expected = "is a sqlite backup; this database is postgresql"
    with pytest.raises(backup.BackupError, match=expected):
        backup.restore_backup(other)


def test_an_older_backup_is_brought_up_to_the_code_before_restored_is_sent(
    migrate_to, tmp_path
) -> None:
    migrate_to([("core", "0006_sent_mail")])
    behind = backup._pending_migrations("default")
    assert behind >= 1
    path = backup.create_backup(output=tmp_path)
    call_command("migrate", verbosity=0)
    schema = []

    def receiver(sender, using, **kwargs) -> None:
        schema.append(backup._pending_migrations(using))

    restored.connect(receiver)
    try:
        report = run("restore", str(path), "--yes")
    finally:
        restored.disconnect(receiver)
    assert f"Applied {behind} newer migrations." in report
    assert schema == [0]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_damaged_sqlite_backup_is_refused_before_anything_is_overwritten(world, tmp_path) -> None:
    path = backup.create_backup(output=tmp_path)
    data = bytearray(path.read_bytes())
    data[4096 + 200 : 4096 * 3] = bytes(len(data[4096 + 200 : 4096 * 3]))  # zero a table's pages
    path.write_bytes(bytes(data))
    before = backup.table_checksums()
    with pytest.raises(backup.BackupError):
        backup.restore_backup(path)
    assert backup.table_checksums() == before


@pytest.mark.django_db(transaction=True)
def test_a_truncated_backup_fails_and_leaves_the_database_as_it_was(world, tmp_path) -> None:
    path = backup.create_backup(output=tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    Employee.objects.filter(pk=world.ceo.pk).update(last_name="Changed")
    before = backup.table_checksums()
    with pytest.raises(backup.BackupError):
        backup.restore_backup(path)
    assert backup.table_checksums() == before


def test_a_backup_of_a_wal_database_is_one_self_contained_file(tmp_path, monkeypatch) -> None:
    live = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("CREATE TABLE t (x)")
    live.execute("INSERT INTO t VALUES (1)")
    wrapper = SimpleNamespace(vendor="sqlite", connection=live, ensure_connection=lambda: None)
    monkeypatch.setattr(backup, "connections", {"live": wrapper})
    out = tmp_path / "out"
    out.mkdir()
    path = backup.create_backup(output=out, using="live")
    backup._check_file(path, "sqlite")  # opens it read-only, as a restore does
    live.close()
    assert list(out.iterdir()) == [path]
    assert sqlite3.connect(path).execute("SELECT x FROM t").fetchall() == [(1,)]


def test_a_missing_postgresql_tool_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(backup.BackupError, match=r"pg_dump was not found .* postgresql-client"):
        backup._tool("pg_dump")


def test_the_password_reaches_pg_dump_by_environment_only(monkeypatch) -> None:
    params = {
        "NAME": "tandem",
        "HOST": "db.example",
        "PORT": 5433,
        "USER": "app",
        "PASSWORD": "s3cret",
    }
    monkeypatch.setattr(backup, "connections", {"default": SimpleNamespace(settings_dict=params)})
    arguments, environment = backup._pg_arguments_and_environment("default")
    assert arguments == [
        "--dbname",
        "tandem",
        "--host",
        "db.example",
        "--port",
        "5433",
        "--username",
        "app",
    ]
    assert "s3cret" not in " ".join(arguments)
    assert environment["PGPASSWORD"] == "s3cret"


def test_prune_deletes_only_backups_past_the_retention(tmp_path, settings) -> None:
    settings.TANDEM_BACKUP_DIR = tmp_path
    settings.TANDEM_BACKUP_RETENTION_DAYS = 30
    now = datetime.now(UTC)
    old = tmp_path / backup.backup_name("sqlite", now - timedelta(days=31))
    old_pg = tmp_path / backup.backup_name("postgresql", now - timedelta(days=45))
    recent = tmp_path / backup.backup_name("postgresql", now - timedelta(days=29))
    unrelated = tmp_path / "tandem-handmade.sqlite3"
    for path in (old, old_pg, recent, unrelated):
        path.write_bytes(b"x")
    os.utime(unrelated, (0, 0))  # ancient, but not named like a backup

    dry = run("backup_prune", "--dry-run")
    assert "Would delete" in dry
    assert old.exists()

    output = run("backup_prune")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([recent.name, unrelated.name])
    assert "2 backups older than 30 days." in output
    assert "1 backups" in run("backup_prune", "--days", "28")
    assert not recent.exists()


def test_prune_refuses_a_retention_below_one_day(tmp_path, settings) -> None:
    settings.TANDEM_BACKUP_DIR = tmp_path
    with pytest.raises(CommandError, match="at least one day"):
        run("backup_prune", "--days", "0")
