"""One publish e-mail goes through a real SMTP server on loopback (aiosmtpd)."""

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from tandem.core.tests.mail import run_queued
from tandem.matching import services


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


@pytest.mark.django_db
def test_publish_mail_travels_over_smtp(world, cohort, smtp, django_capture_on_commit_callbacks):
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(run=run, actor=world.program_manager, base_url="https://t.example/")
    assert smtp.messages == []  # the worker sends them, not the request
    run_queued()
    assert sorted(rcpt for rcpts, _raw in smtp.messages for rcpt in rcpts) == [
        "mentee@nordwind.example",
        "mentor@nordwind.example",
    ]
    raw = next(raw for rcpts, raw in smtp.messages if rcpts == ["mentee@nordwind.example"])
    message = message_from_bytes(raw, policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Mia Mentorin" in text
    assert "Mia Mentorin" in html
