"""The events pages: program team and participants, field errors, htmx and its fallback,
mentees never see a mentor exchange, constant query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.events import services
from tandem.events.models import CohortEvent, EventInvitation, EventKind
from tandem.events.tests.conftest import plan
from tandem.meetings.tests.helpers import count_queries
from tandem.programs.models import Role, Tandem
from tandem.programs.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(name: str, world: World, public_id: object = None) -> str:
    kwargs: dict[str, object] = {"org_slug": world.organization.slug}
    if public_id is not None:
        kwargs["public_id"] = public_id
    return reverse(name, kwargs=kwargs)


def _form(day: str, **changes: str) -> dict[str, str]:
    return {
        "kind": "kickoff",
        "title": "",
        "day": day,
        "local_time": "09:00",
        "minutes": "180",
        "place": "Forum, Haus A",
        "online_link": "",
        "agenda": "Begrüßung",
        "invite_now": "on",
        **changes,
    }


def test_the_cohort_page_links_to_its_events(world: World, tandem: Tandem) -> None:
    page = client_for(world, "program_manager").get(
        _url("programs:cohort_detail", world, tandem.cohort.public_id), secure=True
    )
    assert _url("events:cohort_events", world, tandem.cohort.public_id) in page.content.decode()


def test_creating_an_event_invites_its_audience(world: World, tandem: Tandem) -> None:
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    url = _url("events:event_create", world, tandem.cohort.public_id)
    client = client_for(world, "program_manager")
    assert client.get(url, secure=True).status_code == 200
    response = client.post(url, _form(day), secure=True)
    assert response.status_code == 302
    event = CohortEvent.objects.get()
    assert (event.kind, event.minutes, event.sequence) == ("kickoff", 180, 0)
    assert event.invitations.count() == 2


def test_bad_event_input_comes_back_with_field_errors(world: World, tandem: Tandem) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = _form(
        yesterday,
        kind="party",
        local_time="25:99",
        minutes="5000",
        online_link="http://insecure.example",
        title="x" * 151,
    )
    url = _url("events:event_create", world, tandem.cohort.public_id)
    response = client_for(world, "program_manager").post(url, data, secure=True)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"kind", "local_time", "minutes", "online_link", "title"}
    page = response.content.decode()
    assert 'aria-describedby="id_minutes_error"' in page
    past = client_for(world, "program_manager").post(url, _form(yesterday), secure=True)
    assert "day" in past.context["form"].errors
    nothing = client_for(world, "program_manager").post(url, {}, secure=True)
    assert nothing.status_code == 200
    assert not CohortEvent.objects.exists()


def test_an_event_needs_a_place_or_a_link(world: World, tandem: Tandem) -> None:
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    url = _url("events:event_create", world, tandem.cohort.public_id)
    response = client_for(world, "admin").post(url, _form(day, place=""), secure=True)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_changing_an_event_raises_its_sequence(world: World, kickoff: CohortEvent) -> None:
    url = _url("events:event_edit", world, kickoff.public_id)
    client = client_for(world, "program_manager")
    page = client.get(url, secure=True)
    assert page.status_code == 200
    assert "kind" not in page.context["form"].fields
    day = (timezone.localdate() + timedelta(days=12)).isoformat()
    data = {
        "title": "Auftakt",
        "day": day,
        "local_time": "14:00",
        "minutes": "120",
        "place": "Saal",
    }
    assert client.post(url, data, secure=True).status_code == 302
    kickoff.refresh_from_db()
    assert (kickoff.title, kickoff.place, kickoff.sequence) == ("Auftakt", "Saal", 1)


def test_a_cancelled_event_cannot_be_changed(world: World, kickoff: CohortEvent) -> None:
    client = client_for(world, "program_manager")
    cancel = client.post(_url("events:event_cancel", world, kickoff.public_id), secure=True)
    assert cancel.status_code == 302
    assert (
        client.get(_url("events:event_edit", world, kickoff.public_id), secure=True).status_code
        == 404
    )
    again = client.post(
        _url("events:event_cancel", world, kickoff.public_id), secure=True, follow=True
    )
    assert again.status_code == 200
    assert "abgesagt" in again.content.decode()


def test_inviting_again_adds_the_newly_admitted(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    RegistrationFactory(cohort=tandem.cohort, role=Role.MENTOR)
    url = _url("events:event_invite", world, kickoff.public_id)
    response = client_for(world, "program_manager").post(url, secure=True, follow=True)
    assert kickoff.invitations.count() == 3
    assert "1 Person" in response.content.decode()


def test_the_team_sees_answer_counts_and_who_said_yes(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    invitation = EventInvitation.objects.get(event=kickoff, registration=tandem.mentor)
    services.respond(invitation=invitation, actor=world.mentor, response="yes")
    page = client_for(world, "program_manager").get(
        _url("events:cohort_events", world, tandem.cohort.public_id), secure=True
    )
    (event,) = page.context["events"]
    assert (event.invited, event.yes, event.no, event.maybe, event.unanswered) == (2, 1, 0, 0, 1)
    body = page.content.decode()
    assert "Mia Mentorin" in body
    assert "Martin Mentee" not in body


# --- participants ---------------------------------------------------------------------------


def test_a_mentee_never_sees_a_mentor_exchange(
    world: World, tandem: Tandem, kickoff: CohortEvent, exchange: CohortEvent
) -> None:
    # Even an invitation made by mistake does not show the exchange to a mentee.
    EventInvitation.objects.create(
        organization=world.organization, event=exchange, registration=tandem.mentee
    )
    mentee, mentor = client_for(world, "mentee"), client_for(world, "mentor")
    mine = _url("events:my_events", world)
    assert exchange.title not in mentee.get(mine, secure=True).content.decode()
    assert [i.event for i in mentee.get(mine, secure=True).context["upcoming"]] == [kickoff]
    assert {i.event for i in mentor.get(mine, secure=True).context["upcoming"]} == {
        kickoff,
        exchange,
    }
    rsvp = _url("events:rsvp", world, exchange.public_id)
    assert mentee.post(rsvp, {"response": "yes"}, secure=True).status_code == 404
    assert mentor.post(rsvp, {"response": "yes"}, secure=True).status_code == 302


def test_an_answer_with_htmx_swaps_the_form_in_place(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    url = _url("events:rsvp", world, kickoff.public_id)
    response = client_for(world, "mentee").post(
        url, {"response": "maybe"}, secure=True, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="rsvp-{kickoff.public_id}">')
    assert "<html" not in body
    assert 'value="maybe" id="rsvp-' in body
    assert (
        EventInvitation.objects.get(event=kickoff, registration=tandem.mentee).response == "maybe"
    )


def test_an_answer_without_javascript_reloads_the_list(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    url = _url("events:rsvp", world, kickoff.public_id)
    client = client_for(world, "mentor")
    response = client.post(url, {"response": "no"}, secure=True)
    assert response.status_code == 302
    assert response["Location"] == _url("events:my_events", world)
    bad = client.post(url, {"response": "vielleicht"}, secure=True, follow=True)
    assert bad.status_code == 200
    assert EventInvitation.objects.get(event=kickoff, registration=tandem.mentor).response == "no"
    htmx = client.post(url, {}, secure=True, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert 'role="alert"' in htmx.content.decode()


def test_the_start_page_shows_the_next_events(world: World, kickoff: CohortEvent) -> None:
    home = _url("people:organization_home", world)
    page = client_for(world, "mentee").get(home, secure=True).content.decode()
    assert "Auftakt" in page
    assert _url("events:my_events", world) in page


# --- attendance -----------------------------------------------------------------------------


def _past_event(world: World, tandem: Tandem, people: int = 0) -> CohortEvent:
    for _index in range(people):
        RegistrationFactory(cohort=tandem.cohort, role=Role.MENTEE)
    event = plan(world, tandem, kind=EventKind.WRAPUP, start=timezone.now() - timedelta(days=1))
    services.invite(event=event, actor=world.admin)
    return event


def test_attendance_is_recorded_without_javascript(world: World, tandem: Tandem) -> None:
    event = _past_event(world, tandem)
    ids = dict(event.invitations.values_list("registration_id", "pk"))
    url = _url("events:event_attendance", world, event.public_id)
    client = client_for(world, "program_manager")
    assert client.get(url, secure=True).status_code == 200
    data = {f"attended_{ids[tandem.mentor_id]}": "yes", f"attended_{ids[tandem.mentee_id]}": "no"}
    assert client.post(url, data, secure=True).status_code == 302
    assert dict(event.invitations.values_list("registration_id", "attended")) == {
        tandem.mentor_id: True,
        tandem.mentee_id: False,
    }


def test_attendance_with_htmx_sends_back_the_list_only(world: World, tandem: Tandem) -> None:
    event = _past_event(world, tandem)
    ids = dict(event.invitations.values_list("registration_id", "pk"))
    url = _url("events:event_attendance", world, event.public_id)
    data = {
        f"attended_{ids[tandem.mentor_id]}": "yes",
        f"attended_{ids[tandem.mentee_id]}": "maybe",
    }
    client = client_for(world, "program_manager")
    bad = client.post(url, data, secure=True, headers={"HX-Request": "true"})
    assert bad.status_code == 200
    assert f"attended_{ids[tandem.mentee_id]}" in bad.context["form"].errors
    assert not event.invitations.filter(attended__isnull=False).exists()
    data[f"attended_{ids[tandem.mentee_id]}"] = ""
    good = client.post(url, data, secure=True, headers={"HX-Request": "true"})
    body = good.content.decode()
    assert body.lstrip().startswith('<div id="attendance">')
    assert "gespeichert" in body
    assert event.invitations.get(registration=tandem.mentor).attended is True


def test_attendance_waits_for_the_event(world: World, kickoff: CohortEvent) -> None:
    url = _url("events:event_attendance", world, kickoff.public_id)
    page = client_for(world, "program_manager").get(url, secure=True)
    assert page.status_code == 200
    assert "attended_" not in page.content.decode()


# --- query counts ---------------------------------------------------------------------------


def _queries(world: World, persona: str, path: str) -> int:
    return count_queries(client_for(world, persona), path)


def _answer_all(event: CohortEvent) -> None:
    event.invitations.update(response="yes")


def test_the_team_list_runs_a_constant_number_of_queries(world: World, tandem: Tandem) -> None:
    path = _url("events:cohort_events", world, tandem.cohort.public_id)
    _answer_all(_past_event(world, tandem))
    few = _queries(world, "program_manager", path)
    for _index in range(6):
        _answer_all(_past_event(world, tandem, people=2))
    assert _queries(world, "program_manager", path) == few


def test_the_attendance_page_runs_a_constant_number_of_queries(
    world: World, tandem: Tandem
) -> None:
    few_event, many_event = _past_event(world, tandem), _past_event(world, tandem, people=15)
    few = _queries(
        world, "program_manager", _url("events:event_attendance", world, few_event.public_id)
    )
    many = _queries(
        world, "program_manager", _url("events:event_attendance", world, many_event.public_id)
    )
    assert many == few


def test_the_participants_list_runs_a_constant_number_of_queries(
    world: World, tandem: Tandem
) -> None:
    path = _url("events:my_events", world)
    _past_event(world, tandem)
    plan_and_invite = lambda **kw: services.invite(  # noqa: E731
        event=plan(world, tandem, **kw), actor=world.admin
    )
    plan_and_invite()
    few = _queries(world, "mentor", path)
    for days in range(3, 9):
        plan_and_invite(start=timezone.now() + timedelta(days=days))
    plan_and_invite(kind=EventKind.EXCHANGE)
    assert _queries(world, "mentor", path) == few
    home = _url("people:organization_home", world)
    assert _queries(world, "mentor", home) == _queries(world, "mentor", home)
