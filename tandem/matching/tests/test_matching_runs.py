"""Matching runs: inline for small pools, in the task worker for large ones; decisions and swaps."""

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from tandem.core.models import AuditEntry
from tandem.matching import services
from tandem.matching.models import PairDecision, RunStatus
from tandem.matching.tasks import run_matching
from tandem.matching.tests.helpers import add_pool


@pytest.mark.django_db
def test_small_pool_is_matched_in_the_request(world, cohort):
    add_pool(cohort, mentors=2, mentees=2)
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.number == 1
    assert run.problem_size == {"mentors": 3, "mentees": 3}
    assert run.result["quality"]["matched_mentees"] == 3
    assert run.result["quality"]["optimal"] is True
    assert run.settings["rules"]["reporting_line"] is True
    assert AuditEntry.objects.filter(action="matching.run.started").count() == 1
    assert services.start_run(cohort=cohort, actor=None).number == 2


@pytest.mark.django_db
def test_large_pool_goes_to_the_worker_after_commit(
    world, cohort, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_MATCHING_INLINE_LIMIT = 3
    add_pool(cohort, mentors=2, mentees=2)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(cohort=cohort, actor=world.program_manager)
    assert run.status == RunStatus.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "tandem.matching.tasks.run_matching"
    assert queued.args_kwargs["args"] == [run.pk]

    run_matching.call(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.result["quality"]["matched_mentees"] == 3

    finished = run.finished
    run_matching.call(run.pk)  # a second delivery of the task changes nothing
    run.refresh_from_db()
    assert run.finished == finished


@pytest.mark.django_db
def test_a_run_that_cannot_be_solved_fails_with_the_reason(world, cohort):
    for field in ("topic", "style", "availability", "cross_department", "location"):
        setattr(cohort, f"weight_{field}", 0)
    cohort.save()
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    assert run.status == RunStatus.FAILED
    assert "weights" in run.error


@pytest.mark.django_db
def test_no_full_run_once_tandems_are_published(world, tandem):
    with pytest.raises(ValidationError):
        services.start_run(cohort=tandem.cohort, actor=world.program_manager)


@pytest.mark.django_db
def test_fixed_pair_is_kept_and_excluded_pair_never_proposed(world, cohort):
    mentee = cohort.registrations.get(role="mentee")
    mentor = add_pool(cohort, mentors=1, mentees=0)[0]
    services.decide_pair(
        cohort=cohort, actor=world.program_manager, mentor=mentor, mentee=mentee, kind="fixed"
    )
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    pairs = {(t["mentor"], t["mentee"]): t for t in run.result["tandems"]}
    assert pairs[(mentor.employee.employee_id, "E0100")]["fixed"] is True

    services.decide_pair(
        cohort=cohort, actor=world.program_manager, mentor=mentor, mentee=mentee, kind="excluded"
    )
    assert PairDecision.objects.get().kind == "excluded"  # the same pair, decided again
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    assert ("E0300", "E0100") in {(t["mentor"], t["mentee"]) for t in run.result["tandems"]}
    assert AuditEntry.objects.filter(action="matching.pair.decided").count() == 2


@pytest.mark.django_db
def test_a_mentee_is_fixed_to_one_mentor_only(world, cohort):
    mentor, mentee = (
        cohort.registrations.get(role="mentor"),
        cohort.registrations.get(role="mentee"),
    )
    other_mentor = add_pool(cohort, mentors=1, mentees=0)[0]
    services.decide_pair(cohort=cohort, actor=None, mentor=mentor, mentee=mentee, kind="fixed")
    with pytest.raises(ValidationError):
        services.decide_pair(
            cohort=cohort, actor=None, mentor=other_mentor, mentee=mentee, kind="fixed"
        )


@pytest.mark.django_db
def test_swap_fixes_both_new_pairs(world, cohort):
    add_pool(cohort, mentors=1, mentees=1)
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    first, second = run.result["tandems"][:2]
    mentees = {e.employee.employee_id: e for e in cohort.registrations.filter(role="mentee")}
    services.swap_partners(
        run=run,
        actor=world.program_manager,
        first=mentees[first["mentee"]],
        second=mentees[second["mentee"]],
    )
    fixed = set(
        PairDecision.objects.filter(kind="fixed").values_list(
            "mentor__employee__employee_id", "mentee__employee__employee_id"
        )
    )
    assert fixed == {(first["mentor"], second["mentee"]), (second["mentor"], first["mentee"])}
    rerun = services.start_run(cohort=cohort, actor=world.program_manager)
    pairs = {(t["mentor"], t["mentee"]) for t in rerun.result["tandems"]}
    assert fixed <= pairs
