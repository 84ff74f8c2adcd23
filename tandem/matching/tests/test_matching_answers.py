"""Partners answer their tandem; the program team re-matches those who asked for a change."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.core.models import AuditEntry
from tandem.matching import lifecycle, services
from tandem.matching.models import PairDecision
from tandem.matching.tests.helpers import add_person
from tandem.programs.models import Enrollment, Tandem
from tandem.programs.tests.factories import TandemFactory


@pytest.mark.django_db
def test_both_accept(world, tandem):
    tandem = lifecycle.answer_tandem(tandem=tandem, user=world.mentor, answer="accept")
    assert tandem.state == "proposed"
    assert tandem.accepted is None
    tandem = lifecycle.answer_tandem(tandem=tandem, user=world.mentee, answer="accept")
    assert tandem.state == "accepted"
    assert tandem.accepted is not None  # the meeting plan starts then (program health)
    assert (tandem.mentor_answer, tandem.mentee_answer) == ("accept", "accept")


@pytest.mark.django_db
def test_a_change_needs_a_reason(world, tandem):
    with pytest.raises(ValidationError):
        lifecycle.answer_tandem(tandem=tandem, user=world.mentee, answer="change", reason="  ")
    tandem = lifecycle.answer_tandem(
        tandem=tandem, user=world.mentee, answer="change", reason="Wir kennen uns privat."
    )
    assert tandem.state == "change"
    assert tandem.mentee_change_reason == "Wir kennen uns privat."
    entry = AuditEntry.objects.get(action="matching.tandem.answered")
    assert "privat" not in str(entry.changes)  # the partner's words stay out of the log


@pytest.mark.django_db
def test_no_answer_after_the_deadline(world, tandem):
    with (
        time_machine.travel(timezone.now() + timedelta(days=30)),
        pytest.raises(ValidationError, match="abgelaufen"),
    ):
        lifecycle.answer_tandem(tandem=tandem, user=world.mentor, answer="accept")
    tandem.refresh_from_db()
    assert tandem.mentor_answer == ""


@pytest.mark.django_db
def test_rematch_keeps_the_other_tandems(world, tandem):
    cohort = tandem.cohort
    kept = TandemFactory(cohort=cohort)
    spare_mentor = add_person(cohort, "mentor")
    lifecycle.answer_tandem(
        tandem=tandem, user=world.mentee, answer="change", reason="Zu nah an meinem Bereich."
    )

    run = services.rematch(cohort=cohort, actor=world.program_manager)

    tandem.refresh_from_db()
    assert tandem.state == "dissolved"
    assert Enrollment.objects.get(pk=tandem.mentor_id).taken == 0
    assert PairDecision.objects.get(mentor=tandem.mentor, mentee=tandem.mentee).kind == "excluded"
    assert run.rematch
    assert run.status == "done"
    # Only the mentee left without a tandem, and mentors with free seats, take part.
    assert run.problem_size == {"mentors": 2, "mentees": 1}
    (proposal,) = run.result["tandems"]
    assert proposal["mentee"] == "E0100"
    assert proposal["mentor"] == spare_mentor.employee.employee_id  # never the same pair again

    lifecycle.publish_run(run=run, actor=world.program_manager)
    kept.refresh_from_db()
    assert (kept.state, kept.mentor_id, kept.mentee_id) == (
        "proposed",
        kept.mentor.pk,
        kept.mentee.pk,
    )
    active = Tandem.objects.exclude(state="dissolved")
    assert active.count() == 2
    assert set(active.values_list("mentee__employee__employee_id", flat=True)) == {
        "E0100",
        kept.mentee.employee.employee_id,
    }


@pytest.mark.django_db
def test_after_one_accepts_the_pages_say_whose_answer_is_missing(world, tandem) -> None:
    """Both pages said "waiting for both answers" after the mentor had accepted (issue 14)."""
    from django.urls import reverse

    from conftest import client_for

    world.mentor.language = world.program_manager.language = "en"
    world.mentor.save(update_fields=["language"])
    world.program_manager.save(update_fields=["language"])
    lifecycle.answer_tandem(tandem=tandem, user=world.mentor, answer="accept")
    own = reverse("workspace:tandem_detail", args=[world.organization.slug, tandem.public_id])
    team = reverse("matching:answers", args=[world.organization.slug, tandem.cohort.public_id])
    for persona, path in (("mentor", own), ("program_manager", team)):
        page = client_for(world, persona).get(path, secure=True).content.decode()
        assert "waiting for the mentee" in page, persona
        assert "waiting for both answers" not in page, persona
