"""The cohort becomes the engine's problem: pool, org chart, earlier pairings, decisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.matching import adapters
from tandem.matching.engine import why_not
from tandem.matching.models import PairDecision
from tandem.matching.tests.helpers import add_person
from tandem.people.tests.factories import EmployeeFactory
from tandem.programs.models import STYLE_QUESTIONS
from tandem.programs.tests.factories import CohortFactory, RegistrationFactory, TandemFactory


def _rules(cohort, mentor, mentee):
    problem = adapters.build_problem(cohort)
    return why_not(problem, mentor.employee.employee_id, mentee.employee.employee_id).rules


@pytest.mark.django_db
def test_admitted_people_come_with_their_answers(world, cohort):
    mentor = cohort.registrations.get(role="mentor")
    mentor.verified = {"ai": 2}
    mentor.capacity = 2
    mentor.style = {key: 4 for key, _label in STYLE_QUESTIONS} | {"direct": 1}
    mentor.languages = ["de", "en"]
    mentor.location = "Hamburg"
    mentor.remote_ok = False
    mentor.save()
    RegistrationFactory(cohort=cohort, role="mentee", status="registered")

    problem = adapters.build_problem(cohort)

    assert [m.id for m in problem.mentors] == ["E0300"]
    assert [m.id for m in problem.mentees] == ["E0100"]  # the registered one is not admitted
    engine_mentor = problem.mentors[0]
    assert engine_mentor.capacity == 2
    assert engine_mentor.verified == {"ai": 2}
    assert engine_mentor.style == (4.0, 4.0, 1.0, 4.0, 4.0, 4.0)
    assert engine_mentor.languages == frozenset({"de", "en"})
    assert (engine_mentor.location, engine_mentor.remote) == ("Hamburg", False)
    assert (engine_mentor.team, engine_mentor.department) == ("IT-2", "IT")
    assert problem.mentees[0].style == ()  # incomplete questionnaire: no style points
    assert problem.objective == cohort.objective


@pytest.mark.django_db
def test_reporting_line_comes_through(world, cohort):
    # Lena leads Mia's team: she is above the mentor in the reporting line.
    lead = RegistrationFactory(
        cohort=cohort, role="mentee", employee=world.mentor_employee.supervisor
    )
    mentor = cohort.registrations.get(role="mentor")
    assert "reporting_line" in _rules(cohort, mentor, lead)
    cohort.rule_reporting_line = False
    cohort.save()
    assert "reporting_line" not in _rules(cohort, mentor, lead)


@pytest.mark.django_db
def test_appraisal_comes_through(world, cohort):
    world.mentor_employee.appraisers.add(world.mentee_employee)
    mentor = cohort.registrations.get(role="mentor")
    mentee = cohort.registrations.get(role="mentee")
    assert _rules(cohort, mentor, mentee) == ("appraisal",)


@pytest.mark.django_db
def test_earlier_pairing_comes_through(world, cohort):
    earlier = CohortFactory(organization=world.organization, state="completed")
    TandemFactory(
        cohort=earlier,
        mentor__employee=world.mentor_employee,
        mentee__employee=world.mentee_employee,
    )
    mentor = cohort.registrations.get(role="mentor")
    mentee = cohort.registrations.get(role="mentee")
    assert adapters.build_problem(cohort).earlier == (("E0300", "E0100"),)
    assert _rules(cohort, mentor, mentee) == ("earlier_pairing",)


@pytest.mark.django_db
def test_pair_decisions_become_fixed_and_excluded(world, cohort):
    mentor = cohort.registrations.get(role="mentor")
    mentee = cohort.registrations.get(role="mentee")
    other = add_person(cohort, "mentee")
    PairDecision.objects.create(
        organization=world.organization, cohort=cohort, mentor=mentor, mentee=mentee, kind="fixed"
    )
    PairDecision.objects.create(
        organization=world.organization, cohort=cohort, mentor=mentor, mentee=other, kind="excluded"
    )
    problem = adapters.build_problem(cohort)
    assert problem.fixed == (("E0300", "E0100"),)
    assert problem.excluded == (("E0300", other.employee.employee_id),)


@pytest.mark.django_db
def test_rematch_takes_only_people_without_a_tandem(world, tandem):
    cohort = tandem.cohort
    free_mentor = add_person(cohort, "mentor", capacity=2)
    free_mentor.taken = 1
    free_mentor.save()
    waiting = add_person(cohort, "mentee")
    problem = adapters.build_problem(cohort, rematch=True)
    assert [m.id for m in problem.mentors] == [free_mentor.employee.employee_id]
    assert problem.mentors[0].capacity == 1  # the remaining seat
    assert [m.id for m in problem.mentees] == [waiting.employee.employee_id]


def _queries_to_build(cohort) -> int:
    with CaptureQueriesContext(connection) as queries:
        adapters.build_problem(cohort)
    return len(queries)


@pytest.mark.django_db
def test_building_the_problem_takes_the_same_queries_for_any_org_size(world, cohort):
    world.mentor_employee.appraisers.add(world.ceo)
    small = _queries_to_build(cohort)
    for _ in range(150):
        person = EmployeeFactory(organization=world.organization, supervisor=world.ceo)
        person.appraisers.add(world.ceo)
    add_person(cohort, "mentor")
    add_person(cohort, "mentee")
    problem = adapters.build_problem(cohort)
    assert len(problem.org.supervisors) > 150
    assert _queries_to_build(cohort) == small


@pytest.mark.django_db
def test_declined_topics_come_through(world, cohort):
    cohort.registrations.filter(role="mentee").update(
        goals={"agile": 3}, declined_topics=["ai", "agile"]
    )
    mentor = cohort.registrations.get(role="mentor")
    mentee = cohort.registrations.get(role="mentee")
    assert adapters.build_problem(cohort).mentees[0].declined == frozenset({"ai"})
    assert _rules(cohort, mentor, mentee) == ("declined_topic",)
