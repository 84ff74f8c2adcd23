"""Creating, changing, cancelling, inviting the audience, answering and attendance."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import World
from tandem.core.models import AuditEntry
from tandem.events import services
from tandem.events.models import CohortEvent, EventInvitation, EventKind
from tandem.events.tests.conftest import plan
from tandem.programs.models import RegistrationStatus, Role, Tandem
from tandem.programs.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _invited(event: CohortEvent) -> set[str]:
    return {i.registration.role for i in EventInvitation.objects.filter(event=event)}


def test_a_kickoff_is_for_every_admitted_participant(world: World, kickoff: CohortEvent) -> None:
    assert _invited(kickoff) == {Role.MENTOR, Role.MENTEE}
    assert AuditEntry.objects.filter(action="events.event.created").count() == 1
    assert AuditEntry.objects.get(action="events.event.invited").changes["invited"] == [None, 2]


def test_a_mentor_exchange_is_for_the_mentors_only(exchange: CohortEvent) -> None:
    assert _invited(exchange) == {Role.MENTOR}


def test_inviting_again_adds_only_people_admitted_since(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    cohort = tandem.cohort
    later = RegistrationFactory(cohort=cohort, role=Role.MENTEE)
    RegistrationFactory(cohort=cohort, role=Role.MENTOR, status=RegistrationStatus.WAITLISTED)
    assert services.invite(event=kickoff, actor=world.admin) == 1
    assert EventInvitation.objects.filter(event=kickoff, registration_id=later.pk).exists()
    assert services.invite(event=kickoff, actor=world.admin) == 0
    assert EventInvitation.objects.filter(event=kickoff).count() == 3


def test_an_event_needs_a_place_or_a_link(world: World, tandem: Tandem) -> None:
    with pytest.raises(ValidationError):
        plan(world, tandem, place="", online_link="")


def test_a_change_raises_the_sequence_and_nothing_else_does(
    world: World, kickoff: CohortEvent
) -> None:
    same = {
        "title": kickoff.title,
        "start": kickoff.start,
        "minutes": kickoff.minutes,
        "place": kickoff.place,
        "online_link": kickoff.online_link,
        "agenda": kickoff.agenda,
    }
    services.update_event(event=kickoff, actor=world.admin, **same)
    kickoff.refresh_from_db()
    assert kickoff.sequence == 0
    later = kickoff.start + timedelta(hours=1)
    services.update_event(event=kickoff, actor=world.admin, **{**same, "start": later})
    kickoff.refresh_from_db()
    assert (kickoff.sequence, kickoff.start) == (1, later)
    entry = AuditEntry.objects.get(action="events.event.changed")
    assert entry.changes["fields"] == [None, ["start"]]


def test_a_cancelled_event_can_be_neither_changed_nor_cancelled_again(
    world: World, kickoff: CohortEvent
) -> None:
    services.cancel_event(event=kickoff, actor=world.admin)
    kickoff.refresh_from_db()
    assert (kickoff.state, kickoff.sequence) == ("cancelled", 1)
    with pytest.raises(ValidationError):
        services.cancel_event(event=kickoff, actor=world.admin)
    with pytest.raises(ValidationError):
        services.invite(event=kickoff, actor=world.admin)


def test_answers_are_yes_no_or_maybe_before_the_event(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    invitation = EventInvitation.objects.get(event=kickoff, registration=tandem.mentee)
    services.respond(invitation=invitation, actor=world.mentee, response="maybe")
    invitation.refresh_from_db()
    assert invitation.response == "maybe"
    assert invitation.responded_at is not None
    with pytest.raises(ValidationError):
        services.respond(invitation=invitation, actor=world.mentee, response="perhaps")
    started = plan(world, tandem, start=timezone.now() - timedelta(minutes=5))
    services.invite(event=started, actor=world.admin)
    late = EventInvitation.objects.get(event=started, registration=tandem.mentee)
    with pytest.raises(ValidationError, match="begonnen"):
        services.respond(invitation=late, actor=world.mentee, response="yes")


def test_attendance_is_recorded_once_the_event_has_begun(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    invitations = {i.registration_id: i.pk for i in EventInvitation.objects.filter(event=kickoff)}
    marks = {invitations[tandem.mentor_id]: True, invitations[tandem.mentee_id]: False}
    with pytest.raises(ValidationError, match="begonnen"):
        services.record_attendance(event=kickoff, actor=world.admin, attended=marks)

    past = plan(world, tandem, kind=EventKind.WRAPUP, start=timezone.now() - timedelta(days=1))
    services.invite(event=past, actor=world.admin)
    ids = {i.registration_id: i.pk for i in EventInvitation.objects.filter(event=past)}
    marks = {
        ids[tandem.mentor_id]: True,
        ids[tandem.mentee_id]: False,
        invitations[tandem.mentor_id]: True,
    }
    assert services.record_attendance(event=past, actor=world.admin, attended=marks) == 2
    assert dict(
        EventInvitation.objects.filter(event=past).values_list("registration_id", "attended")
    ) == {
        tandem.mentor_id: True,
        tandem.mentee_id: False,
    }
    # Another event's invitation named in the data changes nothing.
    assert EventInvitation.objects.get(pk=invitations[tandem.mentor_id]).attended is None
    assert services.record_attendance(event=past, actor=world.admin, attended=marks) == 0
