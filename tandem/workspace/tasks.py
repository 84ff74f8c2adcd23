"""Background work of the workspace: the fit alert and the reminders pass, each mail sent once."""

from django.tasks import task
from django_scopes import scope, scopes_disabled

from tandem.core.tasks import mail_task
from tandem.workspace import notices, reminders
from tandem.workspace.models import FitCheck


@mail_task
def send_fit_alert(check_id: int, stamp: str) -> int:
    """Tell the program team that a tandem does not fit; repeats and stale answers send nothing."""
    with scopes_disabled():
        check = (
            FitCheck.objects.select_related(
                "organization",
                "tandem__cohort__organization",
                "tandem__mentor__employee",
                "tandem__mentee__employee",
            )
            .filter(pk=check_id)
            .first()
        )
    if check is None:
        return 0
    with scope(organization=check.organization):
        return notices.send_fit_alert_mails(check=check, stamp=stamp)


@task()
def run_reminders() -> int:
    """One scheduler pass: reminders before meetings and nudges after them (ADR 0011).

    Idempotent: what a pass sent is in the ledger, so a repeated or
    overlapping pass sends nothing twice; a mail-server failure is retried by
    the next pass.
    """
    return reminders.run_pass()
