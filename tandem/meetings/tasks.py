"""Background work of meetings: invitations, fit alerts and reminders, each sent once."""

from django.tasks import task
from django_scopes import scope, scopes_disabled

from tandem.core.tasks import mail_task
from tandem.meetings import invitations, notices, reminders
from tandem.meetings.invitations import SERIES
from tandem.meetings.models import FitCheck, Meeting, MeetingSeries
from tandem.programs.selectors import tandem_for_mail


@mail_task
def send_calendar_mails(kind: str, pk: int) -> int:
    """Invite both partners to a series or tell them about one meeting; repeats send nothing."""
    related = ("organization", "tandem__cohort__organization")
    people = ("tandem__mentor__employee__user", "tandem__mentee__employee__user")
    item: Meeting | MeetingSeries | None
    with scopes_disabled():
        if kind == SERIES:
            item = MeetingSeries.objects.select_related(*related, *people).filter(pk=pk).first()
        else:
            item = Meeting.objects.select_related("series", *related, *people).filter(pk=pk).first()
    if item is None:
        return 0
    with scope(organization=item.organization):
        if isinstance(item, MeetingSeries):
            return invitations.send_series_mails(series=item)
        return invitations.send_meeting_mails(meeting=item)


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


@mail_task
def send_tandem_ended(tandem_id: int, only: list[int] | None = None) -> int:
    """Tell both partners that the program team has ended their tandem (retried on failure)."""
    tandem = tandem_for_mail(tandem_id)
    if tandem is None:
        return 0
    with scope(organization=tandem.organization):
        return notices.send_ended_mails(tandem=tandem, only=only)


@task()
def run_reminders() -> int:
    """One scheduler pass: reminders before meetings and nudges after them (ADR 0011).

    Idempotent: what a pass sent is in the ledger, so a repeated or
    overlapping pass sends nothing twice; a mail-server failure is retried by
    the next pass.
    """
    return reminders.run_pass()
