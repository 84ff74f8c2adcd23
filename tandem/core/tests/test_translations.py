"""ECO-07: the German catalogue is complete, not fuzzy, and uses the formal "Sie"."""

import re
from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"
# Informal address has no place in the German UI.
INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|euch|euer|eure)\b", re.I)


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_every_entry_is_translated(catalogue: polib.POFile) -> None:
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert not missing, f"untranslated: {missing[:20]}"


def test_no_entry_is_fuzzy(catalogue: polib.POFile) -> None:
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_placeholders_survive_translation(catalogue: polib.POFile) -> None:
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")
    for entry in catalogue.translated_entries():
        # German has two forms: the first (one) follows the singular, which may leave the
        # number out ("an executive"), the second follows the plural.
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [
                (entry.msgid if form == 0 else entry.msgid_plural, text)
                for form, text in entry.msgstr_plural.items()
            ]
        )
        for source, text in pairs:
            assert sorted(placeholder.findall(source)) == sorted(placeholder.findall(text)), (
                entry.msgid
            )


def test_german_uses_the_formal_sie(catalogue: polib.POFile) -> None:
    informal = [
        entry.msgstr for entry in catalogue.translated_entries() if INFORMAL.search(entry.msgstr)
    ]
    assert not informal, informal[:10]


GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "npgettext",
}


def test_no_text_is_marked_inside_an_f_string() -> None:
    """makemessages does not look inside f-strings: a text marked there never reaches the catalogue
    and stays English on a German page, and the catalogue checks above cannot notice."""
    import ast

    root = CATALOGUE.parents[3]
    hidden = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT_NAMES
                ):
                    hidden.append(f"{path.relative_to(root)}:{inner.lineno}")
    assert not hidden, hidden
