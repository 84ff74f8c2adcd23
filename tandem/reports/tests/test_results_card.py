"""The start page leads the program team and observers to the cohorts' results; no one else."""

import pytest
from django.urls import reverse

from conftest import World, client_for
from tandem.programs.models import CohortState
from tandem.programs.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohorts(world: World) -> tuple[object, object]:
    running = CohortFactory(organization=world.organization, state=CohortState.RUNNING)
    planned = CohortFactory(organization=world.organization, state=CohortState.PLANNING)
    return running, planned


@pytest.mark.parametrize("persona", ["observer", "program_manager", "admin"])
def test_the_start_page_links_to_results_of_published_cohorts(world, cohorts, persona):
    running, planned = cohorts
    page = client_for(world, persona).get(reverse("people:organization_home", args=["nordwind"]))
    body = page.content.decode()
    assert reverse("reports:cohort_results", args=["nordwind", running.public_id]) in body
    assert reverse("reports:cohort_results", args=["nordwind", planned.public_id]) not in body


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
@pytest.mark.usefixtures("cohorts")
def test_participants_get_no_results_card(world, persona):
    page = client_for(world, persona).get(reverse("people:organization_home", args=["nordwind"]))
    assert page.status_code == 200
    assert "/results/" not in page.content.decode()
