"""Login bookkeeping: when a session was authenticated, and the security events of logins (AUTH-08).

The receivers log who (a login's public id), what and how it ended; never the
address or password typed, a code, or a token.
"""

import time
from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tandem.core.security import Outcome, log_event

SESSION_STARTED_KEY = "tandem_auth_started"


@receiver(user_logged_in)
def remember_login_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = int(time.time())


@receiver(user_logged_in)
def log_login(sender: Any, user: Any, **kwargs: Any) -> None:
    log_event("auth.login", actor=user, object_type="accounts.user", object_id=str(user.public_id))


@receiver(user_login_failed)
def log_login_failed(sender: Any, **kwargs: Any) -> None:
    # The credentials tried are left out on purpose: a password typed into the wrong field
    # would otherwise end up in the log.
    log_event("auth.login", outcome=Outcome.FAILED)


@receiver(user_logged_out)
def log_logout(sender: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_event(
            "auth.logout", actor=user, object_type="accounts.user", object_id=str(user.public_id)
        )


@receiver(account_signals.authentication_step_completed)
def log_authentication_step(sender: Any, user: Any, method: str, **kwargs: Any) -> None:
    if kwargs.get("reauthenticated"):
        action = "auth.reauthenticated"
    elif method == "mfa":
        action = "auth.mfa.used"
    else:
        return  # the login itself is logged once it completes (user_logged_in)
    log_event(action, actor=user, object_type="accounts.user", object_id=str(user.public_id))


@receiver(mfa_signals.authentication_failed)
def log_mfa_failed(sender: Any, user: Any, **kwargs: Any) -> None:
    action = "auth.reauthenticated" if kwargs.get("reauthentication") else "auth.mfa.used"
    log_event(
        action,
        actor=user,
        object_type="accounts.user",
        object_id=str(user.public_id),
        outcome=Outcome.FAILED,
    )


def _event(action: str, *, authenticator: bool = False) -> Any:
    """A receiver logging ``action`` for the signal's user (or the authenticator's type)."""

    def receive(sender: Any, user: Any, **kwargs: Any) -> None:
        if authenticator:
            object_type, object_id = "mfa.authenticator", kwargs["authenticator"].type
        else:
            object_type, object_id = "accounts.user", str(user.public_id)
        log_event(action, actor=user, object_type=object_type, object_id=object_id)

    return receive


RECEIVERS = [
    (mfa_signals.authenticator_added, _event("auth.mfa.added", authenticator=True)),
    (mfa_signals.authenticator_removed, _event("auth.mfa.removed", authenticator=True)),
    (mfa_signals.authenticator_reset, _event("auth.mfa.reset", authenticator=True)),
    (account_signals.password_changed, _event("auth.password.changed")),
    (account_signals.password_reset, _event("auth.password.reset")),
    (account_signals.email_changed, _event("auth.email.changed")),
]
for signal, receiver_function in RECEIVERS:
    signal.connect(receiver_function)
