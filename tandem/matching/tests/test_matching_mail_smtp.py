"""One publish e-mail goes through a real SMTP server on loopback (aiosmtpd)."""

from email import message_from_bytes, policy

import pytest

from tandem.core.tests.mail import run_queued
from tandem.matching import lifecycle, services


@pytest.mark.django_db
def test_publish_mail_travels_over_smtp(world, cohort, smtp, django_capture_on_commit_callbacks):
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish_run(run=run, actor=world.program_manager)
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
