"""Factories for users, organisations, roles and employees."""

import factory
from django.utils.text import slugify

from tandem.accounts.models import User
from tandem.core.models import Membership, Organization
from tandem.people.models import Employee

PASSWORD = "correct horse battery staple"


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


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = "program_manager"


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
