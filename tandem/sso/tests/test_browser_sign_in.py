"""Browser (issue 16), in German and English: a person finds their organisation's company
sign-in from the login page, signs in at a real OpenID Connect provider (oidc-provider on
loopback) and arrives in their organisation; an administration tests its provider.

axe, CSP and the network check run on every page of Tandem's on the way (``journey``).
"""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from tandem.browser import PageAudit, open_as, watch
from tandem.people.models import Employee
from tandem.people.tests.factories import PASSWORD
from tandem.sso.tests.oidc_peer import Peer, configure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "de": {
        "locale": "de-DE",
        "company": "Mit Ihrem Firmenkonto anmelden",
        "who": "Geschäftliche E-Mail-Adresse oder Kurzname",
        "continue": "Weiter",
        "sign_in_with": "Mit Peer IdP anmelden",
        "refused": "Anmeldung abgelehnt",
        "settings": "Anmeldung mit Firmenkonto",
        "test": "Anmeldung testen",
        "tested": "Test der Anmeldung mit Firmenkonto",
        "finds": "Lena Leitung",
    },
    "en": {
        "locale": "en-GB",
        "company": "Sign in with your company account",
        "who": "Work e-mail address or short name",
        "continue": "Continue",
        "sign_in_with": "Sign in with Peer IdP",
        "refused": "Sign-in refused",
        "settings": "Company sign-in",
        "test": "Test the sign-in",
        "tested": "Test of the company sign-in",
        "finds": "Lena Leitung",
    },
}


def _browser_page(
    journey: tuple[list[Any], PageAudit], browser: Any, base: str, peer: Peer, locale: str
) -> Page:
    contexts, audit = journey
    context = browser.new_context(locale=locale, timezone_id="Europe/Berlin")
    watch(context, audit, urlsplit(base).hostname, str(urlsplit(peer.url).hostname))
    contexts.append(context)
    page: Page = context.new_page()
    return page


def _at_provider(page: Page, login: str) -> None:
    """The provider's own sign-in page (not Tandem's: no audit here)."""
    page.locator("#login").fill(login)
    page.locator("button[type=submit]").click()


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_person_signs_in_with_their_company_account(
    journey: tuple[list[Any], PageAudit],
    browser: Any,
    live_server: Any,
    world: World,
    oidc_peer: Peer,
    language: str,
) -> None:
    words = WORDS[language]
    _contexts, audit = journey
    # The refusal answers 403; the provider's page asks for a favicon it does not have.
    audit.expected_statuses = {403, 404}
    base = live_server.url
    configure(oidc_peer, world.organization, domains=["nordwind.example"], host=base)
    page = _browser_page(journey, browser, base, oidc_peer, words["locale"])

    page.goto(f"{base}/account/login/")
    audit.check_page(page)
    page.get_by_role("link", name=words["company"]).click()
    expect(page.locator("h1")).to_have_text(words["company"])
    audit.check_page(page)
    page.get_by_label(words["who"]).fill("lena.leitung@nordwind.example")
    page.locator("main").get_by_role("button", name=words["continue"]).click()
    expect(page.locator("h1")).to_contain_text("Nordwind Logistik AG")
    audit.check_page(page)
    page.locator("main").get_by_role("button", name=words["sign_in_with"]).click()

    expect(page).to_have_url(re.compile(re.escape(oidc_peer.url)))
    _at_provider(page, "sub-lena")

    expect(page).to_have_url(f"{base}/{world.organization.slug}/")
    audit.check_page(page)
    page.screenshot(path=f"test-results/sso-signed-in-{language}.png")
    lena = Employee.objects.get(organization=world.organization, employee_id="E0200")
    assert lena.user is not None

    # Someone the organisation's chart does not know is refused, with the reason.
    stranger = _browser_page(journey, browser, base, oidc_peer, words["locale"])
    stranger.goto(f"{base}/sso/{world.organization.slug}/")
    stranger.locator("main").get_by_role("button", name=words["sign_in_with"]).click()
    _at_provider(stranger, "sub-nobody")
    expect(stranger.locator("h1")).to_have_text(words["refused"])
    audit.check_page(stranger)
    stranger.screenshot(path=f"test-results/sso-refused-{language}.png")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_administration_tests_its_provider(
    journey: tuple[list[Any], PageAudit],
    browser: Any,
    live_server: Any,
    world: World,
    oidc_peer: Peer,
    language: str,
) -> None:
    words = WORDS[language]
    _contexts, audit = journey
    audit.expected_statuses = {404}  # the provider's page asks for a favicon it does not have
    base = live_server.url
    configure(oidc_peer, world.organization, enabled=False, host=base)
    world.admin.language = language
    world.admin.save(update_fields=["language"])
    page: Page = open_as(
        journey,
        browser,
        base,
        email=world.admin.email,
        password=PASSWORD,
        locale=words["locale"],
        also=(str(urlsplit(oidc_peer.url).hostname),),
    )
    page.goto(f"{base}/{world.organization.slug}/settings/sign-in/")
    expect(page.locator("h1")).to_have_text(words["settings"])
    audit.check_page(page)
    page.locator("main").get_by_role("button", name=words["test"]).click()
    _at_provider(page, "sub-lena")
    expect(page.locator("h1")).to_have_text(words["tested"])
    expect(page.locator("main")).to_contain_text(words["finds"])
    audit.check_page(page)
    page.screenshot(path=f"test-results/sso-tested-{language}.png", full_page=True)
