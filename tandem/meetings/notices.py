"""Mails of a tandem's life beside the calendar: the "doesn't fit" alert and "your tandem ended".

Renderers only: the tasks import them, the services enqueue the tasks, nothing loops.
"""

from collections.abc import Collection

from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy

from tandem.accounts.mail import render_localised
from tandem.core.links import absolute_reverse
from tandem.core.models import SentMail
from tandem.core.tasks import send_each, send_once
from tandem.meetings.invitations import sides
from tandem.meetings.models import FitCheck
from tandem.programs.models import Tandem
from tandem.programs.selectors import program_team

FIT_ALERT_SUBJECT = gettext_lazy("A tandem in %(cohort)s does not fit")


def send_fit_alert_mails(*, check: FitCheck, stamp: str) -> int:
    """Tell the program team that a tandem does not fit, each member once, in their language.

    An answer changed since (``stamp`` differs, or it now fits) sends nothing: the
    newer answer has its own task, or there is nothing to report any more.
    """
    if check.fits or check.updated.isoformat() != stamp:
        return 0
    tandem = check.tandem
    cohort = tandem.cohort
    link = absolute_reverse(
        "meetings:health", org_slug=cohort.organization.slug, public_id=cohort.public_id
    )
    context = {
        "cohort": cohort,
        "mentor": tandem.mentor.employee,
        "mentee": tandem.mentee.employee,
        "link": link,
    }
    pending = (
        (
            SentMail(
                organization_id=check.organization_id, key=f"fit:{check.pk}:{stamp}:{member.pk}"
            ),
            render_localised(
                to=member,
                subject=FIT_ALERT_SUBJECT,
                subject_params={"cohort": cohort.name},
                template="meetings/email/fit_alert",
                context=context,
            ),
        )
        for member in program_team(cohort)
        if member.email
    )
    return send_once(pending)


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
            template="meetings/email/tandem_ended",
            context={"tandem": tandem, "me": side.me, "partner": side.partner},
        )

    return send_each(list(reachable), render, only)
