"""Mail from the task worker: sent once, retried with backoff when the mail server fails (REL-05).

Three tools, for every app that sends mail from a task:

- :func:`mail_task` instead of ``@task()``: a transient failure (the mail
  server down, refusing or timing out: ``smtplib.SMTPException``,
  ``OSError``) re-enqueues the task with the same arguments and
  ``run_after = now + backoff(attempt)``; after
  ``TANDEM_MAIL_RETRY_ATTEMPTS`` attempts it gives up with a log line. The
  task must be idempotent, which the two helpers below make it:
- :func:`send_once` for messages with a row in the ledger :class:`SentMail` (a
  unique key names the message): the row is claimed before the message is sent
  and deleted again when the send fails, so a rerun sends exactly what is missing.
- :func:`send_each` for a batch without a ledger: on a failure it raises
  :class:`Unsent` with the keys not yet sent, and :func:`mail_task` re-enqueues
  the task with ``only=<those keys>``; such a task takes an ``only`` argument.

Enqueue these tasks in ``transaction.on_commit``: the request never waits
for the mail server and never fails because of it.
"""

import functools
import logging
import smtplib
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import ExitStack
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.tasks import Task, task
from django.utils import timezone

from tandem.core.models import SentMail

logger = logging.getLogger("tandem.tasks")

TRANSIENT_MAIL_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)


class Unsent(Exception):
    """A batch stopped at a transient failure; ``keys`` are the messages still to send."""

    def __init__(self, keys: Sequence[Any]) -> None:
        super().__init__(f"{len(keys)} message(s) not sent")
        self.keys = list(keys)


def backoff(attempt: int) -> timedelta:
    """How long to wait after failed attempt ``attempt`` (1, 5, 25, 125 … minutes, capped)."""
    base = settings.TANDEM_MAIL_RETRY_BASE_SECONDS
    seconds = min(base * 5 ** max(attempt - 1, 0), settings.TANDEM_MAIL_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


def mail_task[**P, R](func: Callable[P, R]) -> Task[..., R | None]:
    """``@task()`` for a function that sends mail: transient failures retry later (see module)."""

    @functools.wraps(func)
    def attempt_once(*args: Any, attempt: int = 1, **kwargs: Any) -> R | None:
        try:
            return func(*args, **kwargs)
        except Unsent as unsent:
            kwargs = {**kwargs, "only": unsent.keys}
            error: BaseException = unsent.__cause__ or unsent
        except TRANSIENT_MAIL_ERRORS as failure:
            error = failure
        except Exception as failure:
            # A message that cannot be built (a header with a line break, a missing template)
            # will not get better by waiting: the task fails, and says so where it is seen.
            logger.error(
                "%s failed and will not be retried: %s", queued.name, type(failure).__name__
            )
            raise
        retry_later(queued, args, kwargs, attempt=attempt, error=error)
        return None

    queued: Task[..., R | None] = task()(attempt_once)
    return queued


def retry_later(
    queued: Task[..., Any],
    args: Sequence[Any],
    kwargs: dict[str, Any],
    *,
    attempt: int,
    error: BaseException,
) -> bool:
    """Enqueue ``queued`` again after the backoff for ``attempt``; False once attempts run out."""
    if attempt >= settings.TANDEM_MAIL_RETRY_ATTEMPTS:
        logger.error(
            "%s gave up after %d attempts: %s: %s",
            queued.name,
            attempt,
            type(error).__name__,
            error,
        )
        return False
    run_after = timezone.now() + backoff(attempt)
    logger.warning(
        "%s attempt %d failed (%s: %s); retrying after %s",
        queued.name,
        attempt,
        type(error).__name__,
        error,
        run_after.isoformat(timespec="seconds"),
    )
    queued.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
    return True


def send_once(pending: Iterable[tuple[SentMail, EmailMessage]]) -> int:
    """Send each message whose ledger row is new; a failed send deletes the row and re-raises.

    The row (unsaved, its key naming the message) is committed *before* the
    message goes out: a second delivery finds it and sends nothing, and a
    worker killed between the two loses one message rather than sending it
    twice. A failed send releases the row for the retry. The database is never
    held in a transaction while the mail server is talked to.
    """

    def claim(row: SentMail) -> bool:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            return False
        return True

    claims = ((functools.partial(claim, row), row.delete, message) for row, message in pending)
    return send_claimed(claims)


def send_claimed(
    pending: Iterable[tuple[Callable[[], bool], Callable[[], object], EmailMessage]],
) -> int:
    """For each ``(claim, release, message)``: send if ``claim()`` wins; ``release()`` on failure.

    The claim is committed before sending (a ledger row inserted, a column set
    by a conditional UPDATE …), so a repeat or an overlapping run sends
    nothing twice; a failed send releases it and re-raises, so a retry sends it.
    """
    sent = 0
    with ExitStack() as stack:
        connection = None
        for claim, release, message in pending:
            if not claim():
                continue
            try:
                if connection is None:
                    connection = stack.enter_context(mailers.default)
                connection.send_messages([message])
            except BaseException:
                release()
                raise
            sent += 1
    return sent


def send_one(message: EmailMessage) -> int:
    """Send a task's only message; a transient failure propagates, and ``mail_task`` retries
    the task with the same arguments (there is nothing to narrow down, unlike ``send_each``)."""
    with mailers.default as connection:
        return int(connection.send_messages([message]) or 0)


def send_each[K](
    keys: Sequence[K],
    render: Callable[[K], EmailMessage | None],
    only: Collection[K] | None = None,
) -> int:
    """Send ``render(key)`` for each key over one connection (None: nothing to send).

    ``only`` is what a retry was left with: the keys not reached last time. On a
    transient failure raise :class:`Unsent` with this and every later key, so the
    retry sends only those.
    """
    if only is not None:
        keys = [key for key in keys if key in only]
    sent = 0
    done = 0
    try:
        with ExitStack() as stack:
            connection = None
            for key in keys:
                message = render(key)
                if message is not None:
                    if connection is None:
                        connection = stack.enter_context(mailers.default)
                    connection.send_messages([message])
                    sent += 1
                done += 1
    except TRANSIENT_MAIL_ERRORS as error:
        raise Unsent(keys[done:]) from error
    return sent
