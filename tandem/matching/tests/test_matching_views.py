"""Matching pages: what they show, bad input answered with field errors, fixed query counts."""

import pytest
from django.urls import reverse

from conftest import client_for
from tandem.matching import lifecycle, runs, services
from tandem.matching.tests.helpers import add_pool
from tandem.programs.models import Tandem
from tandem.programs.tests.factories import CohortFactory, EnrollmentFactory, TandemFactory


def url(name, **kwargs):
    namespace = "workspace" if name in ("tandem_detail", "tandem_answer") else "matching"
    return reverse(f"{namespace}:{name}", kwargs={"org_slug": "nordwind", **kwargs})


@pytest.fixture
def pm(world):
    """The program manager, who reads Tandem in English."""
    world.program_manager.language = "en"
    world.program_manager.save(update_fields=["language"])
    return client_for(world, "program_manager")


@pytest.mark.django_db
def test_start_a_run_and_read_the_proposals_in_words(world, cohort, pm):
    response = pm.post(url("run_start", cohort_id=cohort.public_id), secure=True)
    run = cohort.matching_runs.get()
    assert response.status_code == 302
    assert response["Location"] == url("run_detail", public_id=run.public_id)
    page = pm.get(response["Location"], secure=True).content.decode()
    assert "Mia Mentorin" in page
    assert "Martin Mentee" in page
    assert "Proven optimal" in page
    assert "learning goals: Topic ai" in page  # the reason, told in words
    listing = pm.get(url("cohort_matching", cohort_id=cohort.public_id), secure=True)
    assert f"{url('run_detail', public_id=run.public_id)}" in listing.content.decode()


@pytest.mark.django_db
def test_queued_run_page_polls_and_refreshes_when_done(world, cohort, pm, settings):
    settings.TANDEM_MATCHING_INLINE_LIMIT = 0
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    page = pm.get(url("run_detail", public_id=run.public_id), secure=True).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "<progress" in page
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "run-progress"}
    partial = pm.get(url("run_detail", public_id=run.public_id), secure=True, **htmx)
    assert partial.content.decode().lstrip().startswith('<div id="run-progress"')
    runs.execute_run(run_id=run.pk)
    done = pm.get(url("run_detail", public_id=run.public_id), secure=True, **htmx)
    assert done["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_why_not_answers_with_the_rule(world, cohort, pm):
    world.mentor_employee.appraisers.add(world.mentee_employee)
    others = add_pool(cohort, mentors=1, mentees=0)
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    mentor = cohort.enrollments.get(employee=world.mentor_employee)
    mentee = cohort.enrollments.get(employee=world.mentee_employee)
    query = {"mentor": mentor.public_id, "mentee": mentee.public_id}
    response = pm.get(
        url("why_not", public_id=run.public_id),
        query,
        secure=True,
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "cannot be a tandem" in text
    assert "involved in the other&#x27;s appraisal" in text
    assert "<html" not in text  # only the fragment
    assert others  # a second mentor keeps the pool matchable


@pytest.mark.django_db
def test_why_not_tells_what_forcing_a_pair_costs(world, cohort, pm):
    add_pool(cohort, mentors=1, mentees=1)
    cohort.enrollments.filter(employee=world.mentor_employee).update(topics={"ai": 5})
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    chosen = {t["mentee"]: t["mentor"] for t in run.result["tandems"]}
    mentee = cohort.enrollments.get(employee=world.mentee_employee)
    other_mentor = cohort.enrollments.filter(role="mentor").exclude(
        employee__employee_id=chosen["E0100"]
    )[0]
    query = {"mentor": other_mentor.public_id, "mentee": mentee.public_id}
    text = pm.get(url("why_not", public_id=run.public_id), query, secure=True).content.decode()
    assert "Forcing this pair changes the total fit by" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"mentor": "not-a-uuid", "mentee": ""},
        {"mentor": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_why_not_with_bad_input_shows_field_errors(world, cohort, pm, query):
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    response = pm.get(url("why_not", public_id=run.public_id), query, secure=True)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()


@pytest.mark.django_db
def test_decision_with_bad_input_shows_field_errors(world, cohort, pm):
    response = pm.post(
        url("decision_add", cohort_id=cohort.public_id),
        {"mentor": "x", "mentee": "", "kind": "maybe"},
        secure=True,
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="errorlist"') == 3


@pytest.mark.django_db
def test_decision_from_the_run_page_runs_again(world, cohort, pm):
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    mentor = cohort.enrollments.get(role="mentor")
    mentee = cohort.enrollments.get(role="mentee")
    response = pm.post(
        url("decision_add", cohort_id=cohort.public_id),
        {
            "mentor": mentor.public_id,
            "mentee": mentee.public_id,
            "kind": "excluded",
            "run": run.public_id,
        },
        secure=True,
    )
    new = cohort.matching_runs.get(number=2)
    assert response["Location"] == url("run_detail", public_id=new.public_id)
    assert new.result["tandems"] == []
    decision = cohort.pair_decisions.get()
    pm.post(url("decision_remove", public_id=decision.public_id), secure=True)
    assert not cohort.pair_decisions.exists()


@pytest.mark.django_db
def test_swap_with_the_same_mentee_twice_is_refused(world, cohort, pm):
    add_pool(cohort, mentors=1, mentees=1)
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    mentee = cohort.enrollments.get(employee=world.mentee_employee)
    response = pm.post(
        url("swap", public_id=run.public_id),
        {"first": mentee.public_id, "second": mentee.public_id},
        secure=True,
    )
    assert response.status_code == 200
    assert "Choose two different mentees." in response.content.decode()


@pytest.mark.django_db
def test_compare_two_runs(world, cohort, pm):
    add_pool(cohort, mentors=1, mentees=1)
    mentor = cohort.enrollments.get(employee=world.mentor_employee)
    mentee = cohort.enrollments.get(employee=world.mentee_employee)
    services.decide_pair(cohort=cohort, actor=None, mentor=mentor, mentee=mentee, kind="fixed")
    first = services.start_run(cohort=cohort, actor=world.program_manager)
    services.decide_pair(cohort=cohort, actor=None, mentor=mentor, mentee=mentee, kind="excluded")
    second = services.start_run(cohort=cohort, actor=world.program_manager)
    response = pm.get(
        url("run_compare", public_id=first.public_id),
        {"other": second.public_id},
        secure=True,
    )
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert ("E0300", "E0100") in {
        (row.mentor.employee.employee_id, row.mentee.employee.employee_id)
        for row in comparison.only_first
    }
    bad = pm.get(url("run_compare", public_id=first.public_id), {"other": "nope"}, secure=True)
    assert bad.status_code == 200
    assert 'class="errorlist"' in bad.content.decode()


@pytest.mark.django_db
def test_publish_from_the_page_and_see_the_answers(world, cohort, pm, mailoutbox):
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    # The button asks first: what publishing does, whom it mails (issue 14).
    asked = pm.post(url("run_publish", public_id=run.public_id), secure=True)
    assert asked.status_code == 200
    assert 'name="confirm" value="yes"' in asked.content.decode()
    assert Tandem.objects.count() == 0
    assert mailoutbox == []
    confirm = {"confirm": "yes"}
    response = pm.post(url("run_publish", public_id=run.public_id), confirm, secure=True)
    assert response["Location"] == url("answers", cohort_id=cohort.public_id)
    assert Tandem.objects.count() == 1
    again = pm.post(url("run_publish", public_id=run.public_id), confirm, secure=True, follow=True)
    assert again.status_code == 200
    assert Tandem.objects.count() == 1


@pytest.mark.django_db
def test_partner_answers_on_the_tandem_page(world, tandem):
    mentee = client_for(world, "mentee")
    page = mentee.get(url("tandem_detail", public_id=tandem.public_id), secure=True)
    assert "Mia Mentorin" in page.content.decode()
    missing_reason = mentee.post(
        url("tandem_answer", public_id=tandem.public_id), {"answer": "change"}, secure=True
    )
    assert missing_reason.status_code == 200
    assert 'id="id_reason_error"' in missing_reason.content.decode()
    bad = mentee.post(
        url("tandem_answer", public_id=tandem.public_id), {"answer": "x"}, secure=True
    )
    assert bad.status_code == 200
    mentee.post(
        url("tandem_answer", public_id=tandem.public_id),
        {"answer": "change", "reason": "Wir arbeiten schon zusammen."},
        secure=True,
    )
    answers = client_for(world, "program_manager").get(
        url("answers", cohort_id=tandem.cohort.public_id), secure=True
    )
    assert "Wir arbeiten schon zusammen." in answers.content.decode()


@pytest.mark.django_db
def test_the_start_page_links_to_the_own_tandem(world, tandem):
    page = client_for(world, "mentor").get("/nordwind/", secure=True).content.decode()
    assert url("tandem_detail", public_id=tandem.public_id) in page
    other = client_for(world, "program_manager").get("/nordwind/", secure=True).content.decode()
    assert url("tandem_detail", public_id=tandem.public_id) not in other


def _queries(client, path, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(path, secure=True).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_run_page_queries_do_not_grow_with_the_pool(
    world, cohort, pm, django_assert_max_num_queries
):
    small = services.start_run(cohort=cohort, actor=world.program_manager)
    add_pool(cohort, mentors=25, mentees=30)
    large = services.start_run(cohort=cohort, actor=world.program_manager)
    few = _queries(
        pm, url("run_detail", public_id=small.public_id), django_assert_max_num_queries, 15
    )
    many = _queries(
        pm, url("run_detail", public_id=large.public_id), django_assert_max_num_queries, 15
    )
    assert few == many


@pytest.mark.django_db
def test_answers_page_queries_do_not_grow_with_the_tandems(
    world, tandem, pm, django_assert_max_num_queries
):
    path = url("answers", cohort_id=tandem.cohort.public_id)
    few = _queries(pm, path, django_assert_max_num_queries, 12)
    for _ in range(20):
        TandemFactory(cohort=tandem.cohort)
    many = _queries(pm, path, django_assert_max_num_queries, 12)
    assert few == many


@pytest.mark.django_db
def test_decision_naming_a_run_of_another_cohort_is_not_found(world, cohort, pm):

    other = CohortFactory(organization=world.organization)
    EnrollmentFactory(cohort=other, role="mentor")
    EnrollmentFactory(cohort=other, role="mentee")
    foreign_run = services.start_run(cohort=other, actor=world.program_manager)
    mentor = cohort.enrollments.get(role="mentor")
    mentee = cohort.enrollments.get(role="mentee")
    response = pm.post(
        url("decision_add", cohort_id=cohort.public_id),
        {
            "mentor": mentor.public_id,
            "mentee": mentee.public_id,
            "kind": "excluded",
            "run": foreign_run.public_id,
        },
        secure=True,
    )
    assert response.status_code == 404
    assert not cohort.pair_decisions.exists()


@pytest.mark.django_db
def test_a_rematch_asks_first_and_names_the_tandems_it_dissolves(world, tandem, pm) -> None:
    lifecycle.answer_tandem(
        tandem=tandem, user=world.mentee, answer="change", reason="Wir kennen uns privat."
    )
    path = url("rematch", cohort_id=tandem.cohort.public_id)
    asked = pm.post(path, secure=True)
    assert asked.status_code == 200
    assert "Mia Mentorin" in asked.content.decode()
    assert Tandem.objects.get(pk=tandem.pk).state == "change"
    done = pm.post(path, {"confirm": "yes"}, secure=True)
    assert done.status_code == 302
    assert Tandem.objects.get(pk=tandem.pk).state == "dissolved"


@pytest.mark.django_db
def test_always_pairing_across_a_reporting_line_asks_first(world, cohort, pm) -> None:
    """A fixed pair that breaks a hard rule took no warning and published in one click."""
    from tandem.matching.models import PairDecision
    from tandem.people.models import Employee
    from tandem.programs.tests.factories import EnrollmentFactory

    ceo = Employee.objects.get(pk=world.ceo.pk)
    boss = EnrollmentFactory(cohort=cohort, employee=ceo, role="mentee")
    mentor = cohort.enrollments.get(role="mentor")
    form = {
        "mentor": str(mentor.public_id),
        "mentee": str(boss.public_id),
        "kind": "fixed",
    }
    path = url("decision_add", cohort_id=cohort.public_id)
    refused = pm.post(path, form, secure=True)
    assert refused.status_code == 200
    assert 'name="despite_rules"' in refused.content.decode()
    assert not PairDecision.objects.exists()
    accepted = pm.post(path, {**form, "despite_rules": "on"}, secure=True)
    assert accepted.status_code == 302
    assert PairDecision.objects.get().kind == "fixed"
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    warning = pm.post(url("run_publish", public_id=run.public_id), secure=True)
    assert "Carla Chefin" in warning.content.decode()
