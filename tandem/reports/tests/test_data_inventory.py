"""PRIV-09: the works agreement's annex and the Art. 30 record, generated from the inventory.

The page and the PDF name every category and every deletion period the declarations use, in
German and in English; the program team and participants get 403 (the permission matrix has
every persona).
"""

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from conftest import World, client_for
from tandem.core import inventory


def _url(world: World, name: str, language: str) -> str:
    return reverse(f"reports:{name}", args=[world.organization.slug]) + f"?lang={language}"


def _names(language: str) -> list[str]:
    """Every category and period the inventory uses, in ``language``."""
    with translation.override(language):
        categories = [str(summary.category.label) for summary in inventory.by_category()]
        periods = [str(rule.period) for rule in inventory.retention_rules_in_use()]
        starts = [str(rule.start) for rule in inventory.retention_rules_in_use()]
    return categories + periods + starts


def _page_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_annex_names_every_category_and_period(world: World, language: str) -> None:
    response = client_for(world, "observer").get(
        _url(world, "data_inventory", language), secure=True
    )
    assert response.status_code == 200
    text = _page_text(response.content.decode())
    missing = [name for name in _names(language) if " ".join(name.split()) not in text]
    assert missing == []


def test_german_and_english_differ() -> None:
    assert set(_names("de")) != set(_names("en"))
    with translation.override("de"):
        assert str(inventory.Category.TANDEM_CONTENT.label) != "What a tandem writes (confidential)"


def test_the_annex_lists_what_is_never_evaluated_per_person(world: World) -> None:
    response = client_for(world, "admin").get(_url(world, "data_inventory", "en"), secure=True)
    text = _page_text(response.content.decode())
    assert "Never evaluated per person" in text
    assert "private note: private note" in text


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_pdf_names_every_category_and_period(world: World, language: str) -> None:
    response = client_for(world, "admin").get(
        _url(world, "data_inventory_pdf", language), secure=True
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    missing = [name for name in _names(language) if " ".join(name.split()) not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("admin", True), ("observer", True), ("program_manager", False), ("mentor", False)],
)
def test_the_start_page_leads_administration_and_observers_to_it(
    world: World, persona: str, shown: bool
) -> None:
    page = client_for(world, persona).get(
        reverse("people:organization_home", args=[world.organization.slug]), secure=True
    )
    link = reverse("reports:data_inventory", args=[world.organization.slug])
    assert (link in page.content.decode()) is shown
