"""Factories for users, organisations, roles and employees."""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.utils.text import slugify

from tandem.accounts.models import User
from tandem.core.models import Membership, Organization
from tandem.people.models import Employee

PASSWORD = "correct horse battery staple"
# The authenticator app of every test login that needs one (tests compute its codes).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Firma {n} GmbH")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    language = "de"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            # The address counts: the login was made by following a link mailed to it.
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def totp_code(at: float | None = None) -> str:
    """The code the test authenticator app shows now (or at the Unix time ``at``)."""
    counter = int(time.time() if at is None else at) // 30
    return format_hotp_value(hotp_value(TOTP_SECRET, counter))


def with_mfa(user: User) -> User:
    """``user`` with the test authenticator app set up (as AUTH-03 requires of some roles)."""
    if not is_mfa_enabled(user):
        TOTP.activate(user, TOTP_SECRET)
    return user


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = "program_manager"

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        # Administrators and program managers have their authenticator set up (AUTH-03),
        # unless a test asks for one without (``mfa=False``).
        if create and extracted is not False and obj.role in ("admin", "program_manager"):
            with_mfa(obj.user)


class EmployeeFactory(factory.django.DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    organization = factory.SubFactory(OrganizationFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    email = factory.LazyAttribute(lambda e: f"{e.employee_id.lower()}@example.org")
    department = "IT"
    team = "T-1"
    languages = factory.LazyFunction(lambda: ["de"])


def create_user(**fields: object) -> User:
    """A saved user, typed as one (factory-boy's call is typed as the factory)."""
    return UserFactory(**fields)


def create_employee(**fields: object) -> Employee:
    """A saved employee, typed as one."""
    return EmployeeFactory(**fields)
