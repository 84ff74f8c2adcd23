"""A cohort's results: the numbers, what stays withheld, the page's query count and the PDF."""

import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from conftest import World, client_for
from tandem.events import services as events_services
from tandem.events.models import CohortEvent, EventInvitation, EventKind
from tandem.programs.models import Cohort, EndReason, Tandem, TandemState
from tandem.programs.tests.factories import EnrollmentFactory, LessonFactory, TandemFactory
from tandem.reports import metrics
from tandem.reports.selectors import cohort_results
from tandem.surveys import services as surveys_services
from tandem.surveys.models import Question, Respondent, Survey
from tandem.surveys.tests.helpers import answer_all, close, midterm, running_cohort
from tandem.workspace.models import Quote

# Mentors' ratings whose mean (1.8) appears nowhere else: it may show only when 5 answered.
MENTOR_RATINGS = (1, 1, 2, 3, 2)
SENTINELS = ("1,8", "1.8")


def _rate(survey: Survey, role: str, ratings: tuple[int, ...]) -> None:
    """Respondents of ``role`` answer the satisfaction question, one rating each, in order."""
    question = Question.objects.get(template=survey.template_for(role), key="satisfaction")
    respondents = Respondent.objects.filter(survey=survey, role=role).select_related(
        "survey", "enrollment"
    )
    for respondent, rating in zip(respondents, ratings, strict=False):
        given = [surveys_services.Given(question, number=rating)]
        surveys_services.submit(respondent=respondent, answers=given, today=survey.opens)


def _rated_cohort(world: World, tandems: int) -> Cohort:
    cohort = running_cohort(world, tandems)
    survey = midterm(cohort)
    _rate(survey, "mentor", MENTOR_RATINGS[:tandems])
    answer_all(survey, "mentee", rating=5)
    close(survey)  # results are released once the survey has closed (PRIV-11)
    return cohort


class _Text(HTMLParser):
    """A page's text nodes, without attributes (SVG coordinates hold any decimal)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_language(pdf: bytes) -> str:
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get_object()
    assert isinstance(catalog, DictionaryObject)
    return str(catalog["/Lang"])


def results_url(world: World, cohort: Cohort, name: str = "reports:cohort_results") -> str:
    return reverse(name, args=[world.organization.slug, cohort.public_id])


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_participation_counts_accepted_tandems_and_those_ended_early(world: World) -> None:
    cohort = running_cohort(world, 6)
    ended = Tandem.objects.filter(cohort=cohort).last()
    assert ended is not None
    Tandem.objects.filter(pk=ended.pk).update(
        state=TandemState.DISSOLVED, end_reason=EndReason.TIME, ended=timezone.now()
    )
    TandemFactory(cohort=cohort)  # proposed, never accepted: not a tandem of the results
    EnrollmentFactory(cohort=cohort, role="mentee")  # registered, never matched

    participation = cohort_results(cohort).participation

    assert participation == metrics.Participation(
        mentors_registered=7,
        mentees_registered=8,
        mentors=6,
        mentees=6,
        tandems=6,
        completed=5,
        ended_early=1,
    )


@pytest.mark.django_db
def test_topics_taught_where_the_mentor_offers_what_the_mentee_wants(world: World) -> None:
    cohort = running_cohort(world, 3)
    # The mentors offer "ai" (the factory's level 4), the mentees want "ai"; one wants "agile"
    # too, which no mentor offers, and one mentor's offer was verified down to nothing.
    last = Tandem.objects.filter(cohort=cohort).select_related("mentor").last()
    assert last is not None
    mentor = last.mentor
    mentor.verified = {"ai": 0}
    mentor.save(update_fields=["verified"])

    taught = cohort_results(cohort).taught

    assert [(t.topic, t.tandems) for t in taught] == [("ai", 2)]


@pytest.mark.django_db
@pytest.mark.parametrize("clock", ["2026-12-06 12:00 +01:00", "2026-12-06 23:30 +01:00"])
def test_meetings_come_from_program_health(world: World, clock: str) -> None:
    # Late in the evening in winter, 70 days back is summer time: still 70 local days.
    with time_machine.travel(clock, tick=False):
        results = cohort_results(running_cohort(world, 2))
    # Accepted 70 days ago, kick-off 80 days ago, every two weeks: five meetings planned each.
    assert results.meetings.expected == 10
    assert results.meetings.held == 0


@pytest.mark.django_db
def test_satisfaction_of_four_mentors_is_withheld(world: World) -> None:
    results = cohort_results(_rated_cohort(world, 4))

    cells = {(s.phase, s.group): s for s in results.satisfaction}
    assert cells["midterm", "mentor"].mean is None
    assert cells["midterm", "mentor"].people == 0
    assert cells["midterm", "mentee"].mean is None
    # Eight people together: shown, and neither group can be worked out from it.
    assert cells["midterm", "all"].mean == pytest.approx(3.4)


@pytest.mark.django_db
def test_satisfaction_of_five_mentors_is_shown(world: World) -> None:
    results = cohort_results(_rated_cohort(world, 5))

    cells = {(s.phase, s.group): s for s in results.satisfaction}
    assert cells["midterm", "mentor"] == metrics.Satisfaction("midterm", "mentor", 5, 1.8)
    assert cells["midterm", "mentee"].mean == 5.0


@pytest.mark.django_db
def test_event_attendance_is_withheld_when_fewer_than_k_were_invited(world: World) -> None:
    cohort = running_cohort(world, 4)
    start = timezone.now() - timedelta(days=30)
    kinds = {EventKind.KICKOFF: "Auftakt", EventKind.EXCHANGE: "Austausch"}
    for kind, title in kinds.items():
        event = events_services.create_event(
            cohort=cohort, actor=None, kind=kind, title=title, start=start, place="Forum"
        )
        events_services.invite(event=event, actor=None)
        invitations = EventInvitation.objects.filter(event=event).order_by("id")
        attended = {i.pk: n % 4 != 0 for n, i in enumerate(invitations)}
        events_services.record_attendance(event=event, actor=None, attended=attended)
    unrecorded = events_services.create_event(
        cohort=cohort, actor=None, kind=EventKind.OTHER, title="Offen", start=start, place="x"
    )
    events_services.invite(event=unrecorded, actor=None)
    cancelled = events_services.create_event(
        cohort=cohort, actor=None, kind=EventKind.OTHER, title="Abgesagt", start=start, place="x"
    )
    CohortEvent.objects.filter(pk=cancelled.pk).update(state="cancelled")

    events = {e.title: e for e in cohort_results(cohort).events}

    assert set(events) == {"Auftakt", "Austausch", "Offen"}
    assert (events["Auftakt"].invited, events["Auftakt"].attended) == (8, 6)
    assert events["Austausch"].invited == 4  # the mentors only
    assert events["Austausch"].attended is None
    assert events["Austausch"].withheld
    assert events["Offen"].attended is None
    assert not events["Offen"].withheld


# --- the page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_withholds_the_mean_of_four_mentors(world: World) -> None:
    cohort = _rated_cohort(world, 4)

    response = client_for(world, "observer").get(results_url(world, cohort), secure=True)

    text = page_text(response.content.decode())
    assert "Zufriedenheit" in text or "Satisfaction" in text
    assert not any(sentinel in text for sentinel in SENTINELS)
    assert "<svg" in response.content.decode()


@pytest.mark.django_db
def test_page_shows_the_mean_of_five_mentors(world: World) -> None:
    cohort = _rated_cohort(world, 5)

    response = client_for(world, "program_manager").get(results_url(world, cohort), secure=True)

    text = page_text(response.content.decode())
    assert "1,8" in text  # in the chart's description, its label and its table


@pytest.mark.django_db
def test_results_page_runs_the_same_queries_for_3_and_30_tandems(world: World) -> None:
    client = client_for(world, "program_manager")
    counts = []
    for tandems in (3, 30):
        cohort = _rated_cohort(world, tandems)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(results_url(world, cohort), secure=True)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_cohort_page_links_to_the_results(world: World) -> None:
    cohort = running_cohort(world, 1)
    url = reverse("programs:cohort_detail", args=[world.organization.slug, cohort.public_id])

    response = client_for(world, "program_manager").get(url, secure=True)

    assert results_url(world, cohort) in response.content.decode()


@pytest.mark.django_db
def test_quotes_both_partners_agreed_to_and_lessons_are_shown(world: World) -> None:
    cohort = running_cohort(world, 5)
    first, second = Tandem.objects.filter(cohort=cohort).order_by("id")[:2]
    Quote.objects.create(
        organization=world.organization,
        tandem=first,
        text="Wir haben beide viel gelernt.",
        written_by="mentor",
        mentor_agreed=True,
        mentee_agreed=True,
    )
    Quote.objects.create(
        organization=world.organization,
        tandem=second,
        text="NOT-AGREED-BY-THE-MENTEE",
        written_by="mentor",
        mentor_agreed=True,
    )
    LessonFactory(cohort=cohort, text="Die Einladung früher verschicken.")
    client = client_for(world, "observer")

    page = client.get(results_url(world, cohort), secure=True).content.decode()
    pdf = client.get(results_url(world, cohort, "reports:report_pdf"), secure=True).content

    for text in (page_text(page), pdf_text(pdf)):
        assert "Wir haben beide viel gelernt." in text
        assert "Die Einladung früher verschicken." in text
        assert "NOT-AGREED-BY-THE-MENTEE" not in text


@pytest.mark.django_db
def test_no_quote_is_printed_for_a_cohort_of_fewer_than_k_tandems(world: World) -> None:
    """With four tandems, "a tandem of the cohort" narrows a quote down to too few people."""
    cohort = running_cohort(world, 4)
    Quote.objects.create(
        organization=world.organization,
        tandem=Tandem.objects.filter(cohort=cohort)[0],
        text="AGREED-IN-A-SMALL-COHORT",
        written_by="mentor",
        mentor_agreed=True,
        mentee_agreed=True,
    )
    assert cohort_results(cohort).quotes == ()
    page = client_for(world, "observer").get(results_url(world, cohort), secure=True)
    assert "AGREED-IN-A-SMALL-COHORT" not in page.content.decode()


# --- the PDF ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "chart_title"), [("de", "Beteiligung"), ("en", "Participation")])
def test_report_is_a_pdf_in_the_chosen_language(world: World, lang: str, chart_title: str) -> None:
    cohort = _rated_cohort(world, 4)
    url = results_url(world, cohort, "reports:report_pdf")

    response = client_for(world, "observer").get(url, {"lang": lang}, secure=True)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"-{lang}.pdf" in response["Content-Disposition"]
    assert pdf_language(response.content) == lang
    text = pdf_text(response.content)
    assert cohort.name in text
    assert chart_title in text
    assert not any(sentinel in text for sentinel in SENTINELS)


@pytest.mark.django_db
def test_report_without_a_language_follows_the_reader(world: World) -> None:
    cohort = running_cohort(world, 1)
    url = results_url(world, cohort, "reports:report_pdf")

    response = client_for(world, "program_manager").get(url, {"lang": "xx"}, secure=True)

    assert response.status_code == 200
    assert pdf_language(response.content) == "de"
