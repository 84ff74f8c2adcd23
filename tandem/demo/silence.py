"""The demo is history: while it is seeded, no mail leaves and no task is queued.

The demo lives through its cohorts with the apps' own services, which mail
people and enqueue tasks after commit as they always do. Rather than a flag on
those services, ``seed_demo`` runs inside :func:`silenced`, a configuration:
every mailer is Django's dummy backend (a message is delivered nowhere) and
every task backend Django's dummy one (a task is kept in memory and never
runs). Settings are swapped as Django's own ``setting_changed`` receivers
expect, so the task framework drops its cached backends on the way in and out.

What a service leaves for after commit runs while still silenced: at once when
each step commits on its own (``manage.py seed_demo``), or on the way out when
the seeding sits inside a longer transaction (a test's, a caller's), so no
message or task escapes after the swap is undone.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.tasks import DEFAULT_TASK_QUEUE_NAME

NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"
NO_TASKS = "django.tasks.backends.dummy.DummyBackend"


@contextmanager
def silenced() -> Iterator[None]:
    """Mail to nowhere and tasks that never run, for the duration (not thread-safe: a command's)."""
    quiet: dict[str, Any] = {
        "MAILERS": {alias: {"BACKEND": NO_MAIL} for alias in settings.MAILERS},
        "TASKS": {
            alias: {"BACKEND": NO_TASKS, "QUEUES": config.get("QUEUES", [DEFAULT_TASK_QUEUE_NAME])}
            for alias, config in settings.TASKS.items()
        },
    }
    saved = {name: getattr(settings, name) for name in quiet}
    for name, value in quiet.items():
        _change(name, value, enter=True)
    connection = transaction.get_connection()
    pending_before = len(connection.run_on_commit)
    try:
        yield
        _run_pending(connection, pending_before)
    finally:
        for name, value in saved.items():
            _change(name, value, enter=False)


def _change(name: str, value: Any, *, enter: bool) -> None:
    setattr(settings, name, value)
    setting_changed.send(sender=type(settings), setting=name, value=value, enter=enter)


def _run_pending(connection: Any, start: int) -> None:
    """Run now what was left for after a commit that comes later (a callback may add more)."""
    while len(connection.run_on_commit) > start:
        pending = connection.run_on_commit[start:]
        del connection.run_on_commit[start:]
        for _savepoints, callback, _robust in pending:
            callback()
