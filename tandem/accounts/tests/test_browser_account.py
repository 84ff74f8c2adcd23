"""Browser: every account page (allauth) is clean under axe, CSP and the network check."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from conftest import World
from tandem.browser import PageAudit
from tandem.people.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Anmelden").click()


def reauthenticate(page: Page, audit: PageAudit) -> None:
    expect(page.locator("h1")).to_have_text("Zugriff bestätigen")
    audit.check_page(page)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Bestätigen").click()


def visit(page: Page, audit: PageAudit, url: str, heading: str) -> None:
    """Open a page; when allauth asks for the password again first, give it."""
    page.goto(url)
    if "/reauthenticate/" in page.url:
        reauthenticate(page, audit)
    expect(page.locator("h1")).to_have_text(heading)
    audit.check_page(page)


def current_totp_code(secret: str) -> str:
    # allauth accepts only the current window's code: keep clear of the window's end.
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def test_visitor_resets_the_password(
    audited_page: tuple[Page, PageAudit], live_server, world: World
) -> None:
    page, audit = audited_page
    base = live_server.url
    visit(page, audit, f"{base}/account/login/", "Anmelden")
    expect(
        page.get_by_text("Melden Sie sich mit Ihrer geschäftlichen E-Mail-Adresse an.")
    ).to_be_visible()

    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(page.locator("h1")).to_have_text("Passwort zurücksetzen")
    audit.check_page(page)

    page.get_by_label("E-Mail-Adresse").fill(world.mentor.email)
    page.locator("main").get_by_role("button", name="Passwort zurücksetzen").click()
    expect(page).to_have_url(re.compile(r"/account/password/reset/done/$"))
    audit.check_page(page)


def test_member_visits_every_account_page(
    audited_page: tuple[Page, PageAudit], live_server, world: World
) -> None:
    page, audit = audited_page
    base = live_server.url
    log_in(page, base, world.mentor.email)
    expect(page.locator("html")).to_have_attribute("lang", "de")

    visit(page, audit, f"{base}/account/password/change/", "Passwort ändern")
    # Errors too: after the input, announced through aria-describedby.
    page.locator("main").get_by_role("button", name="Passwort ändern").click()
    expect(page.locator("#id_oldpassword")).to_have_attribute("aria-invalid", "true")
    audit.check_page(page)

    page.goto(f"{base}/account/reauthenticate/")
    reauthenticate(page, audit)
    expect(page).to_have_url(f"{base}/{world.organization.slug}/")
    visit(page, audit, f"{base}/account/2fa/", "Zwei-Faktor-Authentifizierung")
    visit(page, audit, f"{base}/account/2fa/totp/activate/", "Authenticator-App aktivieren")

    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authentifizierungscode").fill(current_totp_code(secret))
    page.locator("main").get_by_role("button", name="Aktivieren").click()
    expect(page.locator("h1")).to_have_text("Wiederherstellungscodes")
    audit.check_page(page)
    recovery_code = page.locator("#recovery_codes").input_value().split()[0]

    visit(page, audit, f"{base}/account/2fa/", "Zwei-Faktor-Authentifizierung")
    visit(page, audit, f"{base}/account/2fa/recovery-codes/generate/", "Wiederherstellungscodes")
    visit(page, audit, f"{base}/account/sessions/", "Sitzungen")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    visit(page, audit, f"{base}/account/logout/", "Abmelden")
    page.locator("main").get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/account/login/"))

    # With two factors, the login asks for a code; a recovery code will do.
    log_in(page, base, world.mentor.email)
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/"))
    audit.check_page(page)
    page.get_by_label("Code", exact=True).fill(recovery_code)
    page.locator("main").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(f"{base}/{world.organization.slug}/")
