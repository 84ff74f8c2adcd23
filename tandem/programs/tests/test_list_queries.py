"""List pages of the program team run a constant number of queries, however long the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, client_for
from tandem.matching.models import PairDecision, PairKind
from tandem.matching.services import start_run
from tandem.programs.models import Cohort, Role
from tandem.programs.tests.factories import (
    CohortFactory,
    ProgramFactory,
    RegistrationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def queries(world: World, path: str) -> int:
    client = client_for(world, "program_manager")
    client.get(path, secure=True)  # warm the session and the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, secure=True).status_code == 200
    return len(captured)


def test_program_list(world: World) -> None:
    path = reverse("programs:program_list", kwargs={"org_slug": world.organization.slug})
    CohortFactory(organization=world.organization)
    few = queries(world, path)
    for _ in range(4):
        program = ProgramFactory(organization=world.organization)
        for _ in range(3):
            CohortFactory(organization=world.organization, program=program)
    assert queries(world, path) == few


def test_topic_catalogue(world: World) -> None:
    path = reverse("programs:topic_list", kwargs={"org_slug": world.organization.slug})
    TopicFactory(organization=world.organization)
    few = queries(world, path)
    for _ in range(25):
        TopicFactory(organization=world.organization)
    assert queries(world, path) == few


def test_cohort_matching_page(world: World, cohort: Cohort) -> None:
    path = reverse(
        "matching:cohort_matching",
        kwargs={"org_slug": world.organization.slug, "cohort_id": cohort.public_id},
    )
    start_run(cohort=cohort, actor=world.program_manager)
    few = queries(world, path)
    for _ in range(6):
        mentor = RegistrationFactory.create(cohort=cohort, role=Role.MENTOR)
        mentee = RegistrationFactory.create(cohort=cohort, role=Role.MENTEE)
        PairDecision.objects.create(
            organization=world.organization,
            cohort=cohort,
            mentor=mentor,
            mentee=mentee,
            kind=PairKind.EXCLUDED,
        )
        start_run(cohort=cohort, actor=world.program_manager)
    assert queries(world, path) == few
