"""The program team plans programs and cohorts, runs the topic catalogue and moves cohorts on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.people.tests.factories import EmployeeFactory
from tandem.programs.models import Cohort, CohortState, Program, Topic, default_dates
from tandem.programs.tests.factories import CohortFactory, ProgramFactory, TopicFactory
from tandem.programs.topics import DEFAULT_TOPICS


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"programs:{name}", kwargs={"org_slug": world.organization.slug, **kwargs})


def cohort_data(world: World, **changes: object) -> dict[str, object]:
    """A valid cohort form: five months from a kick-off eight weeks ahead."""
    kickoff = timezone.localdate() + timedelta(weeks=8)
    topic = TopicFactory(organization=world.organization, key="ai")
    data: dict[str, object] = {
        "name": "Jahrgang 2028",
        "goals": "Digitale Kompetenz der Führungskräfte",
        "topics": [topic.pk],
        **{name: day.isoformat() for name, day in default_dates(kickoff).items()},
        "meeting_interval_weeks": 2,
        "meeting_minutes": 60,
        "response_days": 7,
        "team": [world.program_manager.pk],
        "rule_reporting_line": "on",
        "rule_same_team": "on",
        "rule_appraisal": "on",
        "weight_topic": 50,
        "weight_style": 15,
        "weight_availability": 15,
        "weight_cross_department": 10,
        "weight_location": 10,
        "objective": "total",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_program_manager_creates_a_program(world: World) -> None:
    response = client_for(world, "program_manager").post(
        url(world, "program_create"), {"name": "Reverse Mentoring", "goals": "Lernen"}, secure=True
    )
    assert response.status_code == 302
    assert Program.objects.get(organization=world.organization).name == "Reverse Mentoring"


@pytest.mark.django_db
def test_program_without_a_name_is_refused_at_the_field(world: World) -> None:
    response = client_for(world, "program_manager").post(
        url(world, "program_create"), {"name": ""}, secure=True
    )
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()


@pytest.mark.django_db
def test_new_cohort_form_seeds_the_catalogue_and_proposes_dates(world: World) -> None:
    program = ProgramFactory.create(organization=world.organization)
    response = client_for(world, "program_manager").get(
        url(world, "cohort_create", public_id=program.public_id), secure=True
    )
    assert response.status_code == 200
    assert Topic.objects.filter(organization=world.organization).count() == len(DEFAULT_TOPICS)
    form = response.context["form"]
    kickoff, wrapup = form.initial["kickoff"], form.initial["wrapup"]
    assert kickoff.weekday() == 0
    assert kickoff > timezone.localdate()
    assert 4 <= (wrapup - kickoff).days / 30.44 <= 6
    assert world.program_manager in form.initial["team"]
    body = response.content.decode()
    assert "<legend>" in body
    assert 'style="' not in body
    assert "<script>" not in body


@pytest.mark.django_db
def test_program_manager_plans_a_cohort(world: World) -> None:
    program = ProgramFactory.create(organization=world.organization)
    response = client_for(world, "program_manager").post(
        url(world, "cohort_create", public_id=program.public_id), cohort_data(world), secure=True
    )
    assert response.status_code == 302, response.context["form"].errors
    cohort = Cohort.objects.get(program=program)
    assert cohort.state == CohortState.PLANNING
    assert list(cohort.team.all()) == [world.program_manager]
    assert [t.key for t in cohort.topics.all()] == ["ai"]
    assert cohort.rule_same_department is False


@pytest.mark.django_db
def test_phases_out_of_order_are_refused_at_the_later_field(world: World) -> None:
    program = ProgramFactory.create(organization=world.organization)
    data = cohort_data(world)
    data["registration_closes"] = data["registration_opens"]
    data["matching_until"] = (
        timezone.localdate() - timedelta(days=30)
    ).isoformat()  # before registration closes
    response = client_for(world, "program_manager").post(
        url(world, "cohort_create", public_id=program.public_id), data, secure=True
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["matching_until"]
    assert 'id="id_matching_until_error"' in response.content.decode()
    assert not Cohort.objects.exists()


@pytest.mark.django_db
def test_cohort_needs_a_topic_and_some_weight(world: World) -> None:
    program = ProgramFactory.create(organization=world.organization)
    data = cohort_data(world, topics=[], weight_topic=0, weight_style=0, weight_availability=0)
    data.update(weight_cross_department=0, weight_location=0)
    response = client_for(world, "program_manager").post(
        url(world, "cohort_create", public_id=program.public_id), data, secure=True
    )
    assert set(response.context["form"].errors) == {"topics", "weight_topic"}


@pytest.mark.django_db
def test_an_unusual_length_is_allowed_with_a_warning(world: World) -> None:
    program = ProgramFactory.create(organization=world.organization)
    data = cohort_data(world)
    kickoff = timezone.localdate() + timedelta(weeks=8)
    data["midterm"] = (kickoff + timedelta(days=200)).isoformat()
    data["wrapup"] = (kickoff + timedelta(days=300)).isoformat()  # about ten months
    client = client_for(world, "program_manager")
    response = client.post(
        url(world, "cohort_create", public_id=program.public_id), data, secure=True, follow=True
    )
    cohort = Cohort.objects.get(program=program)
    assert cohort.length_unusual
    assert "message-warning" in response.content.decode()
    edit = client.get(url(world, "cohort_edit", public_id=cohort.public_id), secure=True)
    assert edit.context["form"].length_warning


@pytest.mark.django_db
def test_state_and_token_cannot_be_set_through_the_form(world: World) -> None:
    """AZ-05: only the listed fields are writable."""
    cohort = CohortFactory.create(organization=world.organization, state=CohortState.PLANNING)
    token = cohort.invitation_token
    data = cohort_data(
        world, state="completed", invitation_token="mine", organization=world.other_organization.pk
    )
    response = client_for(world, "program_manager").post(
        url(world, "cohort_edit", public_id=cohort.public_id), data, secure=True
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert (cohort.state, cohort.invitation_token) == (CohortState.PLANNING, token)
    assert cohort.organization == world.organization
    assert cohort.name == "Jahrgang 2028"


@pytest.mark.django_db
def test_eligibility_offers_the_job_levels_of_the_org_chart(world: World) -> None:
    EmployeeFactory(organization=world.organization, job_level="Führungskraft")
    EmployeeFactory(organization=world.organization, job_level="Fachkraft")
    program = ProgramFactory.create(organization=world.organization)
    client = client_for(world, "program_manager")
    page = client.get(url(world, "cohort_create", public_id=program.public_id), secure=True)
    assert page.context["form"].fields["mentee_levels"].choices == [
        ("Fachkraft", "Fachkraft"),
        ("Führungskraft", "Führungskraft"),
    ]
    data = cohort_data(world, mentee_levels=["Führungskraft"], mentor_levels=["Unbekannt"])
    response = client.post(
        url(world, "cohort_create", public_id=program.public_id), data, secure=True
    )
    assert list(response.context["form"].errors) == ["mentor_levels"]


@pytest.mark.django_db
def test_copying_a_cohort_takes_its_settings_with_new_dates(world: World) -> None:
    old = CohortFactory.create(
        organization=world.organization,
        state=CohortState.COMPLETED,
        registration_opens=timezone.localdate() - timedelta(days=400),
        registration_closes=timezone.localdate() - timedelta(days=380),
        matching_until=timezone.localdate() - timedelta(days=370),
        kickoff=timezone.localdate() - timedelta(days=360),
        midterm=timezone.localdate() - timedelta(days=280),
        wrapup=timezone.localdate() - timedelta(days=200),
        meeting_interval_weeks=3,
        weight_style=40,
        rule_same_department=True,
        mentee_levels=["Führungskraft"],
    )
    old.team.add(world.program_manager)
    client = client_for(world, "program_manager")
    page = client.get(url(world, "cohort_copy", public_id=old.public_id), secure=True)
    initial = page.context["form"].initial
    assert initial["registration_opens"] > timezone.localdate()
    assert initial["registration_opens"].weekday() == old.registration_opens.weekday()
    assert initial["wrapup"] - initial["kickoff"] == old.wrapup - old.kickoff
    assert initial["name"] == ""  # a new name, please

    data = {key: value for key, value in initial.items() if value not in (None, False)}
    data.update(
        name="Jahrgang 2028",
        topics=[t.pk for t in initial["topics"]],
        team=[u.pk for u in initial["team"]],
        **{k: v.isoformat() for k, v in initial.items() if hasattr(v, "isoformat")},
    )
    response = client.post(url(world, "cohort_copy", public_id=old.public_id), data, secure=True)
    assert response.status_code == 302, response.context["form"].errors
    new = Cohort.objects.get(name="Jahrgang 2028")
    assert new.copied_from == old
    assert new.program == old.program
    assert new.state == CohortState.PLANNING
    assert (new.meeting_interval_weeks, new.weight_style) == (3, 40)
    assert new.rule_same_department
    assert new.mentee_levels == ["Führungskraft"]
    assert set(new.topics.all()) == set(old.topics.all())
    assert list(new.team.all()) == [world.program_manager]
    assert new.invitation_token != old.invitation_token


@pytest.mark.django_db
def test_opening_and_closing_registration_are_audited(world: World) -> None:
    cohort = CohortFactory.create(
        organization=world.organization,
        state=CohortState.PLANNING,
        registration_opens=timezone.localdate() + timedelta(days=3),
    )
    client = client_for(world, "program_manager")
    state_url = url(world, "cohort_state", public_id=cohort.public_id)
    client.post(state_url, {"transition": "open_registration"}, secure=True)
    cohort.refresh_from_db()
    assert cohort.state == CohortState.REGISTRATION
    assert cohort.registration_is_open
    client.post(state_url, {"transition": "close_registration"}, secure=True)
    cohort = Cohort.objects.get(pk=cohort.pk)
    assert cohort.state == CohortState.MATCHING
    assert cohort.registration_closes == timezone.localdate()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"programs.cohort.open_registration", "programs.cohort.close_registration"} <= actions


@pytest.mark.django_db
def test_a_published_cohort_is_started_after_its_kickoff(world: World, tandem) -> None:
    cohort = tandem.cohort
    planned = (cohort.registration_opens, cohort.registration_closes)
    client = client_for(world, "program_manager")
    page = client.get(url(world, "cohort_detail", public_id=cohort.public_id), secure=True)
    assert page.context["transitions"] == ["start"]
    client.post(
        url(world, "cohort_state", public_id=cohort.public_id), {"transition": "start"}, secure=True
    )
    cohort.refresh_from_db()
    assert cohort.state == CohortState.RUNNING
    entry = AuditEntry.objects.get(action="programs.cohort.start")
    assert entry.changes == {"state": ["published", "running"]}
    # Registration dates stay as planned: starting is not a registration step.
    assert (cohort.registration_opens, cohort.registration_closes) == planned


@pytest.mark.django_db
@pytest.mark.parametrize("transition", ["open_registration", "publish", "start", ""])
def test_invalid_transitions_change_nothing(world: World, transition: str) -> None:
    cohort = CohortFactory(organization=world.organization, state=CohortState.MATCHING)
    response = client_for(world, "program_manager").post(
        url(world, "cohort_state", public_id=cohort.public_id),
        {"transition": transition},
        secure=True,
        follow=True,
    )
    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.state == CohortState.MATCHING
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_cohort_page_shows_timeline_counts_and_invitation_link(world: World, cohort: Cohort):
    response = client_for(world, "program_manager").get(
        url(world, "cohort_detail", public_id=cohort.public_id), secure=True
    )
    body = response.content.decode()
    assert cohort.invitation_token in body
    assert 'readonly aria-describedby="invitation-help"' in body
    assert response.context["counts"].mentors == response.context["counts"].mentees == 1
    assert len(response.context["timeline"]) == 6
    assert response.context["transitions"] == ["close_registration"]


@pytest.mark.django_db
def test_topics_are_added_edited_and_switched_off_when_used(world: World, cohort: Cohort):
    client = client_for(world, "program_manager")
    client.post(
        url(world, "topic_list"),
        {"name_de": "Cybersicherheit", "name_en": "Cyber security", "active": "on"},
        secure=True,
    )
    topic = Topic.objects.get(key="cyber-security")
    response = client.post(
        url(world, "topic_edit", key=topic.key),
        {"name_de": "", "name_en": "Cyber security"},
        secure=True,
    )
    assert 'id="id_name_de_error"' in response.content.decode()

    client.post(url(world, "topic_remove", key="cyber-security"), secure=True)
    assert not Topic.objects.filter(key="cyber-security").exists()
    client.post(url(world, "topic_remove", key="ai"), secure=True)
    used = Topic.objects.get(organization=world.organization, key="ai")
    assert used.active is False
    assert cohort.topics.filter(pk=used.pk).exists()


@pytest.mark.django_db
def test_an_unusual_length_is_told_in_the_readers_number_format(world: World) -> None:
    """The warning said "8.7 Monate" beside "8,7" on the page (issue 14)."""
    made = CohortFactory(organization=world.organization, state="planning")
    cohort = Cohort.objects.get(pk=made.pk)
    Cohort.objects.filter(pk=cohort.pk).update(wrapup=cohort.kickoff + timedelta(days=265))
    cohort.refresh_from_db()
    assert cohort.length_unusual
    url = reverse("programs:cohort_edit", args=[world.organization.slug, cohort.public_id])
    client = client_for(world, "program_manager")
    form = client.get(url, secure=True).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    page = client.post(url, data, secure=True, follow=True).content.decode()
    assert "8,7 Monate" in page
    assert "8.7" not in page
