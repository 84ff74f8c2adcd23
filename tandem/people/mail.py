"""The login invitation's mail: made when it is sent, so each sending carries a new link."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tandem.accounts.mail import Address, render_localised
from tandem.core.links import absolute_reverse
from tandem.people.models import LoginInvitation, token_digest


def issue_link(invitation: LoginInvitation) -> str:
    """A new secret for ``invitation`` (the previous link stops working); its URL.

    Only the secret's digest is stored, with the expiry counted from now.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_digest = token_digest(token)
    invitation.sent = now
    invitation.expires = now + timedelta(days=settings.TANDEM_INVITATION_DAYS)
    invitation.save(update_fields=["token_digest", "sent", "expires"])
    return absolute_reverse("accept_invitation", token=token)


def addressee(invitation: LoginInvitation) -> Address:
    """The invited person as a mail recipient: the invitation's address, the organisation's
    language (they have no login, so no language of their own yet)."""
    employee = invitation.employee
    return Address(
        email=invitation.email,
        language=invitation.organization.language,
        first_name=employee.first_name if employee is not None else "",
    )


def invitation_mail(invitation: LoginInvitation) -> EmailMultiAlternatives:
    """The invitation's own message (a new link), in the organisation's language."""
    organization = invitation.organization
    return render_localised(
        to=addressee(invitation),
        subject=gettext_lazy("Your access to Tandem at %(organization)s"),
        subject_params={"organization": organization.name},
        template="people/email/invitation",
        context={
            "organization": organization,
            "roles": invitation.role_labels,
            "link": issue_link(invitation),
            "days": settings.TANDEM_INVITATION_DAYS,
        },
    )
