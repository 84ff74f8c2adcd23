"""Employees register as mentor or mentee while registration is open, edit, and withdraw."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.people.models import Employee
from tandem.people.tests.factories import EmployeeFactory, UserFactory
from tandem.programs.models import SLOTS, STYLE_QUESTIONS, Cohort, CohortState, Registration
from tandem.programs.tasks import send_invitations
from tandem.programs.tests.factories import CohortFactory

SLOT = SLOTS[0]


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"programs:{name}", kwargs={"org_slug": world.organization.slug, **kwargs})


def answers(role: str, /, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "expectations": "Neue Blickwinkel",
        "motivation": "Neugier",
        "availability": [SLOT, "thu-pm"],
        "languages": ["de"],
        "other_languages": "Französisch",
        "location": "Hamburg",
        "remote_ok": "on",
        "consent": "on",
        **{f"style_{key}": 3 for key, _question in STYLE_QUESTIONS},
    }
    if role == "mentor":
        data.update(level_ai=4, level_agile=2, capacity=2)
    else:
        data.update(
            priority_ai=5,
            baseline_ai=1,
            declined_topics=["social_media"],
            openness_confirmed="on",
        )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def open_cohort(world: World) -> Cohort:
    return CohortFactory(organization=world.organization, name="Jahrgang 2028")


@pytest.mark.django_db
def test_a_mentor_registers_with_levels_and_capacity(world: World, open_cohort: Cohort):
    response = client_for(world, "mentor").post(
        url(world, "register", public_id=open_cohort.public_id) + "?role=mentor",
        answers("mentor"),
        secure=True,
    )
    assert response.status_code == 302
    registration = Registration.objects.get(cohort=open_cohort)
    assert registration.employee == world.mentor_employee
    assert (registration.role, registration.status) == ("mentor", "registered")
    assert registration.topics == {"ai": 4, "agile": 2}
    assert registration.capacity == 2
    assert registration.languages == ["de", "französisch"]
    assert registration.availability == [SLOT, "thu-pm"]
    assert registration.consent_at is not None
    entry = AuditEntry.objects.get(action="programs.enrollment.registered")
    assert entry.object_id == str(registration.public_id)


@pytest.mark.django_db
def test_a_mentee_registers_with_goals_baseline_and_unwanted_topics(
    world: World, open_cohort: Cohort
) -> None:
    client_for(world, "mentee").post(
        url(world, "register", public_id=open_cohort.public_id) + "?role=mentee",
        answers("mentee"),
        secure=True,
    )
    registration = Registration.objects.get(cohort=open_cohort)
    assert registration.goals == {"ai": 5}
    assert registration.baseline == {"ai": 1}
    assert registration.declined_topics == ["social_media"]
    assert registration.openness_confirmed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "changes", "field"),
    [
        ("mentee", {"openness_confirmed": None}, "openness_confirmed"),
        ("mentee", {"consent": None}, "consent"),
        ("mentee", {"baseline_ai": ""}, "baseline_ai"),
        ("mentee", {"declined_topics": ["ai"]}, "declined_topics"),
        ("mentee", {"priority_ai": "9"}, "priority_ai"),
        ("mentor", {"capacity": 4}, "capacity"),
        ("mentor", {"availability": None}, "availability"),
        ("mentor", {"availability": ["sun-night"]}, "availability"),
        ("mentor", {"languages": None, "other_languages": ""}, "languages"),
        ("mentor", {"style_direct": 0}, "style_direct"),
        ("mentor", {"expectations": "x" * 2001}, "expectations"),
    ],
)
def test_bad_answers_are_explained_at_the_field(
    world: World, open_cohort: Cohort, role: str, changes: dict[str, object], field: str
) -> None:
    response = client_for(world, role).post(
        url(world, "register", public_id=open_cohort.public_id) + f"?role={role}",
        answers(role, **changes),
        secure=True,
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registration_without_any_topic_is_refused(world: World, open_cohort: Cohort):
    response = client_for(world, "mentor").post(
        url(world, "register", public_id=open_cohort.public_id) + "?role=mentor",
        answers("mentor", level_ai="", level_agile=""),
        secure=True,
    )
    assert "mindestens einem Thema" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_status_and_taken_cannot_be_set_by_the_participant(world: World, open_cohort: Cohort):
    """AZ-05."""
    client_for(world, "mentor").post(
        url(world, "register", public_id=open_cohort.public_id) + "?role=mentor",
        answers("mentor", status="admitted", taken=2, verified='{"ai": 5}', role="mentee"),
        secure=True,
    )
    registration = Registration.objects.get()
    assert (registration.status, registration.taken, registration.verified) == ("registered", 0, {})
    assert registration.role == "mentor"


@pytest.mark.django_db
def test_job_levels_decide_who_may_register_in_which_role(world: World) -> None:
    cohort = CohortFactory(organization=world.organization, mentee_levels=["Führungskraft"])
    client = client_for(world, "mentor")
    join = client.get(url(world, "join", token=cohort.invitation_token), secure=True)
    assert [role.value for role in join.context["roles"]] == ["mentor"]
    response = client.post(
        url(world, "register", public_id=cohort.public_id) + "?role=mentee",
        answers("mentee"),
        secure=True,
    )
    assert response.status_code == 302
    assert "/join/" in response["Location"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_nobody_registers_outside_the_registration_period(world: World) -> None:
    cohort = CohortFactory(organization=world.organization, state=CohortState.PLANNING)
    client = client_for(world, "mentor")
    response = client.post(
        url(world, "register", public_id=cohort.public_id) + "?role=mentor",
        answers("mentor"),
        secure=True,
    )
    assert response.status_code == 302
    page = client.get(response["Location"], secure=True)
    assert "Die Anmeldung beginnt am" in page.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registration_can_be_changed_until_it_closes(world: World, cohort: Cohort) -> None:
    client = client_for(world, "mentor")
    register_url = url(world, "register", public_id=cohort.public_id)
    page = client.get(register_url, secure=True)
    assert page.context["form"].initial["level_ai"] == 4
    client.post(register_url, answers("mentor", level_ai=5, level_agile=""), secure=True)
    registration = Registration.objects.get(cohort=cohort, role="mentor")
    assert registration.topics == {"ai": 5}
    entry = AuditEntry.objects.get(action="programs.enrollment.updated")
    assert "Neugier" not in str(entry.changes)
    assert "topics" in entry.changes

    Cohort.objects.filter(pk=cohort.pk).update(state=CohortState.MATCHING)
    closed = client.post(register_url, answers("mentor", level_ai=1), secure=True)
    assert closed.status_code == 200
    assert not closed.context["editable"]
    registration.refresh_from_db()
    assert registration.topics == {"ai": 5}


@pytest.mark.django_db
def test_withdrawal_deletes_every_answer_and_logs_only_the_fact(world: World, cohort: Cohort):
    Cohort.objects.filter(pk=cohort.pk).update(state=CohortState.MATCHING)
    registration = Registration.objects.get(cohort=cohort, role="mentee")
    response = client_for(world, "mentee").post(
        url(world, "withdraw", public_id=cohort.public_id), secure=True
    )
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()
    entry = AuditEntry.objects.get(action="programs.enrollment.withdrawn")
    assert entry.object_id == str(registration.public_id)
    assert entry.changes == {}


@pytest.mark.django_db
def test_withdrawing_a_published_mentee_frees_the_mentors_seat(world: World, tandem) -> None:
    client_for(world, "mentee").post(
        url(world, "withdraw", public_id=tandem.cohort.public_id), secure=True
    )
    assert Registration.objects.get(pk=tandem.mentor_id).taken == 0


@pytest.mark.django_db
def test_home_card_lists_open_cohorts_and_own_registrations(world: World, cohort: Cohort):
    other = CohortFactory(organization=world.organization, name="Jahrgang 2029")
    CohortFactory(organization=world.organization, name="Noch geplant", state="planning")
    response = client_for(world, "mentor").get(
        reverse("people:organization_home", kwargs={"org_slug": world.organization.slug}),
        secure=True,
    )
    body = response.content.decode()
    assert "Jahrgang 2027" in body
    assert "zugelassen" in body
    assert other.invitation_token in body
    assert "Noch geplant" not in body


@pytest.mark.django_db
def test_invitations_go_out_in_each_language_with_a_login_for_newcomers(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks
) -> None:
    english = UserFactory(email="en@nordwind.example", first_name="Emma", language="en")
    EmployeeFactory(
        organization=world.organization,
        department="Vertrieb",
        user=english,
        email="en@nordwind.example",
    )
    newcomer = EmployeeFactory(
        organization=world.organization, department="Vertrieb", email="neu@nordwind.example"
    )
    EmployeeFactory(organization=world.organization, department="Vertrieb", email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "program_manager").post(
            url(world, "cohort_invite", public_id=cohort.public_id),
            {"departments": ["Vertrieb"], "employee_ids": "E0100"},
            secure=True,
        )
    assert response.status_code == 302
    assert mail.outbox == []  # the request only queues the mails (REL-05)
    queued = DBTaskResult.objects.get(task_path="tandem.programs.tasks.send_invitations")
    send_invitations.call(*queued.args_kwargs["args"])
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {
        "en@nordwind.example",
        "neu@nordwind.example",
        "mentee@nordwind.example",
    } or set(by_address) == {
        "en@nordwind.example",
        "neu@nordwind.example",
        world.mentee_employee.email,
    }
    assert "Invitation" in by_address["en@nordwind.example"].subject
    assert "Einladung" in by_address["neu@nordwind.example"].subject
    assert Employee.objects.get(pk=newcomer.pk).user is None  # a login once they follow the link
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert isinstance(html, str)
        assert message.alternatives[0].mimetype == "text/html"
        assert {
            re.sub(r"^https?://([^/]+)/.*", r"\1", link)
            for link in re.findall(r"https?://\S+", f"{message.body} {html}")
        } == {"tandem.example"}
    assert cohort.invitation_token in by_address["en@nordwind.example"].body
    assert "/account/invitation/" not in by_address["en@nordwind.example"].body
    # The newcomer's link makes their login, then leads to the registration.
    link = re.search(
        r"https://tandem\.example(/account/invitation/\S+/)",
        by_address["neu@nordwind.example"].body,
    ).group(1)
    visitor = Client()
    response = visitor.post(
        link,
        {"password1": "ein langer neuer Satz", "password2": "ein langer neuer Satz"},
        secure=True,
    )
    assert response["Location"] == reverse(
        "programs:join",
        kwargs={"org_slug": world.organization.slug, "token": cohort.invitation_token},
    )
    assert Employee.objects.get(pk=newcomer.pk).user is not None
    assert visitor.get(response["Location"], secure=True).status_code == 200
    assert AuditEntry.objects.filter(action="programs.cohort.invited").exists()


@pytest.mark.django_db
def test_invitation_needs_recipients_that_exist(world: World, cohort: Cohort) -> None:
    client = client_for(world, "program_manager")
    invite_url = url(world, "cohort_invite", public_id=cohort.public_id)
    empty = client.post(invite_url, {}, secure=True)
    assert empty.status_code == 200
    assert empty.context["form"].non_field_errors()
    unknown = client.post(invite_url, {"employee_ids": "E0100, X999"}, secure=True)
    assert "X999" in unknown.context["form"].errors["employee_ids"][0]
    assert 'id="id_employee_ids_error"' in unknown.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_registration_pages_have_no_inline_styles_and_label_every_slot(
    world: World, open_cohort: Cohort
) -> None:
    response = client_for(world, "mentee").get(
        url(world, "register", public_id=open_cohort.public_id) + "?role=mentee", secure=True
    )
    body = response.content.decode()
    assert 'style="' not in body
    assert "<script>" not in body
    for slot in SLOTS:
        assert f'<label class="visually-hidden" for="id_availability_{slot}">' in body
    assert '<th scope="row">' in body
    assert "<legend>" in body
    assert timezone.localdate() + timedelta(days=14) == open_cohort.registration_closes
