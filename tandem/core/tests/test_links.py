"""Links in mail and calendars start with TANDEM_BASE_URL, never with the request's host."""

import pytest
from django.core import mail
from django.urls import reverse

from conftest import World, fresh_client_for
from tandem.core.links import absolute_reverse, absolute_url
from tandem.core.tests.mail import run_queued
from tandem.people.tests.factories import EmployeeFactory


def test_links_join_the_configured_address_and_the_path(settings) -> None:
    settings.TANDEM_BASE_URL = "https://tandem.example.org/"
    assert absolute_url("/nordwind/") == "https://tandem.example.org/nordwind/"
    assert absolute_reverse("people:organization_home", org_slug="nordwind") == (
        "https://tandem.example.org/nordwind/"
    )


@pytest.mark.django_db
def test_a_mailed_link_ignores_the_host_the_request_came_in_on(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    # "localhost" is an allowed host too, so the request is served; its links must not follow it.
    assert "localhost" in settings.ALLOWED_HOSTS
    EmployeeFactory(
        organization=world.organization, employee_id="E0777", email="joerg@nordwind.example"
    )
    url = reverse("people:role_list", kwargs={"org_slug": world.organization.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = fresh_client_for(world, "admin").post(
            url, {"employee_id": "E0777", "role": "observer"}, secure=True, HTTP_HOST="localhost"
        )
    assert response.status_code == 302
    assert run_queued() == 1
    (message,) = mail.outbox
    html = message.alternatives[0].content
    for text in (message.body, html):
        assert "https://tandem.example/account/invitation/" in text
        assert "localhost" not in text
