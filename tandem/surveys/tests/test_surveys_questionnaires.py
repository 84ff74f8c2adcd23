"""The questionnaire editor: copies of the ready-made questionnaires, edited until sent."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World, client_for
from tandem.accounts.models import User
from tandem.core.models import AuditEntry, Organization
from tandem.surveys import editing, selectors, services
from tandem.surveys.builtin import ensure_builtin
from tandem.surveys.editing import Choice, Wording
from tandem.surveys.models import Question, Questionnaire, Respondent, Response, Survey
from tandem.surveys.tests.helpers import answer_all, close, midterm, running_cohort


def builtin(world: World, key: str = "midterm-mentee") -> Questionnaire:
    return ensure_builtin(world.organization)[key]


def copy_of(world: World, key: str = "midterm-mentee") -> Questionnaire:
    return editing.copy_questionnaire(
        questionnaire=builtin(world, key), actor=world.program_manager
    )


def keys(questionnaire: Questionnaire) -> list[str]:
    return list(questionnaire.questions.order_by("position", "id").values_list("key", flat=True))


def url(world: World, name: str, *args: object) -> str:
    return reverse(f"surveys:{name}", args=[world.organization.slug, *args])


def use(survey: Survey, actor: User, *, mentee: Questionnaire) -> Survey:
    assert survey.mentor_questionnaire is not None
    return services.save_survey(
        cohort=survey.cohort,
        phase=survey.phase,
        actor=actor,
        opens=survey.opens,
        closes=survey.closes,
        remind_days=survey.remind_days,
        mentor_questionnaire=survey.mentor_questionnaire.key,
        mentee_questionnaire=mentee.key,
    )


def question_post(kind: str, text_de: str, *choices: tuple[str, str, str]) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": kind,
        "text_de": text_de,
        "text_en": "",
        "required": "on",
        "choice-TOTAL_FORMS": str(max(len(choices), 3)),
        "choice-INITIAL_FORMS": "0",
        "choice-MIN_NUM_FORMS": "0",
        "choice-MAX_NUM_FORMS": "12",
    }
    for index, (key, de, en) in enumerate(choices):
        data |= {f"choice-{index}-key": key, f"choice-{index}-de": de, f"choice-{index}-en": en}
    return data


# --- keys and names (no database) ------------------------------------------------------------


def test_a_key_is_made_unique_with_a_number_within_its_length() -> None:
    assert editing.unique_key("Wie oft?", [], fallback="question") == "wie-oft"
    assert editing.unique_key("Wie oft?", ["wie-oft"], fallback="question") == "wie-oft-2"
    taken = ["wie-oft", "wie-oft-2"]
    assert editing.unique_key("Wie oft?", taken, fallback="question") == "wie-oft-3"
    assert editing.unique_key("???", [], fallback="question") == "question"
    long = editing.unique_key("a" * 80, ["a" * 10], fallback="q", length=10)
    assert long == "a" * 8 + "-2"


# --- copying ---------------------------------------------------------------------------------


def test_a_copy_keeps_every_question_and_its_key(world: World) -> None:
    source = builtin(world)
    copy = copy_of(world)
    assert copy.key != source.key
    assert not copy.builtin
    assert (copy.role, copy.phase) == (source.role, source.phase)
    assert keys(copy) == keys(source)
    for original, copied in zip(
        source.questions.order_by("position"), copy.questions.order_by("position"), strict=True
    ):
        assert (copied.kind, copied.text_de, copied.text_en, copied.choices, copied.required) == (
            original.kind,
            original.text_de,
            original.text_en,
            original.choices,
            original.required,
        )
    assert copy.name_en == "Copy of Mid-term survey for mentees"
    assert copy.name_de == editing.copy_name(source.name_de, "de")
    assert copy.name_de.endswith(source.name_de)
    entry = AuditEntry.objects.get(action="surveys.template.copied")
    assert entry.object_id == copy.key
    assert entry.actor_id == world.program_manager.pk


def test_copying_twice_gives_two_keys(world: World) -> None:
    first = copy_of(world)
    # Seconds apart a second copy is one of its own (closer, the same click sent twice).
    Questionnaire.objects.filter(pk=first.pk).update(
        created=first.created - editing.DOUBLE_SUBMIT_WINDOW
    )
    second = copy_of(world)
    assert first.key != second.key
    assert keys(first) == keys(second)


def test_a_copy_from_the_list_page_opens_for_editing(world: World) -> None:
    source = builtin(world)
    client = client_for(world, "program_manager")
    response = client.post(url(world, "questionnaire_copy", source.key), secure=True)
    copy = Questionnaire.objects.get(organization=world.organization, builtin=False)
    assert response["Location"] == url(world, "questionnaire_detail", copy.key)
    page = client.get(response["Location"], secure=True)
    assert page.context["editable"]
    assert page.context["form"] is not None


def test_the_ready_made_questionnaires_stay_as_shipped(world: World) -> None:
    source = builtin(world)
    wording = Wording(kind="scale", text_de="Neu?")
    with pytest.raises(ValidationError) as refused:
        editing.add_question(questionnaire=source, actor=world.program_manager, wording=wording)
    assert refused.value.code == "builtin"
    page = client_for(world, "program_manager").get(
        url(world, "questionnaire_detail", source.key), secure=True
    )
    html = page.content.decode()
    assert page.context["form"] is None
    assert url(world, "questionnaire_copy", source.key) in html
    assert url(world, "question_add", source.key) not in html


# --- editing a copy --------------------------------------------------------------------------


def test_the_program_team_renames_a_copy(world: World) -> None:
    copy = copy_of(world)
    client = client_for(world, "program_manager")
    data = {"name_de": "Halbzeit kompakt", "name_en": "", "intro_de": "Kurz.", "intro_en": ""}
    response = client.post(url(world, "questionnaire_detail", copy.key), data, secure=True)
    assert response.status_code == 302
    copy.refresh_from_db()
    assert (copy.name_de, copy.name_en, copy.intro_de) == ("Halbzeit kompakt", "", "Kurz.")
    with translation.override("en"):
        assert copy.name == "Halbzeit kompakt"  # English falls back to German
    entry = AuditEntry.objects.get(action="surveys.template.changed")
    assert "Halbzeit" not in str(entry.changes)  # wording is masked in the log


def test_a_new_choice_question_gets_keys_from_its_labels(world: World) -> None:
    copy = copy_of(world)
    client = client_for(world, "program_manager")
    data = question_post(
        "single",
        "Wo treffen Sie sich meistens?",
        ("", "Im Büro", "At the office"),
        ("", "Online", ""),
        ("", "Im Café", "In a café"),
    )
    response = client.post(url(world, "question_add", copy.key), data, secure=True)
    assert response.status_code == 302
    question = Question.objects.get(questionnaire=copy, text_de="Wo treffen Sie sich meistens?")
    assert question.key == "wo-treffen-sie-sich-meistens"
    assert question.position == len(keys(copy)) - 1
    assert [c["key"] for c in question.choices] == ["im-buro", "online", "im-cafe"]
    assert question.choices[1] == {"key": "online", "de": "Online", "en": ""}
    assert AuditEntry.objects.filter(action="surveys.question.added").exists()


def test_the_audit_log_keeps_no_words_of_a_question(world: World) -> None:
    # A new question's key is made from its German text: the log names it by its ID instead.
    copy = copy_of(world)
    actor = world.program_manager
    added = editing.add_question(
        questionnaire=copy, actor=actor, wording=Wording("scale", "Vertraulicher Wortlaut?")
    )
    changed = editing.change_question(
        question=added, actor=actor, wording=Wording("text", "Geheime Formulierung?")
    )
    editing.move_question(question=changed, actor=actor, direction="up")
    editing.remove_question(question=changed, actor=actor)
    entries = AuditEntry.objects.filter(action__startswith="surveys.question.")
    assert entries.count() == 4
    logged = str(list(entries.values_list("object_id", "changes"))).casefold()
    for word in ("vertraulich", "wortlaut", "geheim", "formulierung"):
        assert word not in logged


def test_editing_a_copied_question_keeps_its_key_and_its_choices_keys(world: World) -> None:
    copy = copy_of(world)
    question = Question.objects.get(questionnaire=copy, key="meetings")
    client = client_for(world, "program_manager")
    data = question_post(
        "single",
        "Wie oft haben Sie sich getroffen?",
        ("planned", "so oft wie geplant", "as planned"),
        ("fewer", "seltener", "less often"),
        ("rarely", "kaum", "hardly"),
        ("", "öfter als geplant", "more often"),
    )
    data["choice-TOTAL_FORMS"] = "4"
    response = client.post(url(world, "question_edit", copy.key, "meetings"), data, secure=True)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.key == "meetings"
    assert question.text_de == "Wie oft haben Sie sich getroffen?"
    assert [c["key"] for c in question.choices] == [
        "planned",
        "fewer",
        "rarely",
        "ofter-als-geplant",
    ]


def test_a_question_that_changes_its_kind_gets_a_new_key(world: World) -> None:
    copy = copy_of(world)
    question = Question.objects.get(questionnaire=copy, key="satisfaction")
    wording = Wording(kind="text", text_de="Wie zufrieden sind Sie?")
    changed = editing.change_question(
        question=question, actor=world.program_manager, wording=wording
    )
    assert changed.key == "wie-zufrieden-sind-sie"
    assert changed.kind == "text"


def test_questions_move_and_are_removed(world: World) -> None:
    copy = copy_of(world)
    first, second = keys(copy)[:2]
    client = client_for(world, "program_manager")
    move = url(world, "question_move", copy.key, first)
    assert client.post(move, {"direction": "down"}, secure=True).status_code == 302
    assert keys(copy)[:2] == [second, first]
    client.post(url(world, "question_move", copy.key, second), {"direction": "up"}, secure=True)
    assert keys(copy)[0] == second  # already first: nothing moves
    remove = url(world, "question_remove", copy.key, first)
    assert client.post(remove, secure=True).status_code == 302
    assert first not in keys(copy)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"surveys.question.moved", "surveys.question.removed"} <= actions


def test_a_question_removed_in_the_meantime_is_neither_moved_nor_changed(world: World) -> None:
    copy = copy_of(world)
    question = Question.objects.get(questionnaire=copy, key="satisfaction")
    Question.objects.filter(pk=question.pk).delete()  # by another request since this one read it
    actor = world.program_manager
    with pytest.raises(ValidationError) as refused:
        editing.move_question(question=question, actor=actor, direction="up")
    assert refused.value.code == "removed"
    with pytest.raises(ValidationError):
        editing.change_question(question=question, actor=actor, wording=Wording("scale", "Neu?"))


# --- validation ------------------------------------------------------------------------------


def test_a_choice_question_needs_two_choices(world: World) -> None:
    copy = copy_of(world)
    client = client_for(world, "program_manager")
    data = question_post("multiple", "Was hilft?", ("", "Zeit", "time"))
    page = client.post(url(world, "question_add", copy.key), data, secure=True)
    assert page.status_code == 200
    assert "mindestens zwei" in " ".join(page.context["form"].non_field_errors())
    assert not Question.objects.filter(questionnaire=copy, text_de="Was hilft?").exists()


def test_the_german_wording_is_required_and_english_is_optional(world: World) -> None:
    copy = copy_of(world)
    client = client_for(world, "program_manager")
    page = client.post(
        url(world, "question_add", copy.key), question_post("scale", ""), secure=True
    )
    assert "text_de" in page.context["form"].errors
    data = question_post("single", "Wer?", ("", "", "only English"), ("", "Sie", "you"))
    page = client.post(url(world, "question_add", copy.key), data, secure=True)
    assert page.status_code == 200
    assert page.context["form"].choice_forms.forms[0].errors["de"]
    assert Question.objects.filter(questionnaire=copy).count() == len(keys(builtin(world)))


def test_too_many_choices_are_refused_by_the_form_and_the_service(world: World) -> None:
    copy = copy_of(world)
    labels = [("", f"Wahl {n}", "") for n in range(13)]
    data = question_post("single", "Welche?", *labels)
    page = client_for(world, "program_manager").post(
        url(world, "question_add", copy.key), data, secure=True
    )
    assert page.status_code == 200
    assert page.context["form"].choice_forms.non_form_errors()
    wording = Wording(
        kind="single", text_de="Welche?", choices=tuple(Choice(f"Wahl {n}") for n in range(13))
    )
    with pytest.raises(ValidationError):
        editing.add_question(questionnaire=copy, actor=world.program_manager, wording=wording)


def test_the_service_checks_what_the_form_checks(world: World) -> None:
    copy = copy_of(world, "final-mentee")  # has a self-assessment already
    actor = world.program_manager
    refused = [
        Wording(kind="scale", text_de="   "),
        Wording(kind="scale", text_de="Was?", text_en="x" * 301),
        Wording(kind="nonsense", text_de="Was?"),
        Wording(kind="single", text_de="Was?", choices=(Choice("nur eine"),)),
        Wording(kind="single", text_de="Was?", choices=(Choice("ja"), Choice("Ja"))),
        Wording(kind="competence", text_de="Noch eine Selbsteinschätzung"),
    ]
    for wording in refused:
        with pytest.raises(ValidationError):
            editing.add_question(questionnaire=copy, actor=actor, wording=wording)
    assert keys(copy) == keys(builtin(world, "final-mentee"))


# --- locking ---------------------------------------------------------------------------------


def test_a_sent_survey_locks_its_questionnaire(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    copy = copy_of(world)
    use(survey, world.program_manager, mentee=copy)
    Respondent.objects.filter(survey=survey).update(invited=timezone.now())
    question = Question.objects.get(questionnaire=copy, key="satisfaction")
    actor = world.program_manager
    with pytest.raises(ValidationError) as refused:
        editing.remove_question(question=question, actor=actor)
    assert refused.value.code == "locked"
    with pytest.raises(ValidationError):
        editing.move_question(question=question, actor=actor, direction="down")
    with pytest.raises(ValidationError):
        editing.change_questionnaire(
            questionnaire=copy, actor=actor, name_de="Neu", name_en="", intro_de="", intro_en=""
        )
    client = client_for(world, "program_manager")
    page = client.get(url(world, "questionnaire_detail", copy.key), secure=True)
    assert page.context["form"] is None
    assert not page.context["editable"]
    assert url(world, "questionnaire_copy", copy.key) in page.content.decode()
    assert client.get(url(world, "question_add", copy.key), secure=True).status_code == 302
    edit = url(world, "question_edit", copy.key, "satisfaction")
    assert client.post(edit, question_post("scale", "Anders?"), secure=True).status_code == 302
    question.refresh_from_db()
    assert question.text_de != "Anders?"


def test_an_answered_survey_locks_its_questionnaire_even_before_the_mail(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    copy = copy_of(world)
    use(survey, world.program_manager, mentee=copy)
    Response.objects.create(organization=world.organization, survey=survey, role="mentee")
    assert selectors.questionnaire_usage(copy).locked
    with pytest.raises(ValidationError):
        editing.add_question(
            questionnaire=copy, actor=world.program_manager, wording=Wording("scale", "Neu?")
        )


def test_an_unsent_survey_leaves_its_questionnaire_editable(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    copy = copy_of(world)
    use(survey, world.program_manager, mentee=copy)
    usage = selectors.questionnaire_usage(copy)
    assert (usage.surveys, usage.locked) == (1, False)
    editing.add_question(
        questionnaire=copy, actor=world.program_manager, wording=Wording("text", "Und?")
    )


def test_answers_to_questions_changed_since_the_form_was_read_are_refused(world: World) -> None:
    # The participant loaded the form; an edit that passed its check before the survey was
    # sent then changed the question's kind. A rating must not land on a choice question.
    survey = midterm(running_cohort(world, tandems=1))
    copy = copy_of(world)
    use(survey, world.program_manager, mentee=copy)
    question = Question.objects.get(questionnaire=copy, key="satisfaction")
    read = [services.Given(question, number=4)]
    wording = Wording("single", "Zufrieden?", choices=(Choice("ja"), Choice("nein")))
    editing.change_question(question=question, actor=world.program_manager, wording=wording)
    respondent = Respondent.objects.select_related("survey", "registration").get(
        survey=survey, role="mentee"
    )
    with pytest.raises(ValidationError) as refused:
        services.submit(respondent=respondent, answers=read, today=survey.opens)
    assert refused.value.code == "changed"
    assert not Response.objects.exists()
    assert not Respondent.objects.get(pk=respondent.pk).answered


# --- choosing the questionnaires of a survey -------------------------------------------------


def settings_post(survey: Survey, **questionnaires: Questionnaire) -> dict[str, object]:
    return {
        "opens": survey.opens.isoformat(),
        "closes": survey.closes.isoformat(),
        "remind_days": survey.remind_days,
        "mentor_questionnaire": questionnaires.get("mentor", survey.mentor_questionnaire).key,
        "mentee_questionnaire": questionnaires.get("mentee", survey.mentee_questionnaire).key,
    }


def test_the_program_team_chooses_a_questionnaire_before_sending(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    copy = copy_of(world, "final-mentee")  # any phase will do
    client = client_for(world, "program_manager")
    path = url(world, "survey_settings", survey.cohort.public_id, survey.phase)
    response = client.post(path, settings_post(survey, mentee=copy), secure=True)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.mentee_questionnaire == copy
    entry = AuditEntry.objects.get(action="surveys.survey.changed")
    assert entry.changes["mentee_questionnaire"] == ["midterm-mentee", copy.key]


def test_a_questionnaire_of_the_other_role_is_refused(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    mentors = builtin(world, "final-mentor")
    client = client_for(world, "program_manager")
    path = url(world, "survey_settings", survey.cohort.public_id, survey.phase)
    page = client.post(path, settings_post(survey, mentee=mentors), secure=True)
    assert page.status_code == 200
    assert "mentee_questionnaire" in page.context["form"].errors
    with pytest.raises(ValidationError):
        use(survey, world.program_manager, mentee=mentors)


def test_a_questionnaire_of_another_organisation_is_refused(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    other: Organization = world.other_organization
    # Keys are the organisation's own: one only the other organisation has is refused.
    foreign = Questionnaire.objects.create(
        organization=other, key="foreign-mentee", role="mentee", phase="midterm", name_de="Fremd"
    )
    path = url(world, "survey_settings", survey.cohort.public_id, survey.phase)
    page = client_for(world, "program_manager").post(
        path, settings_post(survey, mentee=foreign), secure=True
    )
    assert "mentee_questionnaire" in page.context["form"].errors
    with pytest.raises(ValidationError):
        use(survey, world.program_manager, mentee=foreign)


def test_after_sending_the_questionnaires_are_shown_but_fixed(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    Respondent.objects.filter(survey=survey).update(invited=timezone.now())
    copy = copy_of(world)
    client = client_for(world, "program_manager")
    path = url(world, "survey_settings", survey.cohort.public_id, survey.phase)
    page = client.get(path, secure=True)
    assert page.context["form"].fields["mentee_questionnaire"].disabled
    response = client.post(path, settings_post(survey, mentee=copy), secure=True)
    assert response.status_code == 302  # the rest is saved; the choice is ignored
    survey.refresh_from_db()
    assert survey.mentee_questionnaire == builtin(world)
    with pytest.raises(ValidationError):
        use(survey, world.program_manager, mentee=copy)


# --- a changed questionnaire in use ----------------------------------------------------------


def test_an_added_question_is_answered_and_shown_in_the_results(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=6))
    copy = copy_of(world)
    added = editing.add_question(
        questionnaire=copy,
        actor=world.program_manager,
        wording=Wording("scale", "Die Treffen sind gut vorbereitet.", "Meetings are prepared."),
    )
    survey = use(survey, world.program_manager, mentee=copy)
    page = client_for(world, "mentee").get(url(world, "answer", survey.public_id), secure=True)
    assert "Die Treffen sind gut vorbereitet." in page.content.decode()
    assert answer_all(survey, "mentee", rating=2) == 6
    assert answer_all(survey, "mentor", rating=4) == 6
    results = selectors.survey_results(close(survey))
    by_key = {result.info.key: result for result in results.questions}
    new = by_key[added.key]
    assert new.info.roles == ("mentee",)
    assert [g.stat.mean for g in new.groups if g.stat] == [2.0]
    # The copied key still pairs the mentees' answers with the mentors'.
    assert by_key["satisfaction"].info.roles == ("mentee", "mentor")
    assert {g.group for g in by_key["satisfaction"].groups} == {"mentee", "mentor", "all"}


# --- the list page ---------------------------------------------------------------------------


def test_the_list_groups_questionnaires_and_counts_their_surveys(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    copy = copy_of(world)
    use(survey, world.program_manager, mentee=copy)
    page = client_for(world, "program_manager").get(url(world, "questionnaire_list"), secure=True)
    groups = page.context["groups"]
    assert [(g.phase, g.role) for g in groups] == [
        ("midterm", "mentee"),
        ("midterm", "mentor"),
        ("final", "mentee"),
        ("final", "mentor"),
    ]
    mentees = {questionnaire.key: usage for questionnaire, usage in groups[0].rows}
    assert (mentees[copy.key].surveys, mentees["midterm-mentee"].surveys) == (1, 0)
    assert [usage.surveys for _questionnaire, usage in groups[1].rows] == [1]
    html = page.content.decode()
    assert copy.name in html
    assert (
        url(world, "questionnaire_list")
        in client_for(world, "program_manager")
        .get(url(world, "cohort_surveys", survey.cohort.public_id), secure=True)
        .content.decode()
    )


def list_queries(world: World) -> int:
    client = client_for(world, "program_manager")
    path = url(world, "questionnaire_list")
    client.get(path, secure=True)  # warm the session and the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, secure=True).status_code == 200
    return len(captured)


def test_the_list_page_runs_the_same_queries_for_2_and_20_questionnaires(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    for _ in range(2):
        use(survey, world.program_manager, mentee=copy_of(world))
    few = list_queries(world)
    for _ in range(9):
        use(survey, world.program_manager, mentee=copy_of(world))
        copy_of(world, "final-mentor")
    assert list_queries(world) == few
