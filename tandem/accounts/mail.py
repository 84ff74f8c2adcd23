"""E-mail to people in their own language: plain text and HTML, nothing from elsewhere.

Every message is rendered inside ``translation.override(recipient.language)``
from a pair of templates, ``<name>.txt`` and ``<name>.html``; the HTML
extends ``core/email/base.html`` and references no third-party content
(SEC-05). Send from ``transaction.on_commit`` (or a task enqueued there) so a
rolled-back change sends nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise


class Addressee(Protocol):
    """Whom a message is for: a login (``User``), or an :class:`Address` for someone without one."""

    @property
    def email(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def first_name(self) -> str: ...


@dataclass(frozen=True)
class Address:
    """A person who has no login yet: the address the organisation holds, in its language."""

    email: str
    language: str
    first_name: str = ""


def render_localised(
    *,
    to: Addressee,
    subject: str | Promise,
    template: str,
    context: Mapping[str, Any],
    subject_params: Mapping[str, object] | None = None,
) -> EmailMultiAlternatives:
    """The message for ``to``, rendered in their language (not sent).

    ``subject`` is a lazy translation; ``subject_params`` fill its placeholders.
    """
    language = to.language or settings.LANGUAGE_CODE
    with translation.override(language):
        full = {"recipient": to, "language": language, **context}
        message = EmailMultiAlternatives(
            subject=str(subject) % subject_params if subject_params else str(subject),
            body=render_to_string(f"{template}.txt", full),
            to=[to.email],
        )
        message.attach_alternative(render_to_string(f"{template}.html", full), "text/html")
    return message
