"""The programs' mails: the cohort invitation and the program team's decision on a registration.

Renderers only: the tasks import them, the services enqueue the tasks, nothing loops.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext_lazy

from tandem.accounts.mail import Addressee, render_localised
from tandem.core.links import absolute_reverse, absolute_url
from tandem.core.tasks import send_each, send_one
from tandem.people import mail as invitation_mail
from tandem.people.models import Employee, LoginInvitation
from tandem.programs.models import (
    Cohort,
    Registration,
)


def join_path(cohort: Cohort) -> str:
    return reverse(
        "programs:join",
        kwargs={"org_slug": cohort.organization.slug, "token": cohort.invitation_token},
    )


def join_url(cohort: Cohort) -> str:
    return absolute_url(join_path(cohort))


def send_decision_mail(*, registration: Registration) -> int:
    """The person learns the program team's decision (and its reason) in their language."""
    user = registration.employee.user
    if user is None or not user.email:
        return 0
    message = render_localised(
        to=user,
        subject=gettext_lazy("Your registration for %(cohort)s"),
        subject_params={"cohort": registration.cohort.name},
        template="programs/email/decision",
        context={
            "registration": registration,
            "cohort": registration.cohort,
            "organization": registration.organization,
            "status": registration.status,
            "reason": registration.decision_reason,
            "link": absolute_reverse(
                "programs:register",
                org_slug=registration.organization.slug,
                public_id=registration.cohort.public_id,
            ),
        },
    )
    return send_one(message)


def send_invitations_now(
    *,
    cohort: Cohort,
    recipients: list[tuple[Employee, LoginInvitation | None]],
    only: list[int] | None = None,
) -> int:
    """Render and send the invitations of :func:`invite_to_cohort` (called by the task).

    Someone with a login gets the registration link in their language; someone
    without, the organisation's language and a new link of their login
    invitation (made now, so a retry carries a fresh one). A mail-server failure
    raises ``core.tasks.Unsent`` with the employees not reached yet, so the
    task's retry sends only those.
    """
    link = join_url(cohort)
    by_id = {employee.pk: (employee, login) for employee, login in recipients}

    def render(employee_id: int) -> EmailMultiAlternatives | None:
        employee, login = by_id[employee_id]
        to: Addressee
        if login is not None and login.accepted is None:
            to, login_link = (
                invitation_mail.addressee(login),
                invitation_mail.issue_link(login),
            )
        elif employee.user is not None and employee.user.is_active and employee.user.email:
            to, login_link = employee.user, ""
        else:
            return None
        return render_localised(
            to=to,
            subject=gettext_lazy("Invitation: reverse mentoring at %(organization)s"),
            subject_params={"organization": cohort.organization.name},
            template="programs/email/invitation",
            context={
                "cohort": cohort,
                "organization": cohort.organization,
                "link": link,
                "login_link": login_link,
                "days": settings.TANDEM_INVITATION_DAYS,
            },
        )

    return send_each(list(by_id), render, only)
