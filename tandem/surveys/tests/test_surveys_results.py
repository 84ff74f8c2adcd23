"""Results over at least k people, with complementary suppression (PRIV-01, PRIV-02, PRIV-03)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import World, client_for
from tandem.surveys import results
from tandem.surveys.models import Survey
from tandem.surveys.tests.helpers import answer_all, close, midterm, running_cohort

pytestmark = pytest.mark.django_db
SECRET = "SENTINEL-frei-4711"


def page(world: World, survey: Survey, persona: str = "program_manager") -> str:
    path = reverse("surveys:survey_results", args=[world.organization.slug, survey.public_id])
    response = client_for(world, persona).get(path, secure=True)
    assert response.status_code == 200
    return response.content.decode()


def test_fewer_than_five_answers_show_nothing(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=2))
    answer_all(survey, "mentor", rating=2, text=SECRET)
    answer_all(survey, "mentee", rating=2, text=SECRET)
    close(survey)
    html = page(world, survey)
    assert SECRET not in html
    shown = survey_results(survey)
    assert all(g.stat is None for q in shown.questions for g in q.groups)
    assert all(p.answered is None for p in shown.participation)
    assert "Nicht angezeigt" in html


def test_two_small_groups_are_shown_only_together(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=4))
    answer_all(survey, "mentor", rating=2, text=SECRET)
    answer_all(survey, "mentee", rating=4, text=SECRET)
    close(survey)
    shown = survey_results(survey)
    satisfaction = next(q for q in shown.questions if q.info.key == "satisfaction")
    groups = {g.group: g.stat for g in satisfaction.groups}
    assert groups["mentor"] is None
    assert groups["mentee"] is None
    assert groups["all"] is not None
    assert (groups["all"].people, groups["all"].mean) == (8, 3.0)
    # Free text has no "everybody" list: four writers per role stay hidden.
    assert SECRET not in page(world, survey)


def test_a_big_enough_group_is_shown_and_the_total_hides_the_small_one(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=5))
    answer_all(survey, "mentee", rating=2, text=SECRET)
    # Four of five mentors answer: their group stays hidden, and so does "everybody".
    for respondent in survey.respondents.filter(role="mentor")[:1]:
        respondent.delete()
    answer_all(survey, "mentor", rating=5, text="mentor-text")
    close(survey)
    shown = survey_results(survey)
    satisfaction = next(q for q in shown.questions if q.info.key == "satisfaction")
    groups = {g.group: g.stat for g in satisfaction.groups}
    assert groups["mentee"] is not None
    assert groups["mentee"].mean == 2.0
    assert groups["mentor"] is None
    assert groups["all"] is None
    html = page(world, survey)
    assert SECRET in html  # five mentees: their comments are shown …
    assert "mentor-text" not in html  # … four mentors: theirs are not
    # Low ratings point the program team to what to adjust.
    assert any(a.code == "low" and a.group == "mentee" for a in shown.advice)


def test_observers_read_the_results_and_participants_cannot(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    page(world, survey, "observer")
    path = reverse("surveys:survey_results", args=[world.organization.slug, survey.public_id])
    assert client_for(world, "mentee").get(path, secure=True).status_code == 403


def test_growth_per_topic_compares_the_groups_averages_never_pairs() -> None:
    rows = [
        results.Row(response=i, role="mentee", question="competence", topic="ai", number=4)
        for i in range(6)
    ]
    rows += [
        results.Row(response=i, role="mentee", question="competence", topic="agile", number=4)
        for i in range(3)
    ]
    registered = {"ai": [2] * 6, "agile": [3] * 3}
    per_topic, overall = results.growth(rows, registered, {"ai": "KI", "agile": "Agil"}, 5)
    by_topic = {g.topic: g for g in per_topic}
    assert (by_topic["ai"].before, by_topic["ai"].now, by_topic["ai"].change) == (2.0, 4.0, 2.0)
    assert not by_topic["agile"].shown
    assert by_topic["agile"].people == 0
    # "All topics" minus "AI" would give the hidden "agile" away, so it is hidden too.
    assert overall is not None
    assert not overall.shown


def test_all_topics_is_hidden_when_it_would_pool_two_hidden_topics() -> None:
    """Shown beside "AI", the total gave "agile" and "social" away together (issue 14)."""
    labels = {"ai": "KI", "agile": "Agil", "social": "Social"}
    rows = [
        results.Row(response=i, role="mentee", question="competence", topic=topic, number=4)
        for topic, people in (("ai", 6), ("agile", 3), ("social", 3))
        for i in range(people)
    ]
    registered = {"ai": [2] * 6, "agile": [1] * 3, "social": [1] * 3}
    per_topic, overall = results.growth(rows, registered, labels, 5)
    assert [g.topic for g in per_topic if g.shown] == ["ai"]
    assert overall is not None
    assert not overall.shown


def survey_results(survey: Survey) -> results.Results:
    from tandem.surveys.selectors import survey_results as read

    return read(Survey.objects.select_related("organization", "cohort").get(pk=survey.pk))


@pytest.mark.parametrize("view", ["surveys:survey_results", "surveys:cohort_surveys"])
def test_pages_run_a_fixed_number_of_queries(world: World, view: str) -> None:
    def count(tandems: int) -> int:
        survey = midterm(running_cohort(world, tandems=tandems))
        answer_all(survey, "mentor")
        answer_all(survey, "mentee")
        target = survey.cohort.public_id if view == "surveys:cohort_surveys" else survey.public_id
        path = reverse(view, args=[world.organization.slug, target])
        client = client_for(world, "program_manager")
        client.get(path, secure=True)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, secure=True).status_code == 200
        Survey.objects.all().delete()
        return len(queries)

    assert count(2) == count(8)


ROLE_ROWS = st.lists(
    st.tuples(st.sampled_from(["mentor", "mentee"]), st.integers(1, 5), st.booleans()),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(ROLE_ROWS, st.integers(0, 9))
def test_every_shown_cell_stands_for_at_least_k_people(
    rows: list[tuple[str, int, bool]], configured: int
) -> None:
    infos = [
        results.QuestionInfo("satisfaction", "scale", "Q", ("mentee", "mentor")),
        results.QuestionInfo("adjust", "text", "T", ("mentee", "mentor")),
    ]
    stored = []
    for i, (role, rating, writes) in enumerate(rows):
        stored.append(results.Row(response=i, role=role, question="satisfaction", number=rating))
        if writes:
            stored.append(results.Row(response=i, role=role, question="adjust", text=f"t{i}"))
    asked = {"mentor": 12, "mentee": 12}
    answered = {r: sum(1 for row in rows if row[0] == r) for r in asked}
    shown = results.tabulate(
        questions=infos,
        rows=stored,
        asked=asked,
        answered=answered,
        registered={},
        topic_labels={},
        k=configured,
    )
    k = max(5, configured)
    for question in shown.questions:
        visible = {g.group for g in question.groups if g.stat is not None}
        for group in question.groups:
            if group.stat is not None:
                assert group.stat.people >= k
        # Never exactly one role visible next to a visible total: the other would follow.
        assert not ("all" in visible and len(visible & {"mentor", "mentee"}) == 1)
    for row in shown.participation:
        assert row.answered is None or row.answered >= k


# --- PRIV-11: no differencing across time ----------------------------------------------------


def test_an_answer_given_between_two_reads_shows_nothing_new_until_the_survey_closes(
    world: World,
) -> None:
    survey = midterm(running_cohort(world, tandems=6))
    answer_all(survey, "mentee", rating=2, text="first-five", limit=5)
    before = {persona: page(world, survey, persona) for persona in ("program_manager", "observer")}
    answer_all(survey, "mentee", rating=5, text=SECRET, limit=1)
    for persona, first in before.items():
        second = page(world, survey, persona)
        assert SECRET not in second
        assert "first-five" not in second
        # Only the number of answers moved (5 → 6 of 6 mentees).
        assert _without_counts(first) == _without_counts(second)
    shown = survey_results(survey)
    assert not shown.released
    assert shown.questions == ()
    assert shown.growth == ()
    close(survey)
    released = page(world, survey, "observer")
    assert SECRET in released
    assert "first-five" in released


def _without_counts(html: str) -> str:
    import re

    start = html.index('aria-labelledby="participation-heading"')
    end = html.index("</section>", start)
    main = html[html.index("<main") : html.index("</main>")]
    page_main = main.replace(html[start:end], "")
    return re.sub(r"(nonce|value|X-CSRFToken)=\S+", "", page_main)


def test_a_closed_survey_cannot_reopen(world: World) -> None:
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    from tandem.surveys import services

    survey = close(midterm(running_cohort(world, tandems=1)))
    with pytest.raises(ValidationError):
        services.update_survey(
            survey=survey,
            actor=world.program_manager,
            opens=survey.opens,
            closes=survey.closes + timedelta(days=7),
            remind_days=survey.remind_days,
            mentor_template=survey.mentor_template,
            mentee_template=survey.mentee_template,
        )


def test_the_advice_on_meetings_links_the_program_team_to_program_health(world: World) -> None:
    """This branch of the page named a URL that did not exist: a 500 in the demo (issue 14)."""
    survey = midterm(running_cohort(world, tandems=5))
    answer_all(survey, "mentee", choice=1)  # "somewhat less often than agreed"
    close(survey)
    html = page(world, survey)
    health = reverse("reports:health", args=[world.organization.slug, survey.cohort.public_id])
    assert health in html
