"""In a browser: the mentee reads the guide and keeps the action plan with htmx (axe, CSP clean)."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from tandem.meetings.tests.helpers import accept
from tandem.people.tests.factories import PASSWORD
from tandem.programs.models import Tandem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_mentee_keeps_the_action_plan(
    audited_page: tuple[Any, Any], live_server: Any, world: World, tandem: Tandem
) -> None:
    page, audit = audited_page
    accept(tandem)
    tandem.mentee.goals = {"ai": 3, "agile": 5}
    tandem.mentee.save(update_fields=["goals"])
    base = f"{live_server.url}/{world.organization.slug}/tandems/{tandem.public_id}"
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label(re.compile("E-Mail", re.I)).fill(world.mentee.email)
    page.get_by_label(re.compile("Passwort", re.I)).fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("Nordwind Logistik AG")

    page.goto(f"{base}/guide/")
    expect(page.get_by_role("heading", name="Spielregeln für Sie beide")).to_be_visible()
    audit.check_page(page)
    page.get_by_role("link", name="Aktionsplan", exact=True).click()
    goals = page.locator("ol.goals > li")
    expect(goals).to_have_count(2)
    expect(goals.first.locator("h3")).to_have_text("Thema agile")
    audit.check_page(page)

    # Status and progress: only the row is swapped, and it says so.
    first = goals.first
    first.get_by_label("Status").select_option("active")
    first.get_by_label("Fortschritt", exact=True).select_option("40")
    first.get_by_role("button", name=re.compile("^Speichern")).click()
    expect(first.get_by_role("status")).to_have_text("Gespeichert.")
    expect(first.locator("progress")).to_have_attribute("value", "40")

    # Reordering swaps the list; the moved goal goes up.
    goals.nth(1).get_by_role("button", name=re.compile("^Nach oben")).click()
    expect(goals.first.locator("h3")).to_have_text("Thema ai")

    # A goal without topic or title gets its field error in place.
    page.get_by_role("button", name="Ziel hinzufügen").click()
    expect(page.locator("#new-goal-title_error")).to_be_visible()
    page.get_by_label("Ziel", exact=True).fill("Einen Team-Kanal anlegen")
    page.get_by_role("button", name="Ziel hinzufügen").click()
    expect(goals).to_have_count(3)
    audit.check_page(page)
