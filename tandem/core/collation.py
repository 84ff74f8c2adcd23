"""Alphabetical order as the reader expects it, the same in the database and in Python.

Code-point order puts "Özdemir" after "Zander" and "Schoßig" before "Schäfer". Lists of
names sort instead by the Unicode Collation Algorithm in the reader's language:

- PostgreSQL orders by its ICU collations (``de-x-icu``, ``en-x-icu``), which every
  ICU-enabled build ships;
- SQLite gets collations of the same names on every connection, backed by pyuca;
- Python sorts (lists assembled in memory) use the same pyuca key.

German and English both follow the CLDR root order for Latin names, so one key serves
both; a language with its own tailoring (Swedish, Danish) would need ICU in Python too.
Equal keys fall back to code-point order, as PostgreSQL's deterministic collations do, so
both databases and Python agree on every tie.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import pyuca
from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models import F, OrderBy
from django.db.models.functions import Collate
from django.utils import translation

COLLATIONS = {"de": "de-x-icu", "en": "en-x-icu"}


@functools.cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """The key that orders ``text`` as a reader of German or English expects."""
    return tuple(_collator().sort_key(text)), text


def collation(language: str | None = None) -> str:
    """The database collation for ``language`` (default: the active language)."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return COLLATIONS.get(code, COLLATIONS[settings.LANGUAGE_CODE[:2]])


def alphabetical(*fields: str, language: str | None = None) -> list[OrderBy]:
    """``order_by`` terms that sort the text ``fields`` alphabetically ("-field" descends)."""
    name = collation(language)
    terms = []
    for field in fields:
        descending = field.startswith("-")
        term = Collate(F(field.removeprefix("-")), name)
        terms.append(term.desc() if descending else term.asc())
    return terms


def sorted_alphabetically[T](items: Iterable[T], key: Callable[[T], Any]) -> list[T]:
    """``items`` sorted by ``key`` — a text or a tuple of texts — in alphabetical order."""

    def collated(item: T) -> Any:
        value = key(item)
        if isinstance(value, tuple):
            return tuple(sort_key(v) if isinstance(v, str) else v for v in value)
        return sort_key(value)

    return sorted(items, key=collated)


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def _install_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:  # noqa: ARG001
    if connection.vendor == "sqlite":
        for name in set(COLLATIONS.values()):
            connection.connection.create_collation(name, _compare)


connection_created.connect(_install_on_sqlite, dispatch_uid="tandem.core.collation")
