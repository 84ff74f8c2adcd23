"""Nobody is left wondering: the unmatched, the dissolved and the program team hear (issue 14)."""

import pytest
from django.core import mail

from conftest import World
from tandem.core.tests.mail import run_queued
from tandem.matching import lifecycle, services
from tandem.matching.tests.helpers import add_person
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def test_people_a_published_run_leaves_out_are_told(
    world: World, cohort, django_capture_on_commit_callbacks
) -> None:
    lonely = add_person(cohort, "mentee", language="en")  # the only mentor has one place
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    left = {row["id"] for row in run.result["unmatched"]}
    assert len(left) == 1
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish_run(run=run, actor=world.program_manager)
    run_queued()
    people = {lonely.employee.employee_id: lonely.employee.user.email}
    people[world.mentee_employee.employee_id] = world.mentee.email
    (address,) = [people[employee_id] for employee_id in left]
    told = [m for m in mail.outbox if m.to == [address] and "/tandems/" not in m.body]
    assert len(told) == 1


def test_both_partners_hear_when_their_tandem_is_dissolved_and_the_team_of_the_request(
    world: World, tandem: Tandem, django_capture_on_commit_callbacks
) -> None:
    reason = "SENTINEL-Grund-7d2"
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.answer_tandem(tandem=tandem, user=world.mentee, answer="change", reason=reason)
    run_queued()
    (team_mail,) = mail.outbox
    assert team_mail.to == [world.program_manager.email]
    assert reason not in team_mail.body  # the reason stays on the answers page
    assert "/answers/" in team_mail.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.rematch(cohort=tandem.cohort, actor=world.program_manager)
    run_queued()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.mentor.email, world.mentee.email])
    assert all(reason not in m.body for m in mail.outbox)
