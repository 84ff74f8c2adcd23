"""A meeting's record: shared takeaways; a private note and feedback for their author alone."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Role, Tandem, TandemState
from tandem.workspace import journal
from tandem.workspace.models import Feedback, PrivateNote, Takeaway

pytestmark = pytest.mark.django_db


def _meeting(world: World, tandem: Tandem, days: int = -3, **fields: object) -> Meeting:
    return Meeting.objects.create(
        organization=world.organization,
        tandem=tandem,
        start=timezone.now() + timedelta(days=days),
        place="Café am Hafen",
        **fields,
    )


@pytest.fixture
def held(world: World, tandem: Tandem) -> Meeting:
    accept(tandem)
    return _meeting(world, tandem, state=MeetingState.HELD)


def _url(name: str, world: World, public_id: object) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, "public_id": public_id})


def _takeaway(meeting: Meeting, author: str, text: str) -> Takeaway:
    return Takeaway.objects.create(
        organization_id=meeting.organization_id, meeting=meeting, author=author, text=text
    )


# --- who may open what ---------------------------------------------------------------------


def test_only_the_partners_open_a_meetings_record(world: World, held: Meeting) -> None:
    url = _url("workspace:meeting_detail", world, held.public_id)
    for persona in ("admin", "program_manager", "observer", "outsider", "other_admin"):
        assert client_for(world, persona).get(url, secure=True).status_code == 404, persona
    assert client_for(world, "anonymous").get(url, secure=True).status_code == 302
    for persona in ("mentor", "mentee"):
        assert client_for(world, persona).get(url, secure=True).status_code == 200


def test_a_partner_reads_both_takeaways_but_only_their_own_note_and_feedback(
    world: World, held: Meeting
) -> None:
    _takeaway(held, "mentor", "Prompts kurz halten")
    _takeaway(held, "mentee", "Ausprobieren statt lesen")
    for author, text in (("mentor", "Notiz der Mentorin"), ("mentee", "Notiz des Mentees")):
        PrivateNote.objects.create(
            organization=world.organization, meeting=held, author=author, text=text
        )
    for author, comment in (("mentor", "Kommentar Mia"), ("mentee", "Kommentar Martin")):
        Feedback.objects.create(
            organization=world.organization, meeting=held, author=author, rating=4, comment=comment
        )
    page = client_for(world, "mentee").get(
        _url("workspace:meeting_detail", world, held.public_id), secure=True
    )
    body = page.content.decode()
    assert "Prompts kurz halten" in body
    assert "Ausprobieren statt lesen" in body
    assert "Notiz des Mentees" in body
    assert "Kommentar Martin" in body
    assert "Notiz der Mentorin" not in body
    assert "Kommentar Mia" not in body
    # Each takeaway says who wrote it: "you" or the partner's first name.
    takeaways = page.context["record"].takeaways
    assert [t.author for t in takeaways] == ["mentor", "mentee"]
    assert "Mia" in body
    assert "Sie" in body
    assert "Nur Sie können das lesen." in body


def test_the_partner_cannot_edit_or_delete_a_takeaway_they_did_not_write(
    world: World, held: Meeting
) -> None:
    takeaway = _takeaway(held, "mentor", "Von Mia")
    mentee = client_for(world, "mentee")
    assert (
        mentee.get(
            _url("workspace:takeaway_edit", world, takeaway.public_id), secure=True
        ).status_code
        == 404
    )
    delete = _url("workspace:takeaway_delete", world, takeaway.public_id)
    assert mentee.post(delete, secure=True).status_code == 404
    edit = _url("workspace:takeaway_edit", world, takeaway.public_id)
    assert mentee.post(edit, {"text": "Übernommen"}, secure=True).status_code == 404
    takeaway.refresh_from_db()
    assert takeaway.text == "Von Mia"


def test_a_meeting_of_another_organisation_is_not_found(world: World, held: Meeting) -> None:
    url = reverse(
        "workspace:meeting_detail",
        kwargs={"org_slug": world.other_organization.slug, "public_id": held.public_id},
    )
    assert client_for(world, "mentor").get(url, secure=True).status_code == 404


# --- writing ----------------------------------------------------------------------------


def test_a_partner_adds_edits_and_deletes_their_takeaway(world: World, held: Meeting) -> None:
    mentor = client_for(world, "mentor")
    add = _url("workspace:takeaway_add", world, held.public_id)
    response = mentor.post(add, {"takeaway-text": "  KI-Werkzeuge im Alltag  "}, secure=True)
    assert response.status_code == 302
    assert response["Location"] == _url("workspace:meeting_detail", world, held.public_id)
    takeaway = Takeaway.objects.get()
    assert (takeaway.author, takeaway.text) == ("mentor", "KI-Werkzeuge im Alltag")

    edit = _url("workspace:takeaway_edit", world, takeaway.public_id)
    assert mentor.get(edit, secure=True).status_code == 200
    assert mentor.post(edit, {"text": "Neu formuliert"}, secure=True).status_code == 302
    takeaway.refresh_from_db()
    assert takeaway.text == "Neu formuliert"

    delete = _url("workspace:takeaway_delete", world, takeaway.public_id)
    assert mentor.post(delete, secure=True).status_code == 302
    assert not Takeaway.objects.exists()


def test_a_note_is_saved_replaced_and_deleted_when_emptied(world: World, held: Meeting) -> None:
    mentee = client_for(world, "mentee")
    url = _url("workspace:note_save", world, held.public_id)
    assert mentee.post(url, {"note-text": "Erster Gedanke"}, secure=True).status_code == 302
    assert mentee.post(url, {"note-text": "Zweiter Gedanke"}, secure=True).status_code == 302
    note = PrivateNote.objects.get()
    assert (note.author, note.text) == ("mentee", "Zweiter Gedanke")
    assert mentee.post(url, {"note-text": ""}, secure=True).status_code == 302
    assert not PrivateNote.objects.exists()


def test_feedback_is_given_once_per_partner_and_can_be_changed(world: World, held: Meeting) -> None:
    url = _url("workspace:feedback_save", world, held.public_id)
    data = {"feedback-rating": "4", "feedback-comment": "Gut vorbereitet"}
    assert client_for(world, "mentor").post(url, data, secure=True).status_code == 302
    data = {"feedback-rating": "5", "feedback-comment": ""}
    assert client_for(world, "mentor").post(url, data, secure=True).status_code == 302
    assert client_for(world, "mentee").post(url, data, secure=True).status_code == 302
    assert sorted(Feedback.objects.values_list("author", "rating", "comment")) == [
        ("mentee", 5, ""),
        ("mentor", 5, ""),
    ]


def test_mark_held_from_the_record_page_comes_back_to_it(world: World, tandem: Tandem) -> None:
    accept(tandem)
    meeting = _meeting(world, tandem, days=-1)
    page = client_for(world, "mentor").get(
        _url("workspace:meeting_detail", world, meeting.public_id), secure=True
    )
    assert "Als stattgefunden markieren" in page.content.decode()
    response = client_for(world, "mentor").post(
        _url("workspace:meeting_held", world, meeting.public_id), {"back": "record"}, secure=True
    )
    assert response["Location"] == _url("workspace:meeting_detail", world, meeting.public_id)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD


# --- bad input: field errors, never a 500 -------------------------------------------------


def test_an_empty_or_overlong_takeaway_gets_a_field_error(world: World, held: Meeting) -> None:
    url = _url("workspace:takeaway_add", world, held.public_id)
    for text in ("", "   ", "x" * 2001):
        response = client_for(world, "mentor").post(url, {"takeaway-text": text}, secure=True)
        assert response.status_code == 200
        assert set(response.context["takeaway_form"].errors) == {"text"}
    assert not Takeaway.objects.exists()


@pytest.mark.parametrize("rating", ["0", "6", "-1", "drei", "", "4.5"])
def test_a_rating_out_of_range_gets_a_field_error(world: World, held: Meeting, rating: str) -> None:
    url = _url("workspace:feedback_save", world, held.public_id)
    response = client_for(world, "mentee").post(url, {"feedback-rating": rating}, secure=True)
    assert response.status_code == 200
    assert set(response.context["feedback_form"].errors) == {"rating"}
    assert not Feedback.objects.exists()


def test_overlong_note_and_comment_get_field_errors(world: World, held: Meeting) -> None:
    mentor = client_for(world, "mentor")
    note = mentor.post(
        _url("workspace:note_save", world, held.public_id), {"note-text": "x" * 5001}, secure=True
    )
    assert set(note.context["note_form"].errors) == {"text"}
    data = {"feedback-rating": "3", "feedback-comment": "x" * 1001}
    feedback = mentor.post(
        _url("workspace:feedback_save", world, held.public_id), data, secure=True
    )
    assert set(feedback.context["feedback_form"].errors) == {"comment"}
    assert not PrivateNote.objects.exists()
    assert not Feedback.objects.exists()


def test_an_extra_field_cannot_set_the_author(world: World, held: Meeting) -> None:
    url = _url("workspace:takeaway_add", world, held.public_id)
    data = {"takeaway-text": "Meins", "takeaway-author": "mentor", "author": "mentor"}
    client_for(world, "mentee").post(url, data, secure=True)
    assert Takeaway.objects.get().author == "mentee"


@pytest.mark.parametrize("state", [MeetingState.PLANNED, MeetingState.CANCELLED])
def test_nothing_is_recorded_for_a_meeting_ahead_or_cancelled(
    world: World, tandem: Tandem, state: str
) -> None:
    accept(tandem)
    meeting = _meeting(world, tandem, days=2 if state == MeetingState.PLANNED else -2, state=state)
    mentor = client_for(world, "mentor")
    page = mentor.get(_url("workspace:meeting_detail", world, meeting.public_id), secure=True)
    assert 'name="takeaway-text"' not in page.content.decode()
    response = mentor.post(
        _url("workspace:takeaway_add", world, meeting.public_id),
        {"takeaway-text": "Zu früh"},
        secure=True,
    )
    assert response.status_code == 200
    assert response.context["takeaway_form"].non_field_errors()
    response = mentor.post(
        _url("workspace:feedback_save", world, meeting.public_id),
        {"feedback-rating": "3"},
        secure=True,
    )
    assert response.context["feedback_form"].non_field_errors()
    assert not Takeaway.objects.exists()
    assert not Feedback.objects.exists()


def test_a_meeting_whose_time_has_passed_can_be_recorded_without_marking_it_held(
    world: World, tandem: Tandem
) -> None:
    accept(tandem)
    meeting = _meeting(world, tandem, days=-1)
    url = _url("workspace:takeaway_add", world, meeting.public_id)
    assert (
        client_for(world, "mentee").post(url, {"takeaway-text": "Ja"}, secure=True).status_code
        == 302
    )


def test_an_ended_tandems_record_is_read_only(world: World, held: Meeting, tandem: Tandem) -> None:
    takeaway = _takeaway(held, "mentor", "Bleibt lesbar")
    Tandem.objects.filter(pk=tandem.pk).update(state=TandemState.DISSOLVED)
    mentor = client_for(world, "mentor")
    page = mentor.get(_url("workspace:meeting_detail", world, held.public_id), secure=True)
    body = page.content.decode()
    assert "Bleibt lesbar" in body
    assert 'name="takeaway-text"' not in body
    response = mentor.post(
        _url("workspace:takeaway_delete", world, takeaway.public_id), secure=True
    )
    assert response.status_code == 302
    assert Takeaway.objects.filter(pk=takeaway.pk).exists()
    response = mentor.post(
        _url("workspace:takeaway_add", world, held.public_id), {"takeaway-text": "x"}, secure=True
    )
    assert response.context["takeaway_form"].non_field_errors()


# --- no audit trail of a tandem's writing (PRIV-04, ADR 0009) --------------------------------


def test_writing_after_a_meeting_leaves_no_audit_trail(world: World, held: Meeting) -> None:
    takeaway = journal.add_takeaway(meeting=held, author=Role.MENTOR, text="GEHEIM-1")
    journal.edit_takeaway(takeaway=takeaway, text="GEHEIM-2")
    journal.save_note(meeting=held, author=Role.MENTEE, text="GEHEIM-3")
    journal.save_feedback(meeting=held, author=Role.MENTEE, rating=2, comment="GEHEIM-4")
    journal.delete_takeaway(takeaway=takeaway)
    assert Feedback.objects.filter(meeting=held, rating=2).exists()
    assert not AuditEntry.objects.filter(action__startswith="meetings.").exists()


# --- the workspace rows and query counts ---------------------------------------------------


def test_the_workspace_links_each_meeting_and_says_what_is_missing(
    world: World, held: Meeting, tandem: Tandem
) -> None:
    done = _meeting(world, tandem, days=-10, state=MeetingState.HELD)
    _takeaway(done, "mentee", "Schon notiert")
    Feedback.objects.create(
        organization=world.organization, meeting=done, author="mentor", rating=5
    )
    ahead = _meeting(world, tandem, days=5)
    page = client_for(world, "mentor").get(
        _url("workspace:workspace", world, tandem.public_id), secure=True
    )
    body = page.content.decode()
    for meeting in (held, done, ahead):
        assert _url("workspace:meeting_detail", world, meeting.public_id) in body
    # Only the held meeting without anything misses both; the mentor gave feedback on ``done``.
    assert body.count("Erkenntnisse fehlen") == 1
    assert body.count("Feedback fehlt") == 1
    # The mentee has not given feedback on either.
    page = client_for(world, "mentee").get(
        _url("workspace:workspace", world, tandem.public_id), secure=True
    )
    assert page.content.decode().count("Feedback fehlt") == 2


def _record_queries(world: World, meeting: Meeting) -> int:
    client = client_for(world, "mentor")
    url = _url("workspace:meeting_detail", world, meeting.public_id)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, secure=True).status_code == 200
    return len(queries)


def test_the_record_page_queries_do_not_grow_with_takeaways(world: World, held: Meeting) -> None:
    _takeaway(held, "mentor", "Eins")
    few = _record_queries(world, held)
    for number in range(12):
        _takeaway(held, "mentee" if number % 2 else "mentor", f"Erkenntnis {number}")
    PrivateNote.objects.create(
        organization=world.organization, meeting=held, author="mentor", text="n"
    )
    Feedback.objects.create(
        organization=world.organization, meeting=held, author="mentor", rating=3
    )
    assert _record_queries(world, held) == few
