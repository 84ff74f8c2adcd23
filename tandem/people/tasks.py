"""Background work of people: the invitation that lets a new login set its password."""

from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.core.tasks import mail_task, send_one
from tandem.people import services


@mail_task
def send_invitation(user_id: int, organization_id: int, base_url: str) -> int:
    """Mail the set-password link (made now, so a retry carries a fresh one); 0 if gone."""
    with scopes_disabled():
        user = User.objects.filter(pk=user_id, is_active=True).first()
        organization = Organization.objects.filter(pk=organization_id).first()
    if user is None or organization is None or user.has_usable_password():
        return 0
    return send_one(services.invitation(user=user, organization=organization, base_url=base_url))
