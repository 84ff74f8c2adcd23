"""Lessons learned: the program team records them, observers read them, a copy shows them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.programs import lessons, selectors
from tandem.programs.models import Cohort, CohortState, Lesson, LessonTopic
from tandem.programs.tests.factories import CohortFactory, LessonFactory


def url(world: World, name: str, public_id: object) -> str:
    return reverse(
        f"programs:{name}", kwargs={"org_slug": world.organization.slug, "public_id": public_id}
    )


def lessons_url(world: World, cohort: Cohort) -> str:
    return url(world, "cohort_lessons", cohort.public_id)


# Pure: grouping and when the page asks for lessons -----------------------------------------


def test_lessons_are_grouped_by_topic_in_the_order_of_a_cohort() -> None:
    late = Lesson(topic=LessonTopic.EVALUATION, text="Mid-term survey earlier")
    early = Lesson(topic=LessonTopic.RECRUITING, text="Invite by department")
    other = Lesson(topic=LessonTopic.RECRUITING, text="Intranet article helps")
    groups = selectors.lessons_by_topic([late, early, other])
    assert [group.topic for group in groups] == ["recruiting", "evaluation"]
    assert groups[0].lessons == [early, other]


@pytest.mark.parametrize(
    ("state", "days_after_midterm", "due"),
    [
        (CohortState.REGISTRATION, 10, False),
        (CohortState.RUNNING, -1, False),
        (CohortState.RUNNING, 0, True),
        (CohortState.COMPLETED, -100, True),
    ],
)
def test_lessons_are_due_past_midterm_or_once_completed(
    state: CohortState, days_after_midterm: int, due: bool
) -> None:
    midterm = timezone.localdate()
    cohort = Cohort(state=state, midterm=midterm)
    assert selectors.lessons_due(cohort, midterm + timedelta(days=days_after_midterm)) is due


# Services ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_adding_a_lesson_is_audited_without_its_text(world: World, cohort: Cohort) -> None:
    lesson = lessons.add_lesson(
        cohort=cohort, actor=world.program_manager, topic="matching", text="  Review earlier.  "
    )
    assert (lesson.text, lesson.author, lesson.organization) == (
        "Review earlier.",
        world.program_manager,
        world.organization,
    )
    entry = AuditEntry.objects.get(action="programs.lesson.added")
    assert entry.object_id == str(lesson.public_id)
    assert entry.changes == {"cohort": [None, str(cohort.public_id)], "topic": [None, "matching"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("topic", "text", "code"),
    [("matching", "   ", "empty"), ("matching", "x" * 1001, "too_long"), ("food", "ok", "topic")],
)
def test_a_lesson_needs_a_topic_and_a_short_text(
    world: World, cohort: Cohort, topic: str, text: str, code: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        lessons.add_lesson(cohort=cohort, actor=world.admin, topic=topic, text=text)
    assert raised.value.code == code
    assert not Lesson.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_updating_a_lesson_logs_its_topic_and_masks_its_text(world: World, cohort: Cohort) -> None:
    lesson = LessonFactory.create(cohort=cohort, topic="matching", text="Old words")
    lessons.update_lesson(lesson=lesson, actor=world.admin, topic="events", text="New words")
    lesson.refresh_from_db()
    assert (lesson.topic, lesson.text) == ("events", "New words")
    entry = AuditEntry.objects.get(action="programs.lesson.updated")
    assert entry.changes == {"topic": ["matching", "events"], "text": ["•••", "•••"]}
    lessons.update_lesson(lesson=lesson, actor=world.admin, topic="events", text="New words")
    assert AuditEntry.objects.filter(action="programs.lesson.updated").count() == 1


@pytest.mark.django_db
def test_a_lesson_removed_in_the_meantime_is_not_saved_nor_removed_twice(
    world: World, cohort: Cohort
) -> None:
    lesson = LessonFactory.create(cohort=cohort)
    stale = Lesson.objects.get(pk=lesson.pk)  # as a second request read it
    lessons.remove_lesson(lesson=lesson, actor=world.admin)
    lessons.remove_lesson(lesson=stale, actor=world.admin)
    assert AuditEntry.objects.filter(action="programs.lesson.removed").count() == 1
    with pytest.raises(ValidationError) as refused:
        lessons.update_lesson(lesson=stale, actor=world.admin, topic="events", text="New words")
    assert refused.value.code == "removed"
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_lessons_of_reads_a_cohorts_lessons_in_one_query(
    world: World, cohort: Cohort, django_assert_num_queries
) -> None:
    first = LessonFactory.create(cohort=cohort, author=world.program_manager)
    second = LessonFactory.create(cohort=cohort, author=world.admin)
    LessonFactory.create(cohort=CohortFactory(organization=world.organization))
    with django_assert_num_queries(1):
        found = selectors.lessons_of(cohort)
        authors = [lesson.author for lesson in found]
    assert found == [first, second]
    assert authors == [world.program_manager, world.admin]


# The page ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_program_manager_records_a_lesson_shown_under_its_topic(
    world: World, cohort: Cohort
) -> None:
    client = client_for(world, "program_manager")
    response = client.post(
        lessons_url(world, cohort),
        {"topic": "recruiting", "text": "Start the intranet article two weeks earlier."},
        secure=True,
    )
    assert response.status_code == 302
    page = client.get(lessons_url(world, cohort), secure=True)
    (group,) = page.context["groups"]
    assert group.topic == "recruiting"
    assert "Start the intranet article two weeks earlier." in page.content.decode()
    assert AuditEntry.objects.filter(action="programs.lesson.added").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "x" * 1001])
def test_an_empty_or_too_long_lesson_comes_back_with_a_field_error(
    world: World, cohort: Cohort, text: str
) -> None:
    response = client_for(world, "program_manager").post(
        lessons_url(world, cohort), {"topic": "matching", "text": text}, secure=True
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert 'class="errorlist"' in response.content.decode()
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_observer_reads_the_lessons_without_a_form(world: World, cohort: Cohort) -> None:
    LessonFactory.create(cohort=cohort, text="Plan the kick-off with the works council.")
    response = client_for(world, "observer").get(lessons_url(world, cohort), secure=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Plan the kick-off with the works council." in body
    assert response.context["form"] is None
    assert 'name="text"' not in body
    assert "/edit/" not in body


@pytest.mark.django_db
def test_observer_cannot_add_a_lesson(world: World, cohort: Cohort) -> None:
    response = client_for(world, "observer").post(
        lessons_url(world, cohort), {"topic": "matching", "text": "Mine"}, secure=True
    )
    assert response.status_code == 403
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_program_manager_edits_a_lesson(world: World, cohort: Cohort) -> None:
    lesson = LessonFactory.create(cohort=cohort, topic="matching", text="Old")
    client = client_for(world, "program_manager")
    form = client.get(url(world, "lesson_edit", lesson.public_id), secure=True)
    assert form.context["form"].initial == {"topic": "matching", "text": "Old"}
    response = client.post(
        url(world, "lesson_edit", lesson.public_id), {"topic": "other", "text": "New"}, secure=True
    )
    assert response.status_code == 302
    assert response["Location"] == lessons_url(world, cohort)
    lesson.refresh_from_db()
    assert (lesson.topic, lesson.text) == ("other", "New")


@pytest.mark.django_db
def test_an_emptied_lesson_is_refused_at_the_field(world: World, cohort: Cohort) -> None:
    lesson = LessonFactory.create(cohort=cohort, text="Keep me")
    response = client_for(world, "program_manager").post(
        url(world, "lesson_edit", lesson.public_id), {"topic": "matching", "text": ""}, secure=True
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    lesson.refresh_from_db()
    assert lesson.text == "Keep me"


@pytest.mark.django_db
def test_program_manager_removes_a_lesson_and_the_log_keeps_that_it_existed(
    world: World, cohort: Cohort
) -> None:
    lesson = LessonFactory.create(cohort=cohort, topic="events")
    response = client_for(world, "program_manager").post(
        url(world, "lesson_remove", lesson.public_id), secure=True
    )
    assert response.status_code == 302
    assert not Lesson.objects.exists()
    entry = AuditEntry.objects.get(action="programs.lesson.removed")
    assert entry.object_id == str(lesson.public_id)


@pytest.mark.django_db
def test_another_organisations_lesson_is_not_found(world: World) -> None:
    foreign = LessonFactory.create(cohort=CohortFactory(organization=world.other_organization))
    response = client_for(world, "admin").get(
        url(world, "lesson_edit", foreign.public_id), secure=True
    )
    assert response.status_code == 404


def page_queries(world: World, cohort: Cohort) -> int:
    client = client_for(world, "program_manager")
    client.get(lessons_url(world, cohort), secure=True)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(lessons_url(world, cohort), secure=True).status_code == 200
    return len(captured)


def add_lessons(world: World, cohort: Cohort, count: int) -> None:
    for number in range(count):
        topic = LessonTopic.values[number % len(LessonTopic.values)]
        LessonFactory.create(cohort=cohort, topic=topic, author=world.program_manager)


@pytest.mark.django_db
def test_lessons_page_runs_as_many_queries_for_20_lessons_as_for_2(
    world: World, cohort: Cohort
) -> None:
    add_lessons(world, cohort, 2)
    few = page_queries(world, cohort)
    add_lessons(world, cohort, 18)
    assert page_queries(world, cohort) == few


# Copying a cohort ----------------------------------------------------------------------------


def completed(world: World) -> Cohort:
    today = timezone.localdate()
    return CohortFactory(
        organization=world.organization,
        name="Jahrgang 2025",
        state=CohortState.COMPLETED,
        registration_opens=today - timedelta(days=300),
        registration_closes=today - timedelta(days=280),
        matching_until=today - timedelta(days=270),
        kickoff=today - timedelta(days=260),
        midterm=today - timedelta(days=180),
        wrapup=today - timedelta(days=100),
    )


@pytest.mark.django_db
def test_copy_page_shows_the_source_lessons_by_topic(world: World) -> None:
    source = completed(world)
    LessonFactory.create(cohort=source, topic="evaluation", text="Send the survey on a Tuesday.")
    LessonFactory.create(cohort=source, topic="recruiting", text="Ask the board to invite mentees.")
    response = client_for(world, "program_manager").get(
        url(world, "cohort_copy", source.public_id), secure=True
    )
    body = response.content.decode()
    assert [group.topic for group in response.context["lessons"]] == ["recruiting", "evaluation"]
    assert "Erkenntnisse aus Jahrgang 2025" in body
    assert (
        body.index("Ask the board")
        < body.index("Send the survey")
        < body.index('<form method="post" novalidate>')
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "shown"),
    [
        (CohortState.PLANNING, True),
        (CohortState.REGISTRATION, True),
        (CohortState.MATCHING, False),
        (CohortState.RUNNING, False),
    ],
)
def test_a_copied_cohort_shows_its_source_lessons_while_it_is_prepared(
    world: World, state: CohortState, shown: bool
) -> None:
    source = completed(world)
    LessonFactory.create(cohort=source, text="Two kick-off dates, not one.")
    copy = CohortFactory(organization=world.organization, copied_from=source, state=state)
    response = client_for(world, "program_manager").get(
        url(world, "cohort_detail", copy.public_id), secure=True
    )
    body = response.content.decode()
    assert ("Two kick-off dates, not one." in body) is shown
    assert ("<details" in body and "Erkenntnisse aus Jahrgang 2025" in body) is shown


@pytest.mark.django_db
def test_cohort_page_links_the_lessons_and_emphasises_them_once_completed(world: World) -> None:
    cohort = completed(world)
    LessonFactory.create(cohort=cohort)
    response = client_for(world, "program_manager").get(
        url(world, "cohort_detail", cohort.public_id), secure=True
    )
    assert response.context["lessons"] == 1
    assert response.context["lessons_due"] is True
    body = response.content.decode()
    assert f'<a class="button" href="{lessons_url(world, cohort)}"' in body
