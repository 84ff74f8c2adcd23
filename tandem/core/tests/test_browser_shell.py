"""Browser: log in, find your way around, switch language — clean under CSP and axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from tandem.browser import PageAudit, totp_code
from tandem.people.tests.factories import PASSWORD, TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/login/")
    page.get_by_label(re.compile("E-Mail|Email", re.I)).fill(email)
    page.get_by_label(re.compile("Passwort|Password", re.I)).fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if "/account/2fa/authenticate/" in page.url:
        page.get_by_label("Code", exact=True).fill(totp_code(TOTP_SECRET, email))
        page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize(
    ("language", "people", "search_label", "logout"),
    [("de", "Personen", "Suche", "Abmelden"), ("en", "People", "Search", "Log out")],
)
def test_program_manager_browses_the_org_chart(
    audited_page: tuple[Page, PageAudit],
    live_server,
    world: World,
    language: str,
    people: str,
    search_label: str,
    logout: str,
) -> None:
    page, audit = audited_page
    world.program_manager.language = language
    world.program_manager.save(update_fields=["language"])
    log_in(page, live_server.url, world.program_manager.email)
    expect(page.locator("h1")).to_have_text(world.organization.name)
    assert page.locator("html").get_attribute("lang") == language
    audit.check_page(page)

    page.get_by_role("link", name=people, exact=True).click()
    expect(page.locator("#results")).to_be_visible()
    audit.check_page(page)

    # htmx search: the results update in place without a page load.
    page.get_by_label(search_label, exact=True).fill("Mentorin")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    audit.check_page(page)

    page.locator("#results tbody a").first.click()
    expect(page.locator("h1")).to_have_text("Mia Mentorin")
    expect(page.locator(".chain li")).to_have_count(3)
    audit.check_page(page)

    page.get_by_role("button", name=logout).click()
    expect(page).to_have_url(re.compile(r"/account/login/"))


def test_outsider_sees_no_organisation(
    audited_page: tuple[Page, PageAudit], live_server, world: World
) -> None:
    page, audit = audited_page
    audit.expected_statuses.add(404)
    log_in(page, live_server.url, world.outsider.email)
    expect(page.locator("h1")).to_be_visible()
    response = page.goto(f"{live_server.url}/{world.organization.slug}/people/")
    assert response is not None
    assert response.status == 404
    audit.check_page(page)


def test_login_page_is_accessible_in_both_languages(
    audited_page: tuple[Page, PageAudit], live_server
) -> None:
    page, audit = audited_page
    page.goto(f"{live_server.url}/account/login/")
    assert page.locator("html").get_attribute("lang") == "de"
    audit.check_page(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    audit.check_page(page)
