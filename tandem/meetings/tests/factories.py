"""Factories for meetings and meeting series of a tandem."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from tandem.meetings.models import Meeting, MeetingSeries
from tandem.programs.tests.factories import TandemFactory


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    """A 45-minute meeting of a tandem in three days."""

    class Meta:
        model = Meeting

    tandem = factory.SubFactory(TandemFactory)
    organization = factory.SelfAttribute("tandem.organization")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    minutes = 45
    place = "Café"


class MeetingSeriesFactory(factory.django.DjangoModelFactory[MeetingSeries]):
    """A tandem's series on today's weekday at 8:30, from tomorrow for sixty days."""

    class Meta:
        model = MeetingSeries

    tandem = factory.SubFactory(TandemFactory)
    organization = factory.SelfAttribute("tandem.organization")
    weekday = factory.LazyFunction(lambda: timezone.localdate().weekday())
    local_time = time(8, 30)
    starts = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))
    until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    place = "Café"
