"""Browser: an administrator imports the org chart — a rejected file first, then a good one."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from tandem.browser import PageAudit, totp_code
from tandem.people.models import Employee
from tandem.people.tests.factories import PASSWORD, TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[1] / "static" / "people" / "example-import.csv"
BROKEN = b"Personalnummer;Vorname;Nachname;Vorgesetzte(r) Personalnummer\nX1;Anna;;X9\n"


def test_admin_imports_the_org_chart_and_grants_a_role(
    audited_page: tuple[Page, PageAudit], live_server, world: World
) -> None:
    page, audit = audited_page
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label(re.compile("E-Mail")).fill(world.admin.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_label("Code", exact=True).fill(totp_code(TOTP_SECRET, world.admin.email))
    page.locator("main form button[type=submit]").first.click()
    page.get_by_role("link", name="HR-Import", exact=True).click()
    audit.check_page(page)

    # A broken file: every problem is listed, nothing can be applied.
    page.locator("input[type=file]").set_input_files(
        {"name": "kaputt.csv", "mimeType": "text/csv", "buffer": BROKEN}
    )
    page.get_by_role("button", name="Datei prüfen").click()
    expect(page.get_by_text("Die Datei wurde nicht importiert")).to_be_visible()
    expect(page.get_by_role("table", name="1 Problem in der Datei gefunden")).to_contain_text(
        "„Nachname“ ist leer."
    )
    expect(page.get_by_role("button", name="Import übernehmen")).to_have_count(0)
    audit.check_page(page)

    # The example file: a preview, then one click applies it.
    page.get_by_role("link", name="HR-Import", exact=True).click()
    page.locator("input[type=file]").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Datei prüfen").click()
    expect(page.get_by_text("Was sich ändern würde")).to_be_visible()
    assert not Employee.objects.filter(organization=world.organization, first_name="Dörte").exists()
    audit.check_page(page)
    page.get_by_role("button", name="Import übernehmen").click()
    # Applying asks for the password again (AUTH-07), then goes through.
    expect(page.locator("h1")).to_have_text("Zugriff bestätigen")
    audit.check_page(page)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_text("Der Import wurde übernommen.")).to_be_visible()
    audit.check_page(page)
    assert Employee.objects.get(organization=world.organization, employee_id="1001").last_name == (
        "Großmann"
    )

    page.get_by_role("link", name="Personen", exact=True).click()
    page.get_by_label("Suche", exact=True).fill("Großmann")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    audit.check_page(page)

    # The newly imported head of finance is invited as program manager (the confirmed password
    # is still fresh): the role waits until she accepts.
    page.get_by_role("link", name="Rollen", exact=True).click()
    audit.check_page(page)
    page.get_by_label("Personalnummer").fill("1001")
    page.get_by_label("Rolle", exact=True).select_option("program_manager")
    page.get_by_role("button", name="Rolle vergeben").click()
    expect(page.get_by_text("Eine Einladung ist unterwegs")).to_be_visible()
    expect(page.get_by_role("table", name="Eingeladen, noch nicht angenommen")).to_contain_text(
        "doerte.grossmann@example.com"
    )
    audit.check_page(page)
