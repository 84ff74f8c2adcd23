"""Background work of events: invitations, updates and cancellations go out from the worker."""

from django_scopes import scope, scopes_disabled

from tandem.core.tasks import mail_task
from tandem.events import invitations
from tandem.events.models import CohortEvent


@mail_task
def send_event_mails(pk: int) -> int:
    """Tell every invitee about the event as it is now; a repeated delivery sends nothing."""
    with scopes_disabled():
        event = CohortEvent.objects.select_related("organization", "cohort").filter(pk=pk).first()
    if event is None:
        return 0
    with scope(organization=event.organization):
        return invitations.send_event_mails(event=event)
