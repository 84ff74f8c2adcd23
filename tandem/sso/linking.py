"""Whose login a company sign-in is: by the provider's subject, never by an address (AUTH-09).

A sign-in through an organisation's identity provider arrives with a subject the
provider vouches for, qualified by the provider's issuer (``SocialAccount.uid``
under the organisation's ``provider_id``). Once linked, that subject is the only
thing that finds the login again. The first sign-in finds the person in the
organisation's own org chart through the claim the organisation chose: the HR
system's employee ID, or an address the provider marks as verified in a domain
the organisation owns. Nothing else links, and nothing reaches beyond the
organisation whose provider spoke.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.security import log_event
from tandem.people import invitations
from tandem.people.models import Employee, EmployeeStatus
from tandem.sso.models import IdentityProvider, LinkBy


@dataclass
class Refused(Exception):
    """A sign-in that links to no one: ``message`` is for the person, ``reason`` for the log."""

    message: "Promise | str"
    reason: str


def _is_true(value: object) -> bool:
    return value is True or str(value).strip().lower() in {"true", "1", "yes"}


def linking_value(provider: IdentityProvider, claims: Mapping[str, object]) -> str:
    """What a first sign-in finds its person by: the chosen claim's employee ID, or the address."""
    name = provider.claim if provider.link_by == LinkBy.EMPLOYEE_ID else "email"
    return str(claims.get(name) or "").strip()


def first_person(provider: IdentityProvider, claims: Mapping[str, object]) -> Employee:
    """The employee of the provider's organisation that a first sign-in belongs to."""
    with scopes_disabled():
        return _first_person(provider, claims)


def _first_person(provider: IdentityProvider, claims: Mapping[str, object]) -> Employee:
    employees = Employee.objects.filter(organization=provider.organization)
    value = linking_value(provider, claims)
    if provider.link_by == LinkBy.EMPLOYEE_ID:
        if not value:
            raise Refused(
                _(
                    "Your company account does not tell Tandem your employee ID. Please ask "
                    "your IT department to release it to Tandem."
                ),
                "no_employee_id",
            )
        employee = employees.filter(employee_id=value).first()
    else:
        address = value
        domain = address.rpartition("@")[2].casefold()
        owned = {str(d).casefold() for d in provider.domains}
        if not address or not _is_true(claims.get("email_verified")):
            raise Refused(
                _("Your company account has no verified e-mail address."), "email_unverified"
            )
        if domain not in owned:
            raise Refused(
                _("Your e-mail address is not in a domain of %(organization)s.")
                % {"organization": provider.organization.name},
                "email_foreign_domain",
            )
        # The organisation's own provider vouches for the address, in a domain the
        # organisation owns: it finds the person in the org chart, never a login.
        employee = employees.filter(email__iexact=address).first()
    if employee is None:
        raise Refused(
            _("%(organization)s's org chart in Tandem has no one for your company account.")
            % {"organization": provider.organization.name},
            "no_person",
        )
    if employee.status == EmployeeStatus.TERMINATED:
        raise Refused(_("Your access to Tandem has ended."), "left")
    return employee


def link(
    provider: IdentityProvider, sociallogin: SocialLogin, claims: Mapping[str, object]
) -> User:
    """The login this sign-in belongs to, made and linked on the first sign-in.

    Refused (``Refused``) when the person has left, when the claim finds no one,
    or when the person's login already signs in with another company account.
    """
    if not sociallogin.is_existing:
        return _link_first(provider, sociallogin, claims)
    user: User = sociallogin.user
    with scopes_disabled():
        still = Employee.objects.filter(
            organization=provider.organization, user=user, status__in=_PRESENT
        ).exists()
    if not still or not user.is_active:
        # The person left (or was deprovisioned): the link goes with them.
        SocialAccount.objects.filter(pk=sociallogin.account.pk).delete()
        raise Refused(_("Your access to Tandem has ended."), "left")
    return user


@transaction.atomic
def _link_first(
    provider: IdentityProvider, sociallogin: SocialLogin, claims: Mapping[str, object]
) -> User:
    organization = provider.organization
    with scopes_disabled():
        employee = first_person(provider, claims)
        employee = Employee.objects.select_for_update().get(pk=employee.pk)
        user = employee.user or _new_login(employee)
        if not user.is_active:
            raise Refused(_("Your access to Tandem has ended."), "inactive")
        if SocialAccount.objects.filter(user=user, provider=provider.provider_id).exists():
            raise Refused(
                _(
                    "Your Tandem login already signs in with another company account. Please "
                    "ask your organisation's administration."
                ),
                "other_subject",
            )
        if employee.user_id is None:
            employee.user = user
            employee.save(update_fields=["user", "updated"])
        invitations.settle_for(employee=employee, user=user)
        sociallogin.user = user
        sociallogin.account.user = user
        sociallogin.account.save()
    audit.record(
        organization=organization,
        actor=user,
        action="sso.login.linked",
        obj=employee,
        changes={"provider": [None, provider.provider_id]},
        security=True,
    )
    return user


_PRESENT = [EmployeeStatus.ACTIVE, EmployeeStatus.LEAVE]


def _new_login(employee: Employee) -> User:
    """A login for a person who had none: the address HR holds, no password."""
    address = employee.email
    if not address:
        raise Refused(
            _(
                "HR has no e-mail address for you in Tandem yet. Please ask your "
                "organisation's administration."
            ),
            "no_address",
        )
    user = User(
        email=address,
        first_name=employee.first_name,
        last_name=employee.last_name,
        language=employee.organization.language,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        # Another login already has this address: it stays its owner's (AUTH-09).
        raise Refused(
            _(
                "A Tandem login with your address exists already. Sign in with it once and "
                "follow your organisation's invitation, or ask your administration."
            ),
            "address_taken",
        ) from error
    log_event(
        "sso.login.created",
        actor=user,
        object_type="accounts.user",
        object_id=str(user.public_id),
        organization=employee.organization.slug,
    )
    return user
