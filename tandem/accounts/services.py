"""Account operations that span sessions and logins."""

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import transaction

from tandem.accounts.models import User
from tandem.core.security import log_event


@transaction.atomic
def end_all_sessions(*, user: User) -> int:
    """AUTH-05: log the user out everywhere, now. Returns the number of sessions ended."""
    ended = 0
    for user_session in UserSession.objects.filter(user=user):
        Session.objects.filter(session_key=user_session.session_key).delete()
        user_session.delete()
        ended += 1
    return ended


@transaction.atomic
def deactivate_user(*, user: User) -> None:
    """The user can no longer log in, and every open session ends."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        log_event(
            "accounts.user.deactivated", object_type="accounts.user", object_id=str(user.public_id)
        )
    end_all_sessions(user=user)
