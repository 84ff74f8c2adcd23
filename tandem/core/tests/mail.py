"""Test helpers for mail: the real worker, a real SMTP server on loopback, servers that fail.

Not our components: Django's SMTP backend pointed at a port nobody listens on,
and the locmem backend made to fail after some messages.
"""

import socket
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


def run_worker() -> None:
    """Let ``db_worker`` run every task that is due now, then stop (``--batch``)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def run_queued(limit: int = 100) -> int:
    """Run the tasks that are due now, oldest first, in this process and this test's transaction.

    The same steps as ``db_worker`` (claim, call, record the result) without the worker's
    closing of database connections, which would end a test's transaction on PostgreSQL.
    Tests that need the real worker use :func:`run_worker` with a transactional database.
    """
    ran = 0
    while ran < limit:
        result = DBTaskResult.objects.ready().order_by("enqueued_at", "id").first()
        if result is None:
            break
        result.claim("tests")
        arguments = result.args_kwargs
        try:
            value = result.task.call(*arguments["args"], **arguments["kwargs"])
        except BaseException as error:
            result.set_failed(error)
            raise
        result.set_successful(value)
        ran += 1
    return ran


def unreachable_smtp() -> dict[str, dict[str, Any]]:
    """``MAILERS`` for a real SMTP backend whose server refuses the connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = "django.core.mail.backends.smtp.EmailBackend"
    return {"default": {"BACKEND": backend, "OPTIONS": {"host": "127.0.0.1", "port": port}}}


class FailingBackend(EmailBackend):
    """locmem, but the message after ``good`` sent ones raises ``error`` (once)."""

    good: ClassVar[int] = 0
    error: ClassVar[BaseException | None] = None

    def send_messages(self, messages: Any) -> int:
        sent = 0
        for message in messages:
            cls = type(self)
            if cls.error is not None:
                if cls.good == 0:
                    error, cls.error = cls.error, None
                    raise error
                cls.good -= 1
            sent += super().send_messages([message])
        return sent

    @classmethod
    def mailers(cls, *, good: int, error: BaseException) -> dict[str, dict[str, Any]]:
        cls.good, cls.error = good, error
        return {"default": {"BACKEND": f"{cls.__module__}.{cls.__qualname__}"}}


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()
