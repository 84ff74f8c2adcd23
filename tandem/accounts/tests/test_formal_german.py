"""allauth speaks formal German: no message it can show says "du" once our overrides load."""

import re
from pathlib import Path

import allauth
import polib
import pytest
from django.utils import translation

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
OVERRIDES = Path(__file__).resolve().parents[2] / "locale_overrides" / "de" / "LC_MESSAGES"

# Informal address: the pronouns, second-person verb forms and the singular imperatives that
# allauth's translators use. Word boundaries keep "Dienst", "Direkt" or "Anmeldeversuche" out;
# "habe" only with "Geduld", since "Ich habe meine Codes gespeichert" is first person.
INFORMAL = re.compile(
    r"\b(?:du|dich|dir|dein|deine|deinem|deinen|deiner|deines|euch|euer|eure"
    r"|bist|hast|kannst|musst|möchtest|willst|sollst|solltest|wirst|darfst|erhältst"
    r"|sendest|verwendest"
    r"|gib|wähle|melde|klick|klicke|versuche|bestätige|lass|kontaktiere|folge|prüfe"
    r"|überprüfe|rufe|erstelle|verwende|gehe|schicke|trage|ändere|speichere|scanne|nimm"
    r"|habe\s+Geduld)\b",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}|</?[a-z]+(?:\s[^>]*)?>")


@pytest.fixture(scope="module")
def allauth_entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(ALLAUTH_CATALOGUE)) if not entry.obsolete]


@pytest.fixture(scope="module")
def overrides() -> polib.POFile:
    po, mo = OVERRIDES / "django.po", OVERRIDES / "django.mo"
    compile_hint = "compile the catalogues: manage.py compilemessages --ignore=.venv"
    assert mo.exists(), compile_hint
    assert mo.stat().st_mtime >= po.stat().st_mtime, compile_hint
    return polib.pofile(str(po))


def effective_german(entry: polib.POEntry) -> list[str]:
    """What a German user sees for this allauth message, after every catalogue merged."""
    context = entry.msgctxt
    with translation.override("de"):
        if entry.msgid_plural:
            return [
                translation.npgettext(context, entry.msgid, entry.msgid_plural, n)
                if context
                else translation.ngettext(entry.msgid, entry.msgid_plural, n)
                for n in (1, 2)
            ]
        if context:
            return [translation.pgettext(context, entry.msgid)]
        return [translation.gettext(entry.msgid)]


def test_informal_pattern_knows_du_and_spares_sie() -> None:
    assert INFORMAL.search("Bitte gib dein aktuelles Passwort ein.")
    assert INFORMAL.search("Bitte habe Geduld.")
    assert INFORMAL.search("Lass Dir bitte eine neue Bestätigungs-Mail schicken.")
    assert not INFORMAL.search("Bitte geben Sie Ihr aktuelles Passwort ein.")
    assert not INFORMAL.search("Zu viele Anmeldeversuche beim Dienst, direkt danach.")
    assert not INFORMAL.search("Ich habe meine Wiederherstellungscodes gespeichert")


@pytest.mark.usefixtures("overrides")
def test_no_allauth_message_addresses_the_user_informally(
    allauth_entries: list[polib.POEntry],
) -> None:
    informal = [
        (entry.msgid, text)
        for entry in allauth_entries
        for text in effective_german(entry)
        if INFORMAL.search(text)
    ]
    assert not informal, informal


@pytest.mark.usefixtures("overrides")
@pytest.mark.parametrize(
    ("msgid", "formal"),
    [
        ("Sign In", "Anmelden"),
        ("Please type your current password.", "Bitte geben Sie Ihr aktuelles Passwort ein."),
    ],
)
def test_overrides_win_over_allauth(msgid: str, formal: str) -> None:
    # msgids in variables: makemessages must not copy them into tandem/locale.
    with translation.override("de"):
        assert translation.gettext(msgid) == formal
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_overrides_keep_placeholders_and_markup(overrides: polib.POFile) -> None:
    changed = [
        entry.msgid
        for entry in overrides
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))
    ]
    assert not changed, changed


def test_overrides_are_complete_and_current(
    overrides: polib.POFile, allauth_entries: list[polib.POEntry]
) -> None:
    # An override whose msgid allauth no longer has is dead weight: the new msgid needs one.
    known = {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in allauth_entries}
    stale = [e.msgid for e in overrides if (e.msgctxt, e.msgid, e.msgid_plural) not in known]
    assert not stale, stale
    assert not overrides.untranslated_entries()
    assert not overrides.fuzzy_entries()
    assert overrides.metadata["Language"] == "de"
    assert overrides.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert overrides.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
