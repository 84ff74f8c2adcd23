"""The mail telling both partners that the program team ended their tandem early.

A renderer only: the task imports it, the service enqueues the task, nothing loops.
"""

from collections.abc import Collection

from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy

from tandem.accounts.mail import render_localised
from tandem.core.tasks import send_each
from tandem.meetings.invitations import sides
from tandem.programs.models import Tandem

ENDED_SUBJECT = gettext_lazy("Your reverse mentoring tandem has ended")


def send_ended_mails(*, tandem: Tandem, only: Collection[int] | None = None) -> int:
    """Both partners learn, in their language, that the tandem has ended and why (category only).

    Keyed by user id: a retry after a mail-server failure sends ``only`` those not yet told.
    """
    reachable = {user.pk: (user, side) for side in sides(tandem) if (user := side.recipient)}

    def render(user_id: int) -> EmailMessage:
        user, side = reachable[user_id]
        return render_localised(
            to=user,
            subject=ENDED_SUBJECT,
            template="reports/email/tandem_ended",
            context={"tandem": tandem, "me": side.me, "partner": side.partner},
        )

    return send_each(list(reachable), render, only)
