"""PRIV-09: every field of every model of ours is declared in the data inventory.

A field with personal data carries its category, purpose, recipients, retention rule and
legal basis; every other field says why it holds none. The committed snapshot
``docs/data-inventory.json`` must match the code, so an undocumented change fails.
"""

import pytest
from django.core.management import call_command
from django.utils import translation

from tandem.core import inventory
from tandem.core.inventory import Entry, NotPersonal


def _undeclared() -> list[str]:
    missing = []
    for model in inventory.our_models():
        declared = inventory.declarations_of(model)
        for field in model._meta.concrete_fields:
            if field.name not in declared:
                missing.append(f"{model._meta.label}.{field.name}")
    return missing


def test_every_concrete_field_of_every_model_is_declared() -> None:
    assert _undeclared() == [], "run data_inventory after declaring these in personal_data"


def test_no_declaration_names_a_field_that_does_not_exist() -> None:
    stale = []
    for model in inventory.our_models():
        concrete = {field.name for field in model._meta.concrete_fields}
        declared = inventory.declarations_of(model)
        stale += [f"{model._meta.label}.{name}" for name in declared if name not in concrete]
    assert stale == []


def test_the_inventory_covers_all_our_models() -> None:
    assert len(inventory.our_models()) >= 37
    assert sum(len(m._meta.concrete_fields) for m in inventory.our_models()) == len(
        list(inventory.inventory())
    )


@pytest.mark.parametrize("row", list(inventory.inventory()), ids=lambda r: f"{r.model}.{r.field}")
def test_each_declaration_is_complete(row: inventory.Row) -> None:
    declaration = row.declaration
    if isinstance(declaration, NotPersonal):
        assert declaration.reason.strip()
        return
    assert isinstance(declaration, Entry)
    assert declaration.category in inventory.Category
    assert declaration.purpose in inventory.Purpose
    assert declaration.recipients
    assert declaration.retention in inventory.RETENTION_RULES
    assert declaration.basis in inventory.LegalBasis
    # A role reads a field either person by person or in aggregates, not both.
    assert not declaration.recipients & declaration.aggregates


def test_links_to_people_are_personal() -> None:
    """A foreign key to a login or an employee ties a row to a person."""
    for row in inventory.inventory():
        model = inventory.apps.get_model(row.app, row.model)
        target = model._meta.get_field(row.field).related_model
        if target is not None and target._meta.label in ("accounts.User", "people.Employee"):
            assert isinstance(row.declaration, Entry), f"{row.model}.{row.field}"


def test_each_retention_rule_has_one_key() -> None:
    keys = [rule.key for rule in inventory.RETENTION_RULES]
    assert len(keys) == len(set(keys))


def test_what_a_tandem_writes_reaches_no_administration() -> None:
    """AZ-03: the tandem's writing is the tandem's alone; administrators never read it."""
    for row in inventory.inventory():
        declaration = row.declaration
        if (
            isinstance(declaration, Entry)
            and declaration.category == inventory.Category.TANDEM_CONTENT
        ):
            assert (
                inventory.Recipient.ADMIN not in declaration.recipients or row.model == "FitCheck"
            )


def test_survey_answers_reach_everybody_only_as_aggregates() -> None:
    for row in inventory.inventory():
        declaration = row.declaration
        if isinstance(declaration, Entry) and declaration.category == inventory.Category.SURVEY:
            assert declaration.recipients == {inventory.Recipient.OPERATOR}


def test_the_committed_inventory_matches_the_code() -> None:
    committed = inventory.snapshot_path().read_text(encoding="utf-8")
    assert committed == inventory.snapshot(), (
        "The data inventory changed: run `manage.py data_inventory --write` and commit "
        "docs/data-inventory.json (PRIV-09)"
    )


def test_the_command_prints_the_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("data_inventory")
    assert capsys.readouterr().out == inventory.snapshot()


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_personal_category_has_a_summary(language: str) -> None:
    with translation.override(language):
        summaries = inventory.by_category()
    used = {
        r.declaration.category for r in inventory.inventory() if isinstance(r.declaration, Entry)
    }
    assert {s.category for s in summaries} == used
    assert {r for s in summaries for r in s.retention} == set(inventory.retention_rules_in_use())
