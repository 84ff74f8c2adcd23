"""Mentors' certificates: who gets one, the topics and meetings named, in the mentor's language."""

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import World, client_for, fresh_client_for
from tandem.meetings.models import Meeting, MeetingState
from tandem.people.tests.factories import EmployeeFactory, UserFactory
from tandem.programs.models import (
    Cohort,
    CohortState,
    EndReason,
    Tandem,
    TandemState,
    default_dates,
)
from tandem.programs.tests.factories import CohortFactory, TandemFactory, TopicFactory
from tandem.reports.certificates import certificate_mentors
from tandem.workspace.models import Takeaway

TOPICS = {
    "ai": ("Künstliche Intelligenz", "Artificial intelligence"),
    "social_media": ("Soziale Medien", "Social media"),
    "agile": ("Agiles Arbeiten", "Agile working"),
}


@dataclass
class Finished:
    """A completed cohort: the world's mentor (German) taught KI and agile work in two meetings;
    an English mentor taught social media; a third mentor's tandem was ended early."""

    cohort: Cohort
    german: Tandem
    english: Tandem
    ended: Tandem


def _tandem(cohort: Cohort, *, topics: dict[str, int], goals: dict[str, int], **kwargs) -> Tandem:
    return TandemFactory(
        cohort=cohort,
        state=TandemState.ACCEPTED,
        accepted=timezone.now() - timedelta(days=120),
        mentor__topics=topics,
        mentee__goals=goals,
        **kwargs,
    )


def _meeting(tandem: Tandem, state: str) -> Meeting:
    return Meeting.objects.create(
        organization=tandem.organization,
        tandem=tandem,
        start=timezone.now() - timedelta(days=30),
        state=state,
    )


@pytest.fixture
def finished(world: World) -> Finished:
    org = world.organization
    for key, (name_de, name_en) in TOPICS.items():
        TopicFactory(organization=org, key=key, name_de=name_de, name_en=name_en)
    cohort = CohortFactory(
        organization=org,
        name="Jahrgang 2026",
        state=CohortState.COMPLETED,
        program__name="Digital Lernen",
        **default_dates(timezone.localdate() - timedelta(days=160)),
    )
    german = _tandem(
        cohort,
        topics={"ai": 4, "social_media": 3, "agile": 2},
        goals={"ai": 5, "agile": 2},
        mentor__employee=world.mentor_employee,
        mentee__employee=world.mentee_employee,
    )
    english_user = UserFactory(language="en", first_name="Emma", last_name="English")
    english = _tandem(
        cohort,
        topics={"social_media": 4},
        goals={"ai": 3},  # nothing in common: the certificate names what she offered
        mentor__employee=EmployeeFactory(
            organization=org, first_name="Emma", last_name="English", user=english_user
        ),
    )
    ended = _tandem(
        cohort,
        topics={"ai": 3},
        goals={"ai": 3},
        mentor__employee__first_name="Ernst",
        mentor__employee__last_name="Early",
    )
    Tandem.objects.filter(pk=ended.pk).update(
        state=TandemState.DISSOLVED, end_reason=EndReason.TIME, ended=timezone.now()
    )
    held = [_meeting(german, state) for state in (MeetingState.HELD, MeetingState.HELD)]
    _meeting(german, MeetingState.CANCELLED)
    Takeaway.objects.create(organization=org, meeting=held[0], author="mentor", text="GEHEIMNIS")
    return Finished(cohort, german, english, ended)


def _pdf(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _own(world: World, tandem: Tandem) -> str:
    return reverse(
        "reports:own_certificate",
        kwargs={"org_slug": world.organization.slug, "public_id": tandem.mentor.public_id},
    )


def _one(world: World, finished: Finished, tandem: Tandem) -> str:
    return reverse(
        "reports:certificate",
        kwargs={
            "org_slug": world.organization.slug,
            "public_id": finished.cohort.public_id,
            "mentor_id": tandem.mentor.public_id,
        },
    )


def test_a_german_mentor_gets_a_german_certificate_naming_the_topics_taught(world, finished):
    reader = _pdf(client_for(world, "mentor").get(_own(world, finished.german), secure=True))

    text = _text(reader)
    assert len(reader.pages) == 1
    assert "Mia Mentorin" in text
    assert "Mentor:in" not in text  # a named person is not addressed in the neutral form
    assert "in der Rolle Mentoring" in text
    assert "NORDWIND LOGISTIK AG" in text  # small capitals by CSS
    assert "Digital Lernen" in text
    assert "Künstliche Intelligenz" in text
    assert "Agiles Arbeiten" in text
    assert "Soziale Medien" not in text  # offered, but the mentee did not want it
    assert "Artificial intelligence" not in text
    assert "2" in text.split("Agiles Arbeiten", 1)[1]  # two meetings held, the cancelled one not
    assert str(reader.metadata.get("/Title", "")).endswith("Mia Mentorin")
    assert str(reader.root_object["/Lang"]) == "de"


def test_an_english_mentor_gets_an_english_certificate_from_the_program_team(world, finished):
    response = fresh_client_for(world, "program_manager").get(
        _one(world, finished, finished.english), secure=True
    )

    reader = _pdf(response)
    text = _text(reader)
    assert "Emma English" in text
    assert "Social media" in text  # nothing in common with the mentee: what she offered
    assert "Soziale Medien" not in text
    assert "Certificate of participation" in text
    assert str(reader.root_object["/Lang"]) == "en"


def test_the_certificate_holds_nothing_the_tandem_wrote(world, finished):
    text = _text(_pdf(client_for(world, "mentor").get(_own(world, finished.german), secure=True)))

    assert "GEHEIMNIS" not in text
    assert "Martin" not in text  # nor the mentee's name


def test_no_certificate_for_a_mentor_whose_tandem_ended_early(world, finished):
    mentors = [certificate.mentor for certificate in certificate_mentors(finished.cohort)]

    assert finished.ended.mentor not in mentors
    admin = fresh_client_for(world, "admin")
    assert admin.get(_own(world, finished.ended), secure=True).status_code == 404
    assert admin.get(_one(world, finished, finished.ended), secure=True).status_code == 404


def test_the_mentee_gets_no_certificate_and_not_the_mentors(world, finished):
    mentee = client_for(world, "mentee")
    own_registration = reverse(
        "reports:own_certificate",
        kwargs={"org_slug": world.organization.slug, "public_id": finished.german.mentee.public_id},
    )

    assert mentee.get(own_registration, secure=True).status_code == 404
    assert mentee.get(_own(world, finished.german), secure=True).status_code == 404
    assert fresh_client_for(world, "admin").get(own_registration, secure=True).status_code == 404


def test_no_certificate_before_the_cohort_is_over(world, finished):
    Cohort.objects.filter(pk=finished.cohort.pk).update(
        state=CohortState.RUNNING, wrapup=timezone.localdate()
    )
    finished.cohort.refresh_from_db()

    assert certificate_mentors(finished.cohort) == []
    response = client_for(world, "mentor").get(_own(world, finished.german), secure=True)
    assert response.status_code == 404


def test_a_passed_wrap_up_is_enough_without_closing_the_cohort(world, finished):
    Cohort.objects.filter(pk=finished.cohort.pk).update(state=CohortState.RUNNING)
    finished.cohort.refresh_from_db()

    assert len(certificate_mentors(finished.cohort)) == 2


def test_all_certificates_in_one_pdf_one_page_per_mentor(world, finished):
    url = reverse(
        "reports:certificates",
        kwargs={"org_slug": world.organization.slug, "public_id": finished.cohort.public_id},
    )

    reader = _pdf(fresh_client_for(world, "admin").get(url, secure=True))

    assert len(reader.pages) == 2
    assert "Emma English" in reader.pages[0].extract_text()  # by last name
    assert "Mia Mentorin" in reader.pages[1].extract_text()
    assert "Social media" in reader.pages[0].extract_text()
    assert "Künstliche Intelligenz" in reader.pages[1].extract_text()
    assert "Ernst" not in _text(reader)


def test_all_certificates_before_there_are_any_goes_back_with_a_message(world, finished):
    cohort = CohortFactory(organization=world.organization)
    url = reverse(
        "reports:certificates",
        kwargs={"org_slug": world.organization.slug, "public_id": cohort.public_id},
    )

    response = fresh_client_for(world, "admin").get(url, secure=True, follow=True)

    assert response.redirect_chain[0][0].endswith(f"/cohorts/{cohort.public_id}/")
    assert [message.level_tag for message in response.context["messages"]] == ["info"]


def test_certificate_mentors_needs_the_same_queries_for_few_and_many(
    world, finished, django_assert_num_queries
):
    with django_assert_num_queries(3):
        few = certificate_mentors(finished.cohort)
    for _ in range(3):
        _tandem(finished.cohort, topics={"agile": 3}, goals={"agile": 1})
    with django_assert_num_queries(3):
        many = certificate_mentors(finished.cohort)

    assert (len(few), len(many)) == (2, 5)


def test_the_start_page_tells_the_mentor_their_certificate_is_ready(world, finished):
    home = reverse("people:organization_home", kwargs={"org_slug": world.organization.slug})

    mentor_page = client_for(world, "mentor").get(home, secure=True).content.decode()
    mentee_page = client_for(world, "mentee").get(home, secure=True).content.decode()

    assert _own(world, finished.german) in mentor_page
    assert "/certificates/" not in mentee_page


def test_a_mentor_may_have_the_certificate_in_either_language(world, finished):
    """Only in the mentor's own language before (issue 14)."""
    client = client_for(world, "mentor")
    english = _pdf(client.get(_own(world, finished.german) + "?lang=en", secure=True))
    assert "Certificate of participation" in _text(english)
    assert str(english.root_object["/Lang"]) == "en"
    german = _pdf(client.get(_own(world, finished.german) + "?lang=xx", secure=True))
    assert str(german.root_object["/Lang"]) == "de"  # unknown: the mentor's own
