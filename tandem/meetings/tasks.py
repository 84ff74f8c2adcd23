"""Background work of meetings: the calendar invitations, each sent once."""

from django_scopes import scope, scopes_disabled

from tandem.core.tasks import mail_task
from tandem.meetings import invitations
from tandem.meetings.invitations import SERIES
from tandem.meetings.models import Meeting, MeetingSeries


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
