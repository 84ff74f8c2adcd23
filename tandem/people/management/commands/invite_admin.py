"""Invite an administrator to an existing organisation (e.g. when its last administrator left)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django_scopes import scope

from tandem.core.models import MembershipRole, Organization
from tandem.core.tasks import send_one
from tandem.people import invitations, mail


class Command(BaseCommand):
    help = "Mail an administrator's invitation for an organisation to an address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the organisation's short name")
        parser.add_argument("email", help="where the invitation goes")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["slug"]).first()
        if organization is None:
            raise CommandError(f"No organisation has the short name {options['slug']!r}.")
        email = options["email"].strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        with scope(organization=organization):
            invitation = invitations.create_invitation(
                organization=organization, actor=None, email=email, roles=[MembershipRole.ADMIN]
            )
            send_one(mail.invitation_mail(invitation))
        self.stdout.write(f"The invitation to administer {organization.name} went to {email}.")
