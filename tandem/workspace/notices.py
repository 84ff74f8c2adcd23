"""The "doesn't fit" alert to the cohort's program team: who, in which cohort, never why.

Renderers only: the tasks import them, the services enqueue the tasks, nothing loops.
"""

from django.utils.translation import gettext_lazy

from tandem.accounts.mail import render_localised
from tandem.core.links import absolute_reverse
from tandem.core.models import SentMail
from tandem.core.tasks import send_once
from tandem.programs.selectors import program_team
from tandem.workspace.models import FitCheck

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
        "reports:health", org_slug=cohort.organization.slug, public_id=cohort.public_id
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
                template="workspace/email/fit_alert",
                context=context,
            ),
        )
        for member in program_team(cohort)
        if member.email
    )
    return send_once(pending)
