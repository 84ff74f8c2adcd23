"""Factories for programs, cohorts, registrations, tandems and lessons learned."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from tandem.people.tests.factories import EmployeeFactory, OrganizationFactory
from tandem.programs.models import (
    Cohort,
    CohortState,
    Lesson,
    LessonTopic,
    Program,
    Registration,
    RegistrationStatus,
    Role,
    Tandem,
    Topic,
    default_dates,
)


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic
        django_get_or_create = ("organization", "key")

    organization = factory.SubFactory(OrganizationFactory)
    key = factory.Sequence(lambda n: f"topic-{n}")
    name_de = factory.LazyAttribute(lambda t: f"Thema {t.key}")
    name_en = factory.LazyAttribute(lambda t: f"Topic {t.key}")


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Reverse Mentoring {n}")


def _dates(kickoff: date) -> dict[str, date]:
    return default_dates(kickoff)


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    """A cohort with registration open today (kick-off four weeks ahead)."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    program = factory.SubFactory(
        ProgramFactory, organization=factory.SelfAttribute("..organization")
    )
    name = factory.Sequence(lambda n: f"Jahrgang {n}")
    state = CohortState.REGISTRATION
    registration_opens = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    registration_closes = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    matching_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=21))
    kickoff = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=28))
    midterm = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=28 + 75))
    wrapup = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=28 + 152))

    @factory.post_generation
    def topic_keys(obj, create, extracted, **kwargs):
        if not create:
            return
        for key in extracted if extracted is not None else ("ai", "social_media", "agile"):
            obj.topics.add(TopicFactory(organization=obj.organization, key=key))


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    cohort = factory.SubFactory(CohortFactory)
    organization = factory.SelfAttribute("cohort.organization")
    employee = factory.SubFactory(
        EmployeeFactory, organization=factory.SelfAttribute("..organization")
    )
    role = Role.MENTOR
    status = RegistrationStatus.ADMITTED
    topics = factory.LazyAttribute(lambda e: {"ai": 4} if e.role == Role.MENTOR else {})
    goals = factory.LazyAttribute(lambda e: {"ai": 3} if e.role == Role.MENTEE else {})
    openness_confirmed = factory.LazyAttribute(lambda e: e.role == Role.MENTEE)
    languages = factory.LazyFunction(lambda: ["de"])
    availability = factory.LazyFunction(lambda: ["tue-am", "thu-pm"])
    style = factory.LazyFunction(lambda: {"structure": 4, "direct": 3})
    consent_at = factory.LazyFunction(timezone.now)


class TandemFactory(factory.django.DjangoModelFactory[Tandem]):
    class Meta:
        model = Tandem

    cohort = factory.SubFactory(CohortFactory, state=CohortState.PUBLISHED)
    organization = factory.SelfAttribute("cohort.organization")
    mentor = factory.SubFactory(
        RegistrationFactory, cohort=factory.SelfAttribute("..cohort"), role=Role.MENTOR, taken=1
    )
    mentee = factory.SubFactory(
        RegistrationFactory, cohort=factory.SelfAttribute("..cohort"), role=Role.MENTEE
    )
    score = 80.0
    respond_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class LessonFactory(factory.django.DjangoModelFactory[Lesson]):
    class Meta:
        model = Lesson

    cohort = factory.SubFactory(CohortFactory)
    organization = factory.SelfAttribute("cohort.organization")
    topic = LessonTopic.MATCHING
    text = factory.Sequence(lambda n: f"Lesson {n}: invite mentors earlier.")
