"""Giving employees roles in their organisation, and taking them away."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.accounts.mail import render_localised
from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.models import Membership, Organization, Role
from tandem.people.models import Employee


@transaction.atomic
def grant_role(
    *, organization: Organization, actor: User, employee: Employee, role: Role, base_url: str
) -> Membership:
    """Give ``employee`` a role, creating their login and inviting them if they have none."""
    if not employee.is_active:
        raise ValidationError(_("People who have left the organisation cannot get a role."))
    user, invited = login_for(employee)
    membership, created = Membership.objects.get_or_create(
        organization=organization, user=user, role=role
    )
    if created:
        audit.record(
            organization=organization,
            actor=actor,
            action="core.role.granted",
            obj=employee,
            changes={"role": [None, role]},
        )
    if invited:
        from tandem.people.tasks import send_invitation as queued  # tasks import services

        user_id, organization_id = user.pk, organization.pk
        transaction.on_commit(lambda: queued.enqueue(user_id, organization_id, base_url))
    return membership


def login_for(employee: Employee) -> tuple[User, bool]:
    """The employee's login, created (without a password) if they have none yet.

    The flag says whether the login is new: its owner still needs a
    :func:`password_link` to set a password.
    """
    if employee.user is not None:
        return employee.user, False
    if not employee.email:
        raise ValidationError(_("This person has no e-mail address, so no login can be created."))
    user = User.objects.filter(email__iexact=employee.email).first()
    invited = user is None
    if user is None:
        user = User.objects.create_user(
            employee.email, None, first_name=employee.first_name, last_name=employee.last_name
        )
    employee.user = user
    employee.save(update_fields=["user"])
    return user, invited


@transaction.atomic
def revoke_role(*, organization: Organization, actor: User, user: User, role: str) -> None:
    memberships = Membership.objects.filter(organization=organization, role=role)
    if role == Role.ADMIN and memberships.exclude(user=user).count() == 0:
        raise ValidationError(_("The last administrator cannot be removed."))
    deleted, _count = memberships.filter(user=user).delete()
    if deleted:
        audit.record(
            organization=organization,
            actor=actor,
            action="core.role.revoked",
            object_type="accounts.user",
            object_id=str(user.public_id),
            changes={"role": [role, None]},
        )


def password_link(user: User, base_url: str) -> str:
    """A one-time link for ``user`` to set their password (allauth's reset-from-key page)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def invitation(*, user: User, organization: Organization, base_url: str) -> EmailMultiAlternatives:
    """A link to set a password, in the user's language; nothing else about them."""
    return render_localised(
        to=user,
        subject=gettext_lazy("Your access to Tandem at %(organization)s"),
        subject_params={"organization": organization.name},
        template="people/email/invitation",
        context={"organization": organization, "user": user, "link": password_link(user, base_url)},
    )
