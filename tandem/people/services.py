"""Roles in an organisation, and what ends when someone leaves it (AUTH-05, AUTH-09).

Everything here acts on one organisation's links only: a login that also
belongs to another organisation keeps its place there.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.accounts.services import deactivate_user, end_all_sessions
from tandem.core import audit
from tandem.core.models import Membership, MembershipRole, Organization
from tandem.core.security import log_event
from tandem.people import invitations
from tandem.people.models import Employee, LoginInvitation


@transaction.atomic
def grant_role(
    *, organization: Organization, actor: User, employee: Employee, role: MembershipRole
) -> Membership | LoginInvitation:
    """Give ``employee`` a role: at once if a login is linked to them, otherwise through a
    login invitation mailed to the address HR holds (the role waits until they follow it)."""
    if not employee.is_active:
        raise ValidationError(_("People who have left the organisation cannot get a role."))
    if employee.user is None:
        return invitations.invite(
            organization=organization,
            actor=actor,
            employee=employee,
            roles=[role],
        )
    membership, created = Membership.objects.get_or_create(
        organization=organization, user=employee.user, role=role
    )
    if created:
        audit.record(
            organization=organization,
            actor=actor,
            action="core.role.granted",
            object_type="accounts.user",
            object_id=str(employee.user.public_id),
            changes={"role": [None, role]},
            security=True,
        )
    return membership


@transaction.atomic
def revoke_role(*, organization: Organization, actor: User, user: User, role: str) -> None:
    memberships = Membership.objects.filter(organization=organization, role=role)
    if role == MembershipRole.ADMIN and memberships.exclude(user=user).count() == 0:
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
            security=True,
        )


def belongs_to(user: User, organization: Organization) -> bool:
    """Whether ``user`` holds a role in ``organization`` or is linked to one of its employees."""
    with scopes_disabled():
        return (
            Membership.objects.filter(organization=organization, user=user).exists()
            or Employee.objects.filter(organization=organization, user=user).exists()
        )


def belongs_elsewhere(user: User, organization: Organization) -> bool:
    """Whether ``user`` also belongs to an organisation other than ``organization``."""
    with scopes_disabled():
        return (
            Membership.objects.filter(user=user).exclude(organization=organization).exists()
            or Employee.objects.filter(user=user).exclude(organization=organization).exists()
        )


@transaction.atomic
def end_membership(*, organization: Organization, actor: User | None, user: User) -> None:
    """``user`` leaves ``organization``: its employee link and roles there end, and every
    session ends now. The login itself is deactivated only if it belongs to no other
    organisation (and is not an operator's)."""
    Employee.objects.filter(organization=organization, user=user).update(user=None)
    Membership.objects.filter(organization=organization, user=user).delete()
    if belongs_elsewhere(user, organization) or user.is_staff:
        end_all_sessions(user=user)
    else:
        deactivate_user(user=user)
    log_event(
        "people.login.unlinked",
        actor=actor,
        object_type="accounts.user",
        object_id=str(user.public_id),
        organization=organization.slug,
    )


@transaction.atomic
def end_sessions(*, organization: Organization, actor: User, user: User) -> int:
    """An administrator logs a member of their organisation out everywhere (AUTH-06)."""
    ended = end_all_sessions(user=user)
    audit.record(
        organization=organization,
        actor=actor,
        action="accounts.sessions.ended",
        object_type="accounts.user",
        object_id=str(user.public_id),
        changes={"sessions": [ended, 0]},
        security=True,
    )
    return ended


@transaction.atomic
def change_settings(
    *, organization: Organization, actor: User, form: "forms.ModelForm[Organization]"
) -> None:
    """Save the organisation's settings form; the audit log names what changed and how."""
    changes = {
        name: [form.initial.get(name), form.cleaned_data[name]] for name in form.changed_data
    }
    form.save()
    if changes:
        audit.record(
            organization=organization,
            actor=actor,
            action="core.organization.changed",
            obj=organization,
            changes=changes,
            security=True,
        )
