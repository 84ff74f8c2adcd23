"""Browser: from the mid-term survey to the results and the report, in German and English.

A running cohort of six tandems reaches its mid-term. The program manager
checks the survey's dates and saves them; the worker sends the invitations. A
mentor and a mentee follow the link in their mail and answer in the browser,
each with a comment; colleagues answer too, four of each role at first. While
the survey is open, the program manager and an observer find only the number
of answers: no comment, no mean. One more mentor and mentee answer, and a
second look shows nothing new either (PRIV-11: no differencing). Once the
survey has closed, the results appear, the comments among them. The program
manager downloads the report as a PDF in German and in English, parsed back
here (language, tags, content), and an observer reaches the same results from
the start page. Every page is
checked by axe, for CSP violations and for requests leaving the test server.
"""

import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from conftest import World
from tandem.browser import PageAudit, open_as
from tandem.core.tests.mail import run_worker
from tandem.people.tests.factories import PASSWORD
from tandem.programs.models import Cohort
from tandem.surveys.models import Respondent, Survey
from tandem.surveys.tests.helpers import answer_all, close, running_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTOR_COMMENT = "MENTOR-COMMENT-5b1e: mehr Zeit für Fragen"
MENTEE_COMMENT = "MENTEE-COMMENT-e04c: Praxisbeispiele helfen"
COMMENTS = (MENTOR_COMMENT, MENTEE_COMMENT)


@dataclass(frozen=True)
class Words:
    """What the pages say in one language: the test reads them as a user would."""

    language: str
    locale: str
    surveys_of: str
    midterm: str
    settings: str
    save: str
    saved: str
    invitation_subject: str
    send_answers: str
    thanks: str
    results: str
    not_shown: str
    results_of: str
    satisfaction: str
    withheld: str
    open_until: str
    pdf_german: str
    pdf_english: str
    results_card: str
    mentors: str


GERMAN = Words(
    language="de",
    locale="de-DE",
    surveys_of="Umfragen von",
    midterm="Halbzeitevaluation",
    settings="Termine, Erinnerung und Fragebögen",
    save="Speichern",
    saved="Die Umfrage wurde gespeichert.",
    invitation_subject="Halbzeitevaluation",
    send_answers="Antworten absenden",
    thanks="Vielen Dank: Ihre Antworten wurden anonym gespeichert.",
    results="Ergebnisse",
    not_shown="nicht angezeigt",
    results_of="Ergebnisse von",
    satisfaction="Zufriedenheit",
    withheld="nicht angezeigt",
    open_until="Die Umfrage ist bis",
    pdf_german="PDF-Bericht (Deutsch)",
    pdf_english="PDF-Bericht (Englisch)",
    results_card="Ergebnisse der Durchgänge",
    mentors="Mentor:innen",
)

ENGLISH = Words(
    language="en",
    locale="en-GB",
    surveys_of="Surveys of",
    midterm="Mid-term evaluation",
    settings="Dates, reminder and questionnaires",
    save="Save",
    saved="The survey has been saved.",
    invitation_subject="Mid-term evaluation",
    send_answers="Send answers",
    thanks="Thank you: your answers have been saved anonymously.",
    results="Results",
    not_shown="not shown",
    results_of="Results of",
    satisfaction="Satisfaction",
    withheld="withheld",
    open_until="The survey is open until",
    pdf_german="PDF report (German)",
    pdf_english="PDF report (English)",
    results_card="Results of the cohorts",
    mentors="Mentors",
)


def survey_path(email: str, words: Words) -> str:
    """The survey link in the invitation mailed to ``email``, as a path on the test server."""
    sent = [m for m in mail.outbox if email in m.to and words.invitation_subject in m.subject]
    assert sent, [m.subject for m in mail.outbox]
    match = re.search(r"https?://[^/\s]+(/\S+/surveys/[0-9a-f-]+/)", sent[0].body)
    assert match, sent[0].body
    return match.group(1)


def answer_in_browser(page: Page, words: Words, comment: str) -> None:
    """Every rating at its top, the first of each choice, and ``comment`` in every text box."""
    form = page.locator("main form")
    names = form.locator("input[type=radio]").evaluate_all(
        "inputs => [...new Set(inputs.map(i => i.name))]"
    )
    for name in names:
        group = form.locator(f"input[type=radio][name='{name}']")
        top = form.locator(f"input[type=radio][name='{name}'][value='5']")
        (top if top.count() else group.first).check()
    for box in form.locator("fieldset:has(input[type=checkbox])").all():
        box.locator("input[type=checkbox]").first.check()
    for text in form.locator("textarea").all():
        text.fill(comment)
    form.get_by_role("button", name=words.send_answers).click()
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text(words.thanks)


def assert_nothing_identifying(page: Page) -> None:
    text = page.locator("main").inner_text()
    for comment in COMMENTS:
        assert comment not in text


def _results_without_counts(page: Page) -> str:
    """The results page's text apart from the participation table (the answers counted)."""
    text: str = page.locator("main").inner_text()
    table: str = page.locator("#participation-heading + .table-wrap table").inner_text()
    return text.replace(table, "")


def pdf_of(page: Page, link: str) -> PdfReader:
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    path = download.value.path()
    with open(path, "rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


@pytest.fixture
def cohort(world: World) -> Cohort:
    return running_cohort(world, 6)


@pytest.mark.parametrize("words", [GERMAN, ENGLISH], ids=["de", "en"])
def test_midterm_survey_to_results_and_report(
    world: World,
    cohort: Cohort,
    browser: Browser,
    live_server: Any,
    journey: tuple[list[Any], PageAudit],
    words: Words,
) -> None:
    _contexts, audit = journey
    base = live_server.url
    for user in (world.program_manager, world.mentor, world.mentee, world.observer):
        user.language = words.language
        user.save(update_fields=["language"])

    def login(user: Any) -> Page:
        return open_as(
            journey, browser, base, email=user.email, password=PASSWORD, locale=words.locale
        )

    # The program manager checks the mid-term survey's dates and saves them: it goes out.
    manager = login(world.program_manager)
    manager.goto(f"{base}/nordwind/cohorts/{cohort.public_id}/surveys/")
    expect(manager.locator("h1")).to_contain_text(words.surveys_of)
    audit.check_page(manager)
    midterm = manager.locator("section", has_text=words.midterm).first
    midterm.get_by_role("link", name=words.settings).click()
    audit.check_page(manager)
    manager.get_by_role("button", name=words.save).click()
    expect(manager.get_by_text(words.saved)).to_be_visible()
    run_worker()
    survey = Survey.objects.get(cohort=cohort, phase="midterm")
    assert Respondent.objects.filter(survey=survey, invited__isnull=False).count() == 12

    # A mentor and a mentee answer from the link in their mail.
    for user, comment in ((world.mentor, MENTOR_COMMENT), (world.mentee, MENTEE_COMMENT)):
        page = login(user)
        page.goto(base + survey_path(user.email, words))
        audit.check_page(page)
        answer_in_browser(page, words, comment)
        audit.check_page(page)

    # Three colleagues of each role answer too, with a comment: four of six, fewer than five.
    for role in ("mentor", "mentee"):
        assert answer_all(survey, role, rating=3, text="Gut organisiert.", limit=3) == 3

    # While the survey is open, its results show only how many answered: no comment, no mean.
    results_url = f"{base}/nordwind/surveys/{survey.public_id}/results/"
    dashboard_url = f"{base}/nordwind/cohorts/{cohort.public_id}/results/"
    observer = login(world.observer)
    first_reads = {}
    for reader in (manager, observer):
        reader.goto(results_url)
        expect(reader.locator("main")).to_contain_text(words.open_until)
        assert_nothing_identifying(reader)
        audit.check_page(reader)
        first_reads[id(reader)] = _results_without_counts(reader)
    manager.goto(dashboard_url)
    assert_nothing_identifying(manager)
    audit.check_page(manager)

    # The fifth mentor and mentee answer: a second look shows nothing new (no differencing).
    for role in ("mentor", "mentee"):
        assert answer_all(survey, role, rating=4, text="Gern wieder.", limit=1) == 1
    for reader in (manager, observer):
        reader.goto(results_url)
        assert_nothing_identifying(reader)
        assert _results_without_counts(reader) == first_reads[id(reader)]

    # The survey closes: the results appear, the comments among them.
    close(survey)
    manager.goto(results_url)
    main = manager.locator("main")
    for comment in COMMENTS:
        expect(main).to_contain_text(comment)
    audit.check_page(manager)
    manager.goto(dashboard_url)
    satisfaction = manager.locator("section", has_text=words.satisfaction).last
    expect(satisfaction.locator("svg[role=img]")).to_have_count(1)
    expect(satisfaction.locator("table")).to_contain_text(words.mentors)
    expect(satisfaction.locator("table")).not_to_contain_text(words.withheld)
    audit.check_page(manager)

    # The report, in German and in English: tagged PDF/UA, in its language, with the figures.
    for link, language, heading in (
        (words.pdf_german, "de", "Zufriedenheit"),
        (words.pdf_english, "en", "Satisfaction"),
    ):
        report = pdf_of(manager, link)
        root = report.trailer["/Root"].get_object()
        assert isinstance(root, DictionaryObject)
        assert str(root["/Lang"]) == language
        mark_info = root["/MarkInfo"].get_object()
        assert isinstance(mark_info, DictionaryObject)
        assert mark_info["/Marked"]
        assert "/StructTreeRoot" in root
        text = "\n".join(p.extract_text() for p in report.pages)
        assert cohort.name in text
        assert heading in text
        for comment in COMMENTS:
            assert comment not in text  # free text is not part of the report

    # An observer reaches the same results from the start page.
    observer.goto(f"{base}/nordwind/")
    card = observer.locator("section", has_text=words.results_card)
    card.get_by_role("link", name=re.compile(cohort.name)).click()
    expect(observer.locator("h1")).to_contain_text(words.results_of)
    audit.check_page(observer)
