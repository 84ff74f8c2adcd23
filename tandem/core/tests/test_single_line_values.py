"""Control characters stay out of one-line values: names, titles, places (issue 14)."""

import logging

import pytest
from django.apps import apps
from django.core.mail import BadHeaderError
from django.db import models
from django.urls import reverse

from conftest import World, client_for
from tandem.core.tasks import mail_task
from tandem.core.validators import single_line
from tandem.people.imports import check_import
from tandem.people.imports.problems import describe
from tandem.programs.models import Cohort

# One-line text fields people do not type: keys, hashes, paths, codes, the system's own words.
NOT_TYPED = {
    ("core", "AuditEntry", "action"),
    ("core", "AuditEntry", "object_type"),
    ("core", "AuditEntry", "object_id"),
    ("core", "SentMail", "key"),
    ("accounts", "User", "password"),
    ("people", "Employee", "reporting_path"),
    ("people", "ImportRun", "filename"),  # made safe by the import (_clean_filename)
    ("people", "ColumnChoice", "header"),  # folded to letters and digits (columns.normalize)
    ("people", "ColumnChoice", "field"),  # a field's code, from a form's fixed choices
    ("people", "LoginInvitation", "next_path"),
    ("people", "LoginInvitation", "token_digest"),
    ("programs", "Cohort", "invitation_token"),
    ("matching", "MatchingRun", "error"),
    ("meetings", "MeetingSeries", "uid"),
    ("meetings", "Meeting", "uid"),
    ("calendars", "CalendarFeed", "token_hash"),
    ("provisioning", "ScimToken", "token_digest"),
    ("events", "CohortEvent", "uid"),
    ("surveys", "Answer", "topic"),
}
# Reasons, notes and HR attributes: shown in pages and mail bodies (never headers); several
# lines allowed (a location over two lines, as HR exports have it).
SEVERAL_LINES = {
    ("people", "Employee", "department"),
    ("people", "Employee", "team"),
    ("people", "Employee", "job_level"),
    ("people", "Employee", "location"),
    ("programs", "Registration", "location"),
    ("programs", "Registration", "decision_reason"),
    ("programs", "Registration", "verification_note"),
    ("programs", "Tandem", "mentor_change_reason"),
    ("programs", "Tandem", "mentee_change_reason"),
    ("programs", "Tandem", "end_note"),
}


def test_every_one_line_field_people_type_refuses_control_characters() -> None:
    unchecked = []
    for model in apps.get_models():
        if not model.__module__.startswith("tandem."):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField) or field.choices:
                continue
            if isinstance(field, models.EmailField | models.SlugField | models.URLField):
                continue
            name = (model._meta.app_label, model.__name__, field.name)
            if name in NOT_TYPED or name in SEVERAL_LINES:
                continue
            if single_line not in field.validators:
                unchecked.append(name)
    assert not unchecked, unchecked


@pytest.mark.django_db
def test_a_line_break_in_a_cohort_name_is_refused_at_the_field(world: World, cohort) -> None:
    url = reverse("programs:cohort_edit", args=[world.organization.slug, cohort.public_id])
    client = client_for(world, "program_manager")
    page = client.get(url, secure=True)
    data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    response = client.post(url, {**data, "name": "Frühjahr\r\nBcc: x@evil.example"}, secure=True)
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).name == "Jahrgang 2027"


@pytest.mark.django_db
def test_the_hr_import_names_the_row_with_a_line_break(world: World) -> None:
    content = 'Personalnummer;Vorname;Nachname\nE0700;"Nora\nBcc: x@evil.example";Neu\n'
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=content.encode(),
        deactivate_missing=False,
    )
    messages = [describe(problem) for problem in run.errors]
    assert any("Zeilenumbruch" in message for message in messages), messages


@mail_task
def broken_mail() -> int:
    raise BadHeaderError("Header values can't contain newlines")


def test_a_mail_that_cannot_be_built_fails_loudly_and_is_not_retried(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="tandem.tasks"), pytest.raises(BadHeaderError):
        broken_mail.call()
    assert "broken_mail failed and will not be retried" in caplog.text
