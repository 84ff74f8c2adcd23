"""Login invitations: the only way a login comes to belong to a person (AUTH-09, ADR 0014).

An organisation (its administration, its program team, or the operator for
a new organisation) invites a person by mailing a single-use, expiring link
to the address the organisation holds. Whoever follows it proves they read
that mailbox: if they are signed in, their login is linked to the person;
if not, they choose a password for a new login (or sign in first). Nothing
here compares or looks up addresses: an existing login with the same address
stays someone else's until its owner follows the link while signed in.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.models import Membership, MembershipRole, Organization
from tandem.core.security import log_event
from tandem.people.models import Employee, LoginInvitation, token_digest
from tandem.people.tasks import send_login_invitation


def create_invitation(
    *,
    organization: Organization,
    actor: User | None,
    employee: Employee | None = None,
    email: str = "",
    roles: Iterable[MembershipRole] = (),
    next_path: str = "",
) -> LoginInvitation:
    """A new invitation for ``employee`` (to the address HR holds) or, without one, to ``email``.

    Nothing is mailed here: :func:`invite` queues the invitation's own mail, and
    a cohort invitation carries the link inside its own message.
    """
    if employee is not None:
        if not employee.is_active:
            raise ValidationError(_("People who have left the organisation cannot be invited."))
        if not employee.email:
            raise ValidationError(
                _("This person has no e-mail address, so no invitation can be sent.")
            )
        email = employee.email
    invitation = LoginInvitation.objects.create(
        organization=organization,
        employee=employee,
        email=email,
        roles=sorted({str(role) for role in roles}),
        next_path=next_path,
        created_by=actor,
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="people.invitation.created",
        obj=employee if employee is not None else invitation,
        changes={
            "roles": [None, invitation.roles],
            **audit.mask({"email": [None, email]}, ["email"]),
        },
    )
    return invitation


def invite(
    *,
    organization: Organization,
    actor: User | None,
    employee: Employee | None = None,
    email: str = "",
    roles: Iterable[MembershipRole] = (),
) -> LoginInvitation:
    """Create an invitation and have the worker mail its link once the change is committed."""
    invitation = create_invitation(
        organization=organization, actor=actor, employee=employee, email=email, roles=roles
    )
    queue_mail(invitation)
    return invitation


def queue_mail(invitation: LoginInvitation) -> None:
    pk = invitation.pk
    transaction.on_commit(lambda: send_login_invitation.enqueue(pk))


def find_usable(token: str) -> LoginInvitation | None:
    """The invitation whose link carries ``token``, if it still works (sent, open, not expired)."""
    if not token or len(token) > 100:
        return None
    with scopes_disabled():
        invitation = (
            LoginInvitation.objects.select_related("organization", "employee")
            .filter(token_digest=token_digest(token))
            .first()
        )
    return invitation if invitation is not None and invitation.is_usable() else None


@transaction.atomic
def accept(*, invitation: LoginInvitation, user: User) -> LoginInvitation:
    """Link ``user`` to the invited person and grant the roles waiting for them.

    ``user`` proved both things needed: they are signed in (or just chose the
    password of a new login) and they followed the link mailed to the
    organisation's address. Every open invitation of the same person is settled
    with it. Refused when the link no longer works, the person already has
    another login, or this login already is someone else in the organisation.
    """
    organization = invitation.organization
    with scopes_disabled():
        locked = LoginInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable() or locked.token_digest != invitation.token_digest:
            raise ValidationError(_("This link no longer works."), code="unusable")
        employee = _link(locked, user)
        open_ = LoginInvitation.objects.filter(accepted__isnull=True)
        open_ = (
            open_.filter(organization=organization, employee=employee)
            if employee is not None
            else open_.filter(pk=locked.pk)
        )
        _settle(organization, open_, user)
    log_event(
        "people.invitation.accepted",
        actor=user,
        object_type="people.logininvitation",
        object_id=str(locked.public_id),
        organization=organization.slug,
    )
    return locked


@transaction.atomic
def settle_for(*, employee: Employee, user: User) -> None:
    """``user`` proved to be ``employee`` another way (their organisation's identity provider):
    the roles waiting in that person's open invitations are granted, and the links stop working."""
    with scopes_disabled():
        open_ = LoginInvitation.objects.filter(
            organization=employee.organization, employee=employee, accepted__isnull=True
        )
        _settle(employee.organization, open_, user)


def _settle(organization: Organization, open_: "QuerySet[LoginInvitation]", user: User) -> None:
    """Mark ``open_`` accepted by ``user`` and grant their roles, each by whom it came from."""
    settled = list(open_.select_for_update(of=("self",)).select_related("created_by"))
    granted_by = {role: pending.created_by for pending in settled for role in pending.roles}
    LoginInvitation.objects.filter(pk__in=[pending.pk for pending in settled]).update(
        accepted=timezone.now(), accepted_by=user, token_digest=""
    )
    for role in sorted(granted_by):
        _membership, created = Membership.objects.get_or_create(
            organization=organization, user=user, role=role
        )
        if created:
            audit.record(
                organization=organization,
                actor=granted_by[role],
                action="core.role.granted",
                object_type="accounts.user",
                object_id=str(user.public_id),
                changes={"role": [None, role]},
                security=True,
            )


def _link(invitation: LoginInvitation, user: User) -> Employee | None:
    """Link ``user`` to the invitation's employee (if any), under a lock on the employee."""
    if invitation.employee_id is None:
        return None
    employee = Employee.objects.select_for_update().get(pk=invitation.employee_id)
    if not employee.is_active:
        raise ValidationError(_("This person has left the organisation."), code="left")
    if employee.user_id is not None and employee.user_id != user.pk:
        raise ValidationError(_("This person already signs in with another login."), code="taken")
    already = Employee.objects.filter(organization=employee.organization, user=user).exclude(
        pk=employee.pk
    )
    if already.exists():
        raise ValidationError(
            _(
                "Your login already belongs to another person at %(organization)s. "
                "Please sign out and follow the link again."
            ),
            params={"organization": employee.organization.name},
            code="other_person",
        )
    if employee.user_id is None:
        employee.user = user
        employee.save(update_fields=["user", "updated"])
        audit.record(
            organization=employee.organization,
            actor=user,
            action="people.login.linked",
            obj=employee,
            security=True,
        )
    return employee


def void_links(*, employee_ids: list[int]) -> int:
    """The open invitations of these employees stop working until they are sent again."""
    return (
        LoginInvitation.objects.filter(employee_id__in=employee_ids, accepted__isnull=True)
        .exclude(token_digest="")
        .update(token_digest="", expires=None)
    )


def send_again(*, invitation: LoginInvitation, actor: User) -> None:
    """Mail a new link (to the address HR holds now); the previous link stops working."""
    employee = invitation.employee
    if employee is not None:
        if not employee.is_active or not employee.email:
            raise ValidationError(_("This person can no longer be invited."))
        invitation.email = employee.email
        invitation.save(update_fields=["email"])
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="people.invitation.sent_again",
        obj=employee if employee is not None else invitation,
    )
    queue_mail(invitation)


def pending(organization: Organization) -> list[LoginInvitation]:
    """Open invitations that wait to grant a role, newest first (for the roles page)."""
    return list(
        LoginInvitation.objects.filter(organization=organization, accepted__isnull=True)
        .exclude(roles=[])
        .select_related("employee")
        .order_by("-created")
    )


@transaction.atomic
def withdraw(*, invitation: LoginInvitation, actor: User) -> None:
    """The link stops working and the roles it waited to grant are not granted."""
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="people.invitation.withdrawn",
        obj=invitation.employee if invitation.employee is not None else invitation,
        changes={"roles": [invitation.roles, None]},
    )
    invitation.delete()
