"""Background work of the program team's oversight: telling partners their tandem has ended."""

from django_scopes import scope

from tandem.core.tasks import mail_task
from tandem.programs.selectors import tandem_for_mail
from tandem.reports import notices


@mail_task
def send_tandem_ended(tandem_id: int, only: list[int] | None = None) -> int:
    """Tell both partners that the program team has ended their tandem (retried on failure)."""
    tandem = tandem_for_mail(tandem_id)
    if tandem is None:
        return 0
    with scope(organization=tandem.organization):
        return notices.send_ended_mails(tandem=tandem, only=only)
