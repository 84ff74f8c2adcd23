"""The fit check after the first meeting: "doesn't fit" alerts the program team, once, by mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import TEST_BASE_URL, World, client_for
from tandem.accounts.models import User
from tandem.core.models import AuditEntry
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.people.tests.factories import MembershipFactory, UserFactory
from tandem.programs.models import Role, Tandem, TandemState
from tandem.workspace import journal
from tandem.workspace.models import FitCheck
from tandem.workspace.tasks import send_fit_alert

pytestmark = pytest.mark.django_db


def _url(name: str, world: World, tandem: Tandem) -> str:
    return reverse(
        name, kwargs={"org_slug": world.organization.slug, "public_id": tandem.public_id}
    )


def _meeting(world: World, tandem: Tandem, days: int, state: str = MeetingState.PLANNED) -> Meeting:
    return Meeting.objects.create(
        organization=world.organization,
        tandem=tandem,
        start=timezone.now() + timedelta(days=days),
        place="Café",
        state=state,
    )


@pytest.fixture
def met(world: World, tandem: Tandem) -> Tandem:
    """An accepted tandem whose first meeting was held; the program manager runs its cohort."""
    accept(tandem)
    _meeting(world, tandem, -7, MeetingState.HELD)
    tandem.cohort.team.set([world.program_manager])
    return tandem


def _run_queued() -> None:
    for queued in DBTaskResult.objects.filter(task_path__endswith="send_fit_alert"):
        send_fit_alert.call(*queued.args_kwargs["args"])


def _answer(world: World, tandem: Tandem, persona: str, answer: str, capture) -> None:
    with capture(execute=True):
        response = client_for(world, persona).post(
            _url("workspace:fit_check", world, tandem), {"fit-fits": answer}, secure=True
        )
    assert response.status_code == 302


def test_the_question_comes_after_the_first_meeting(world: World, tandem: Tandem) -> None:
    accept(tandem)
    cancelled = _meeting(world, tandem, -3, MeetingState.CANCELLED)
    _meeting(world, tandem, 4)
    workspace = _url("workspace:workspace", world, tandem)
    assert (
        'name="fit-fits"'
        not in client_for(world, "mentor").get(workspace, secure=True).content.decode()
    )
    with pytest.raises(ValidationError, match="nach Ihrem ersten Treffen"):
        journal.answer_fit_check(
            tandem=tandem,
            author=Role.MENTOR,
            fits=True,
        )
    Meeting.objects.filter(pk=cancelled.pk).update(state=MeetingState.HELD)
    assert (
        'name="fit-fits"'
        in client_for(world, "mentor").get(workspace, secure=True).content.decode()
    )


def test_doesnt_fit_alerts_the_team_once_each_in_their_language(
    world: World, met: Tandem, django_capture_on_commit_callbacks
) -> None:
    colleague = User.objects.get(
        pk=UserFactory(email="pm2@nordwind.example", first_name="Pia", language="en").pk
    )
    MembershipFactory(organization=world.organization, user=colleague, role="program_manager")
    met.cohort.team.add(colleague)
    _answer(world, met, "mentee", "no", django_capture_on_commit_callbacks)
    assert mail.outbox == []  # the worker sends, not the request
    _run_queued()
    _run_queued()  # a second delivery sends nothing
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == sorted([world.program_manager.email, colleague.email])
    assert len(mail.outbox) == 2
    german, english = by_recipient[world.program_manager.email], by_recipient[colleague.email]
    cohort = met.cohort.name
    assert german.subject == f"Ein Tandem im Durchgang {cohort} passt nicht"
    assert english.subject == f"A tandem in {cohort} does not fit"
    for message in (german, english):
        assert "Mia Mentorin" in message.body
        assert "Martin Mentee" in message.body
        link = reverse(
            "reports:health",
            kwargs={"org_slug": world.organization.slug, "public_id": met.cohort.public_id},
        )
        assert f"{TEST_BASE_URL}{link}" in message.body


def test_the_alert_does_not_say_which_partner_answered(
    world: World, met: Tandem, django_capture_on_commit_callbacks
) -> None:
    _answer(world, met, "mentee", "no", django_capture_on_commit_callbacks)
    _run_queued()
    _answer(world, met, "mentor", "no", django_capture_on_commit_callbacks)
    _run_queued()
    first, second = mail.outbox
    assert (first.subject, first.body) == (second.subject, second.body)


def test_the_partner_who_says_no_is_told_the_team_will_call_the_other_hears_nothing(
    world: World, met: Tandem, django_capture_on_commit_callbacks
) -> None:
    _answer(world, met, "mentee", "no", django_capture_on_commit_callbacks)
    workspace = _url("workspace:workspace", world, met)
    mentee = client_for(world, "mentee").get(workspace, secure=True).content.decode()
    assert "Das Programmteam ist informiert und meldet sich bei Ihnen." in mentee
    mentor = client_for(world, "mentor").get(workspace, secure=True).content.decode()
    assert "Sie haben angegeben" not in mentor
    assert "Programmteam ist informiert" not in mentor


def test_the_answer_can_change_and_a_new_no_alerts_again(
    world: World, met: Tandem, django_capture_on_commit_callbacks
) -> None:
    _answer(world, met, "mentor", "no", django_capture_on_commit_callbacks)
    _answer(world, met, "mentor", "no", django_capture_on_commit_callbacks)  # unchanged: no alert
    _run_queued()
    assert len(mail.outbox) == 1
    _answer(world, met, "mentor", "yes", django_capture_on_commit_callbacks)
    assert FitCheck.objects.get().fits is True
    _answer(world, met, "mentor", "no", django_capture_on_commit_callbacks)
    _run_queued()
    assert len(mail.outbox) == 2
    assert FitCheck.objects.count() == 1


def test_an_alert_for_an_answer_changed_before_the_worker_ran_is_not_sent(
    world: World, met: Tandem, django_capture_on_commit_callbacks
) -> None:
    _answer(world, met, "mentor", "no", django_capture_on_commit_callbacks)
    _answer(world, met, "mentor", "yes", django_capture_on_commit_callbacks)
    _run_queued()
    assert mail.outbox == []


def test_without_a_team_the_organisations_program_managers_are_told(
    world: World, met: Tandem, django_capture_on_commit_callbacks
) -> None:
    met.cohort.team.clear()
    _answer(world, met, "mentor", "no", django_capture_on_commit_callbacks)
    _run_queued()
    assert [m.to for m in mail.outbox] == [[world.program_manager.email]]


def test_an_answer_leaves_no_audit_trail(
    world: World, met: Tandem, django_capture_on_commit_callbacks
) -> None:
    """Who answered what when is not logged (PRIV-04, ADR 0009); the alert carries the news."""
    _answer(world, met, "mentor", "no", django_capture_on_commit_callbacks)
    assert FitCheck.objects.filter(tandem=met, fits=False).exists()
    assert not AuditEntry.objects.filter(action__startswith="meetings.").exists()


def test_a_missing_or_forged_answer_gets_a_field_error(world: World, met: Tandem) -> None:
    for data in ({}, {"fit-fits": "vielleicht"}):
        response = client_for(world, "mentee").post(
            _url("workspace:fit_check", world, met), data, secure=True
        )
        assert response.status_code == 200
        assert set(response.context["fit_form"].errors) == {"fits"}
    assert not FitCheck.objects.exists()


def test_an_ended_tandem_is_not_asked(world: World, met: Tandem) -> None:
    Tandem.objects.filter(pk=met.pk).update(state=TandemState.DISSOLVED)
    response = client_for(world, "mentor").post(
        _url("workspace:fit_check", world, met), {"fit-fits": "no"}, secure=True
    )
    assert response.status_code == 302
    assert not FitCheck.objects.exists()


def test_only_the_partners_answer(world: World, met: Tandem) -> None:
    url = _url("workspace:fit_check", world, met)
    for persona in ("admin", "program_manager", "observer", "outsider", "other_admin"):
        response = client_for(world, persona).post(url, {"fit-fits": "no"}, secure=True)
        assert response.status_code == 404, persona
    assert not FitCheck.objects.exists()
