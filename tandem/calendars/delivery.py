"""Calendar e-mails: the ``text/calendar`` part RFC 6047 asks for.

Shared by every app that invites people (meetings, cohort events). A message
carries the calendar twice, as Outlook and Gmail expect: as a
``text/calendar; method=…`` alternative and as an ``invite.ics`` attachment.
Each is sent once by its key in the ``SentMail`` ledger
(``core.tasks.send_once``, REL-05, ADR 0011).
"""

from email.message import EmailMessage as MIMEMessage
from email.message import MIMEPart
from typing import Any

from django.core.mail import EmailMultiAlternatives


class CalendarMessage(EmailMultiAlternatives):
    """An e-mail whose ``text/calendar`` alternative names its iTIP method, as RFC 6047 asks."""

    def __init__(self, *args: Any, method: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.method = method

    def message(self, *, policy: Any = None) -> MIMEMessage:
        msg = super().message(policy=policy) if policy else super().message()
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.method)
        return msg


def with_calendar(message: EmailMultiAlternatives, ics: bytes, method: str) -> CalendarMessage:
    """``message`` (text and HTML) with the calendar as an alternative and as ``invite.ics``."""
    mail = CalendarMessage(
        subject=message.subject,
        body=message.body,
        to=message.to,
        alternatives=[(str(content), mimetype) for content, mimetype in message.alternatives],
        method=method,
    )
    content = ics.decode()
    mail.attach_alternative(content, "text/calendar")
    attachment = MIMEPart()
    attachment.set_content(
        content,
        subtype="calendar",
        charset="utf-8",
        params={"method": method},
        disposition="attachment",
        filename="invite.ics",
    )
    mail.attach(attachment)
    return mail
