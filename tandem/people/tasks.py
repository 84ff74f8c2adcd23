"""Background work of people: the login invitation's mail."""

from django_scopes import scope, scopes_disabled

from tandem.core.tasks import mail_task, send_one
from tandem.people import mail
from tandem.people.models import LoginInvitation


@mail_task
def send_login_invitation(invitation_id: int) -> int:
    """Mail the invitation's link, made now (a retry carries a fresh one); 0 if it is settled."""
    with scopes_disabled():
        invitation = (
            LoginInvitation.objects.select_related("organization", "employee")
            .filter(pk=invitation_id, accepted__isnull=True)
            .first()
        )
    if invitation is None:
        return 0
    with scope(organization=invitation.organization):
        return send_one(mail.invitation_mail(invitation))
