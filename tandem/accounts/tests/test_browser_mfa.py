"""Browser (issue 13), in German and English: a program manager without a second factor is led
through its set-up, signs in with a code, and confirms the password before granting a role.

axe, CSP and the network check run on every page on the way (``journey``).
"""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from tandem.accounts.models import User
from tandem.browser import PageAudit, open_as, totp_code
from tandem.people.tests.factories import (
    PASSWORD,
    EmployeeFactory,
    MembershipFactory,
    create_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "de": {
        "locale": "de-DE",
        "guide": "Sichern Sie Ihren Zugang mit einem zweiten Faktor",
        "set_up": "Authenticator-App einrichten",
        "confirm_access": "Zugriff bestätigen",
        "confirm": "Bestätigen",
        "password": "Passwort",
        "activate": "Aktivieren",
        "code": "Authentifizierungscode",
        "codes": "Wiederherstellungscodes",
        "continue": "Weiter",
        "logout": "Abmelden",
        "sign_in": "Anmelden",
        "overview": "Übersicht",
        "roles": "Rollen",
        "employee_id": "Personalnummer",
        "role": "Rolle",
        "grant": "Rolle vergeben",
        "invited": "Eine Einladung ist unterwegs",
    },
    "en": {
        "locale": "en-GB",
        "guide": "Secure your login with a second factor",
        "set_up": "Set up the authenticator app",
        "confirm_access": "Confirm Access",
        "confirm": "Confirm",
        "password": "Password",
        "activate": "Activate",
        "code": "Authenticator code",
        "codes": "Recovery Codes",
        "continue": "Continue",
        "logout": "Log out",
        "sign_in": "Sign In",
        "overview": "Overview",
        "roles": "Roles",
        "employee_id": "Employee ID",
        "role": "Role",
        "grant": "Grant role",
        "invited": "An invitation is on its way",
    },
}


def manager_without_mfa(world: World, language: str) -> User:
    user = create_user(
        email=f"pm.{language}@nordwind.example", first_name="Nele", language=language
    )
    for role in ("program_manager", "admin"):  # runs programs and grants roles
        MembershipFactory(organization=world.organization, user=user, role=role, mfa=False)
    return user


def confirm_password(page: Page, audit: PageAudit, words: dict[str, str]) -> None:
    expect(page.locator("h1")).to_have_text(words["confirm_access"])
    audit.check_page(page)
    page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name=words["confirm"]).click()


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_manager_sets_up_a_second_factor_signs_in_with_it_and_confirms_before_granting(
    journey: tuple[list[Any], PageAudit],
    browser: Any,
    live_server: Any,
    world: World,
    language: str,
) -> None:
    words = WORDS[language]
    contexts, audit = journey
    base = live_server.url
    manager = manager_without_mfa(world, language)
    EmployeeFactory(
        organization=world.organization, employee_id="E0777", email="jo@nordwind.example"
    )

    # Signing in leads to the guided set-up, not to the organisation.
    page: Page = open_as(
        journey, browser, base, email=manager.email, password=PASSWORD, locale=words["locale"]
    )
    expect(page.locator("h1")).to_have_text(words["guide"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("link", name=words["set_up"]).click()
    confirm_password(page, audit, words)
    expect(page.locator("h1")).to_have_text(re.compile("Authenticator"))
    audit.check_page(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(words["code"]).fill(totp_code(secret, manager.email))
    page.locator("main").get_by_role("button", name=words["activate"]).click()
    expect(page.locator("h1")).to_have_text(words["codes"])
    audit.check_page(page)
    page.get_by_role("link", name=words["continue"], exact=True).click()
    expect(page).to_have_url(f"{base}/{world.organization.slug}/")
    audit.check_page(page)

    # Signing in again asks for the app's code.
    page.get_by_role("button", name=words["logout"]).click()
    page.goto(f"{base}/account/login/")
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/"))
    audit.check_page(page)
    page.get_by_label("Code", exact=True).fill(totp_code(secret, manager.email))
    page.locator("main").get_by_role("button", name=words["sign_in"]).click()
    expect(page).to_have_url(f"{base}/{world.organization.slug}/")

    # Granting a role asks for the password first, then goes through.
    page.get_by_role("link", name=words["roles"], exact=True).click()
    audit.check_page(page)
    page.get_by_label(words["employee_id"]).fill("E0777")
    page.get_by_label(words["role"], exact=True).select_option("observer")
    page.locator("main").get_by_role("button", name=words["grant"]).click()
    confirm_password(page, audit, words)
    expect(page).to_have_url(f"{base}/{world.organization.slug}/roles/")
    expect(page.locator(".messages")).to_contain_text(words["invited"])
    expect(page.locator("main")).to_contain_text("jo@nordwind.example")
    audit.check_page(page)
    assert len(contexts) == 1
