"""Security events as structured log records (AUTH-08), and the request id that ties them together.

Each event names who acted (a login's public id, never an address), the
action, the object (type and public id), the outcome and the request id; the
formatter adds the UTC time. Nothing else goes in: no password, token, typed
address, note or answer. The log is the operator's; an organisation's own
audit page shows only the audit entries written for it (``core.audit``).
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:  # the logging configuration imports this module before the app registry
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger("tandem.security")

current_request_id: ContextVar[str] = ContextVar("tandem_request_id", default="")
# What a proxy may pass on as the request id: short and harmless in a log line.
REQUEST_ID_FORMAT = re.compile(r"[A-Za-z0-9._-]{8,64}")


class Outcome(StrEnum):
    OK = "ok"
    FAILED = "failed"
    DENIED = "denied"


def actor_id(user: "AbstractBaseUser | AnonymousUser | None") -> str:
    """The public id of a login, or "" for nobody (the address is never logged)."""
    if user is None or not user.is_authenticated:
        return ""
    return str(getattr(user, "public_id", "") or "")


def log_event(
    action: str,
    *,
    actor: "AbstractBaseUser | AnonymousUser | None" = None,
    object_type: str = "",
    object_id: str = "",
    outcome: Outcome = Outcome.OK,
    organization: str = "",
) -> None:
    """Write one security event (``organization`` is the tenant's slug, where there is one)."""
    fields = {
        "event": action,
        "actor": actor_id(actor),
        "object_type": object_type,
        "object_id": object_id,
        "outcome": outcome.value,
        "organization": organization,
    }
    logger.log(
        logging.INFO if outcome == Outcome.OK else logging.WARNING,
        "%s actor=%s object=%s:%s outcome=%s",
        action,
        fields["actor"] or "-",
        object_type or "-",
        object_id or "-",
        outcome.value,
        extra=fields,
    )


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request, e.g. in the worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class RequestIdMiddleware:
    """Gives each request an id for the logs and answers it in ``X-Request-ID``.

    Behind the configured proxy its id is kept (when it looks like one), so one
    request can be followed from the proxy's log to ours.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "") if settings.TANDEM_BEHIND_PROXY else ""
        request_id = given if REQUEST_ID_FORMAT.fullmatch(given) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
