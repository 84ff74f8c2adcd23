"""Start an organisation from nothing: the organisation and its first administrator's invitation."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django_scopes import scope

from tandem.core.models import MembershipRole, Organization
from tandem.core.tasks import TRANSIENT_MAIL_ERRORS, send_one
from tandem.people import invitations, mail


class Command(BaseCommand):
    help = (
        "Create an organisation and mail its first administrator an invitation "
        "(a single-use link to create their login or add the organisation to theirs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="e.g. 'Nordwind Logistik AG'")
        parser.add_argument(
            "--slug", required=True, help="short name in its addresses, e.g. nordwind"
        )
        parser.add_argument(
            "--admin-email", required=True, help="the first administrator's address"
        )
        parser.add_argument(
            "--language",
            default="de",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the organisation's default language (de)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["admin_email"].strip()
        organization = Organization(
            name=options["name"].strip(), slug=options["slug"].strip(), language=options["language"]
        )
        try:
            validate_email(email)
            organization.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        with transaction.atomic():
            organization.save()
            with scope(organization=organization):
                invitation = invitations.create_invitation(
                    organization=organization, actor=None, email=email, roles=[MembershipRole.ADMIN]
                )
        # Sent here rather than by the worker, so the operator sees at once if the mail fails.
        try:
            with scope(organization=organization):
                send_one(mail.invitation_mail(invitation))
        except TRANSIENT_MAIL_ERRORS as error:
            raise CommandError(
                f"Created {organization.name}, but the invitation could not be mailed ({error}). "
                f"Once the mail server answers: manage.py invite_admin {organization.slug} {email}"
            ) from None
        self.stdout.write(
            f"Created {organization.name} ({organization.slug}); the invitation went to {email}. "
            f"The link works for {settings.TANDEM_INVITATION_DAYS} days; "
            f"`manage.py invite_admin {organization.slug} <address>` sends another."
        )
