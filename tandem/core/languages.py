"""Text in the reader's language: names of languages, and our own German/English fields.

Employees' languages come from the HR import and registrations as ISO 639-1
codes; pages show them as names. A code we have no name for is shown as it was
stored rather than guessed. Content the organisation writes twice (topics,
survey questions) sits in ``<field>_de`` and ``<field>_en`` columns;
:func:`localised` picks one, German first.
"""

from typing import overload

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

NAMES: dict[str, Promise] = {
    "de": _("German"),
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
    "it": _("Italian"),
    "pt": _("Portuguese"),
    "nl": _("Dutch"),
    "da": _("Danish"),
    "sv": _("Swedish"),
    "no": _("Norwegian"),
    "fi": _("Finnish"),
    "pl": _("Polish"),
    "cs": _("Czech"),
    "hu": _("Hungarian"),
    "ro": _("Romanian"),
    "ru": _("Russian"),
    "uk": _("Ukrainian"),
    "tr": _("Turkish"),
    "el": _("Greek"),
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "ja": _("Japanese"),
}


def language_names(codes: list[str]) -> list[str]:
    """``["de", "fr"]`` → ``["Deutsch", "Französisch"]`` in the active language."""
    return [str(NAMES[code]) if code in NAMES else code for code in codes]


def english_reader() -> bool:
    return (get_language() or "de").startswith("en")


def localised(obj: object, field: str) -> str:
    """``obj.<field>_en`` for an English reader when it is filled, else ``obj.<field>_de``."""
    german = str(getattr(obj, f"{field}_de"))
    return (str(getattr(obj, f"{field}_en")) or german) if english_reader() else german


class Localised:
    """A text in the reader's language, read from ``<name>_en`` and ``<name>_de``.

    ``name = Localised()`` on a model replaces a property calling :func:`localised`.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> "Localised": ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> str: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> "Localised | str":
        return self if obj is None else localised(obj, self.field)

    def __set__(self, obj: object, value: object) -> None:
        # Read-only, as the property it replaces: the texts are written per language.
        raise AttributeError(f"{self.field} is read from {self.field}_de and {self.field}_en")
