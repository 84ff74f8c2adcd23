"""A closed cohort's tandem stays as it is: nothing it does changes it any more (issue 14)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.core.tests.mail import run_queued
from tandem.meetings import services
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Cohort, CohortState, Role, Tandem
from tandem.workspace import journal, plan, reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(tandem: Tandem) -> Tandem:
    """The world's tandem, accepted, with a meeting held last week; then its cohort closed."""
    accept(tandem)
    Meeting.objects.create(
        organization=tandem.organization,
        tandem=tandem,
        start=timezone.now() - timedelta(days=7),
        minutes=45,
        state=MeetingState.HELD,
    )
    Meeting.objects.create(
        organization=tandem.organization,
        tandem=tandem,
        start=timezone.now() + timedelta(hours=20),
        minutes=45,
    )
    Cohort.objects.filter(pk=tandem.cohort_id).update(state=CohortState.COMPLETED)
    return Tandem.objects.select_related("cohort").get(pk=tandem.pk)


def test_no_meeting_can_be_agreed_and_no_invitation_goes_out(world: World, closed: Tandem) -> None:
    url = reverse("workspace:meeting_create", args=[world.organization.slug, closed.public_id])
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0)
    response = client_for(world, "mentor").post(
        url,
        {"start": start.strftime("%Y-%m-%dT%H:%M"), "minutes": 45, "place": "Café"},
        secure=True,
        follow=True,
    )
    assert "Der Durchgang wurde abgeschlossen" in response.content.decode()
    assert Meeting.objects.filter(tandem=closed).count() == 2
    run_queued()
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        services.schedule_meeting(
            tandem=closed,
            actor=world.mentor,
            start=timezone.now() + timedelta(days=3),
            minutes=45,
        )


def test_the_fit_check_and_the_journal_and_the_plan_refuse_changes(
    world: World, closed: Tandem
) -> None:
    held = Meeting.objects.get(tandem=closed, state=MeetingState.HELD)
    with pytest.raises(ValidationError):
        journal.answer_fit_check(
            tandem=closed,
            author=Role.MENTEE,
            fits=False,
        )
    with pytest.raises(ValidationError):
        journal.add_takeaway(meeting=held, author=Role.MENTOR, text="x")
    with pytest.raises(ValidationError):
        plan.add_goal(tandem=closed, topic=None, title="Noch ein Ziel")
    assert not journal.fit_check_due(closed, [held])
    run_queued()
    assert mail.outbox == []  # no "does not fit" alert to the program team


def test_the_start_page_no_longer_offers_the_tandem_as_running(
    world: World, closed: Tandem
) -> None:
    home = reverse("people:organization_home", args=[world.organization.slug])
    page = client_for(world, "mentor").get(home, secure=True).content.decode()
    assert "Noch kein Treffen vereinbart" not in page
    assert "no meeting agreed yet" not in page
    workspace = reverse("workspace:workspace", args=[world.organization.slug, closed.public_id])
    assert reverse(
        "workspace:meeting_create", args=[world.organization.slug, closed.public_id]
    ) not in (client_for(world, "mentor").get(workspace, secure=True).content.decode())


def test_no_reminder_goes_out_for_a_closed_cohorts_meeting(world: World, closed: Tandem) -> None:
    assert reminders.run_pass() == 0
    assert mail.outbox == []


def test_no_page_of_the_tandem_offers_a_change(world: World, closed: Tandem) -> None:
    """The pages say why, in the same words, and post nothing (the header's forms aside)."""
    slug = world.organization.slug
    client = client_for(world, "mentor")
    pages = [
        reverse("workspace:workspace", args=[slug, closed.public_id]),
        reverse("workspace:plan", args=[slug, closed.public_id]),
        *(
            reverse("workspace:meeting_detail", args=[slug, meeting.public_id])
            for meeting in Meeting.objects.filter(tandem=closed)
        ),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        assert "Der Durchgang wurde abgeschlossen" in main, url
        assert 'method="post"' not in main, url
