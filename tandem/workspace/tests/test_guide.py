"""The tandem's guide: partners only; the partner's shared profile, the reasons, rules and tips."""

import pytest
from django.urls import reverse

from conftest import World, client_for
from tandem.meetings.tests.helpers import accept, count_queries
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db

REASONS = [
    {"code": "topic", "points": 40.0, "details": {"topics": ["ai"]}},
    {"code": "availability", "points": 10.0, "details": {"shared_slots": 2}},
]


def _url(world: World, tandem: Tandem) -> str:
    kwargs = {"org_slug": world.organization.slug, "public_id": tandem.public_id}
    return reverse("workspace:guide", kwargs=kwargs)


def _body(world: World, tandem: Tandem, persona: str) -> str:
    response = client_for(world, persona).get(_url(world, tandem), secure=True)
    assert response.status_code == 200
    return response.content.decode()


def test_only_the_partners_open_the_guide(world: World, tandem: Tandem) -> None:
    url = _url(world, tandem)
    for persona in ("admin", "program_manager", "observer", "outsider", "other_admin"):
        assert client_for(world, persona).get(url, secure=True).status_code == 404
    response = client_for(world, "anonymous").get(url, secure=True)
    assert response["Location"].startswith(reverse("account_login"))


def test_the_mentee_sees_the_mentors_offer_and_why_they_were_matched(
    world: World, tandem: Tandem
) -> None:
    accept(tandem)
    tandem.reasons = REASONS
    tandem.save(update_fields=["reasons"])
    tandem.mentor.languages = ["de", "en", "tr", "Klingonisch"]
    tandem.mentor.save(update_fields=["languages"])
    body = _body(world, tandem, "mentee")
    assert "Mia Mentorin" in body
    assert "Deutsch, Englisch, Türkisch, Klingonisch" in body
    assert "Thema ai (eigene Stufe 4 von 5)" in body
    assert "Sie haben beide 2 Zeitfenster pro Woche frei." in body


def test_the_profile_shows_nothing_from_hr_or_the_other_answers(
    world: World, tandem: Tandem
) -> None:
    mentor = tandem.mentor
    mentor.employee.job_level = "L9-Geheim"
    mentor.employee.save(update_fields=["job_level"])
    mentor.expectations = "Erwartung-Geheim"
    mentor.motivation = "Motivation-Geheim"
    mentor.location = "Standort-Geheim"
    mentor.save(update_fields=["expectations", "motivation", "location"])
    body = _body(world, tandem, "mentee")
    for secret in ("L9-Geheim", "Erwartung-Geheim", "Motivation-Geheim", "Standort-Geheim"):
        assert secret not in body
    assert "Lena Leitung" not in body  # the mentor's line manager


def test_only_mentors_get_the_teaching_tips(world: World, tandem: Tandem) -> None:
    accept(tandem)
    mentor, mentee = _body(world, tandem, "mentor"), _body(world, tandem, "mentee")
    assert "Tipps zum Erklären" in mentor
    assert "Tipps zum Erklären" not in mentee
    assert "So holen Sie das meiste" in mentee
    assert "Thema ai (Priorität 3 von 5)" in mentor
    for body in (mentor, mentee):
        assert "Diskretion" in body
        assert "neutralen Ort" in body


def test_the_guide_reads_in_english(world: World, tandem: Tandem) -> None:
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    body = _body(world, tandem, "mentor")
    assert "Tips for explaining and teaching" in body
    assert "Topic ai (priority 3 of 5)" in body


def test_a_proposed_tandem_links_to_the_answer(world: World, tandem: Tandem) -> None:
    body = _body(world, tandem, "mentee")
    answer = reverse(
        "workspace:tandem_detail",
        kwargs={"org_slug": world.organization.slug, "public_id": tandem.public_id},
    )
    assert f'href="{answer}"' in body
    assert "Ihre Antwort geben" in body


def test_the_guide_runs_a_constant_number_of_queries(world: World, tandem: Tandem) -> None:
    accept(tandem)
    path = _url(world, tandem)
    few = count_queries(client_for(world, "mentor"), path)
    tandem.mentee.goals = {"ai": 3, "social_media": 5, "agile": 1}
    tandem.mentee.save(update_fields=["goals"])
    tandem.reasons = REASONS * 3
    tandem.save(update_fields=["reasons"])
    assert count_queries(client_for(world, "mentor"), path) == few


def test_the_answer_page_leads_to_the_guide(world: World, tandem: Tandem) -> None:
    kwargs = {"org_slug": world.organization.slug, "public_id": tandem.public_id}
    answer = reverse("workspace:tandem_detail", kwargs=kwargs)
    body = client_for(world, "mentor").get(answer, secure=True).content.decode()
    assert f'href="{_url(world, tandem)}"' in body
