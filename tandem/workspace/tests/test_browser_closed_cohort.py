"""Browser: a closed cohort's tandem offers nothing that changes it; the header's language switch
works for a signed-in user and is remembered; copy buttons copy the feed address (issue 14).

The mentor of a tandem whose cohort has closed walks every page of the tandem: each says the
cohort is closed and no page offers a form that would change the tandem (only the header's
language switch and logout post). The mentor switches the language in the header, the next page
and the next login keep it. Every page is checked by axe, for CSP violations and for requests
leaving the test server.
"""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import World
from tandem.browser import PageAudit, open_as
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.people.tests.factories import PASSWORD
from tandem.programs.models import Cohort, CohortState, Tandem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLOSED = {
    "de": "Der Durchgang wurde abgeschlossen",
    "en": "The cohort has been closed",
}
SWITCH = {"de": "English", "en": "Deutsch"}
HOME_HEADING = {"de": "Ihr Mentoring", "en": "Your mentoring"}
LOCALE = {"de": "de-DE", "en": "en-GB"}
OTHER = {"de": "en", "en": "de"}


@pytest.fixture
def closed(tandem: Tandem) -> Tandem:
    """The world's tandem, accepted, one meeting held and one ahead; then its cohort closed."""
    accept(tandem)
    for days, state in ((-7, MeetingState.HELD), (2, MeetingState.PLANNED)):
        Meeting.objects.create(
            organization=tandem.organization,
            tandem=tandem,
            start=timezone.now() + timedelta(days=days),
            minutes=45,
            state=state,
        )
    Cohort.objects.filter(pk=tandem.cohort_id).update(state=CohortState.COMPLETED)
    return tandem


def changing_forms(page: Page) -> list[str]:
    """The actions of the forms in the page's main part that post (the header's are fine)."""
    return page.eval_on_selector_all(
        "main form",
        "forms => forms.filter(f => (f.method || '').toLowerCase() === 'post')"
        ".map(f => f.getAttribute('action') || location.pathname)",
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_closed_cohorts_tandem_offers_nothing_that_changes_it(
    browser: Browser,
    journey: tuple[list[BrowserContext], PageAudit],
    live_server: Any,
    world: World,
    closed: Tandem,
    language: str,
) -> None:
    _contexts, audit = journey
    world.mentor.language = language
    world.mentor.save(update_fields=["language"])
    base, slug = live_server.url, world.organization.slug
    page = open_as(
        journey, browser, base, email=world.mentor.email, password=PASSWORD, locale=LOCALE[language]
    )
    pages = [
        f"/{slug}/tandems/{closed.public_id}/meetings/",
        f"/{slug}/tandems/{closed.public_id}/plan/",
        *(
            f"/{slug}/meetings/{meeting.public_id}/"
            for meeting in Meeting.objects.filter(tandem=closed)
        ),
    ]
    for path in pages:
        page.goto(base + path)
        expect(page.locator("main")).to_contain_text(CLOSED[language])
        assert changing_forms(page) == [], path
        audit.check_page(page)
    assert not page.get_by_role("button", name=re.compile("agree|vereinbaren", re.I)).count()


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_language_switch_works_signed_in_and_is_remembered(
    browser: Browser,
    journey: tuple[list[BrowserContext], PageAudit],
    live_server: Any,
    world: World,
    tandem: Tandem,
    language: str,
) -> None:
    _contexts, audit = journey
    world.mentor.language = language
    world.mentor.save(update_fields=["language"])
    base = live_server.url
    page = open_as(
        journey, browser, base, email=world.mentor.email, password=PASSWORD, locale=LOCALE[language]
    )
    expect(page.locator("html")).to_have_attribute("lang", language)
    here = page.url
    page.get_by_role("button", name=SWITCH[language]).click()
    other = OTHER[language]
    expect(page.locator("html")).to_have_attribute("lang", other)
    assert page.url == here  # the same page, now in the other language
    expect(page.get_by_role("heading", name=HOME_HEADING[other])).to_be_visible()
    audit.check_page(page)
    page.goto(f"{base}/account/preferences/")
    expect(page.locator("html")).to_have_attribute("lang", other)
    world.mentor.refresh_from_db()
    assert world.mentor.language == other
    # A new sign-in, in a browser that asks for the old language, keeps the choice.
    again = open_as(
        journey, browser, base, email=world.mentor.email, password=PASSWORD, locale=LOCALE[language]
    )
    expect(again.locator("html")).to_have_attribute("lang", other)


def test_the_feed_address_is_copied_with_one_click(
    browser: Browser,
    journey: tuple[list[BrowserContext], PageAudit],
    live_server: Any,
    world: World,
    tandem: Tandem,
) -> None:
    _contexts, audit = journey
    accept(tandem)
    base = live_server.url
    page = open_as(
        journey, browser, base, email=world.mentor.email, password=PASSWORD, locale="de-DE"
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(f"{base}/{world.organization.slug}/calendar/")
    page.get_by_role("button", name="Meine Kalenderadresse erstellen").click()
    address = page.get_by_label("Ihre geheime Kalenderadresse").input_value()
    assert address.startswith(base)
    page.get_by_role("button", name="Adresse kopieren").click()
    expect(page.get_by_text("Kopiert.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address
    audit.check_page(page)


def test_the_invitation_link_is_copied_with_one_click(
    browser: Browser,
    journey: tuple[list[BrowserContext], PageAudit],
    live_server: Any,
    world: World,
    cohort: Cohort,
) -> None:
    _contexts, audit = journey
    world.program_manager.language = "en"
    world.program_manager.save(update_fields=["language"])
    base = live_server.url
    page = open_as(
        journey, browser, base, email=world.program_manager.email, password=PASSWORD, locale="en-GB"
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(f"{base}/{world.organization.slug}/cohorts/{cohort.public_id}/")
    link = page.get_by_label("Invitation link for the intranet or an e-mail").input_value()
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    audit.check_page(page)
