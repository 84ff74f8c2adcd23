"""A cohort's surveys exist once its tandems are published; reading a page writes nothing.

Before, the program team's surveys page created them on GET (or the scheduler, whichever came
first): a read that wrote.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, client_for
from tandem.matching import services as matching
from tandem.programs.models import Cohort
from tandem.surveys.models import Phase, Survey

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def published(world: World, cohort: Cohort) -> Cohort:
    run = matching.start_run(cohort=cohort, actor=world.program_manager)
    matching.publish_run(run=run, actor=world.program_manager)
    cohort.refresh_from_db()
    return cohort


def test_publishing_the_first_tandems_creates_the_two_surveys(published: Cohort) -> None:
    surveys = Survey.objects.filter(cohort=published).order_by("phase")
    assert sorted(s.phase for s in surveys) == sorted([Phase.MIDTERM, Phase.FINAL])
    assert all(s.opens <= s.closes for s in surveys)


def test_a_rematch_publishes_without_a_second_pair_of_surveys(
    world: World, published: Cohort
) -> None:
    run = matching.start_run(cohort=published, actor=world.program_manager, rematch=True)
    if run.result.get("tandems"):
        matching.publish_run(run=run, actor=world.program_manager)
    assert Survey.objects.filter(cohort=published).count() == 2


def test_the_surveys_page_writes_nothing(world: World, published: Cohort) -> None:
    client = client_for(world, "program_manager")
    url = reverse(
        "surveys:cohort_surveys",
        kwargs={"org_slug": world.organization.slug, "public_id": published.public_id},
    )
    # The session is settled elsewhere first: the surveys page is read once, for the first time.
    client.get(
        reverse("people:organization_home", kwargs={"org_slug": world.organization.slug}),
        secure=True,
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    assert response.status_code == 200
    # The session's expiry moves on every request (the idle timeout, AUTH-04): not the page's write.
    writes = [
        q["sql"] for q in queries if WRITE.match(q["sql"]) and '"django_session"' not in q["sql"]
    ]
    assert writes == []
    assert "Halbzeit" in response.content.decode() or "Mid-term" in response.content.decode()
