"""Which column of the file means what: German and English header aliases.

Headers are compared without case, spaces, punctuation or umlauts, so
"Personal-Nr.", "personalnummer" and "Employee ID" all find the employee ID.
Columns that mean nothing to Tandem are dropped (IO-05: data minimisation);
columns that hold special categories of personal data refuse the whole file.
An organisation's administration may choose what a column holds where its
header says nothing (or something misleading); such choices never make a
sensitive column readable.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from tandem.people.imports.problems import ImportRejected


class Field(StrEnum):
    EMPLOYEE_ID = "employee_id"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    EMAIL = "email"
    DEPARTMENT = "department"
    TEAM = "team"
    SUPERVISOR_ID = "supervisor_id"
    JOB_LEVEL = "job_level"
    LOCATION = "location"
    LANGUAGES = "languages"
    STATUS = "status"
    APPRAISERS = "appraisers"


REQUIRED = (Field.EMPLOYEE_ID, Field.FIRST_NAME, Field.LAST_NAME)


# Columns that hold employee IDs of other people are named by a role and an ID word, in
# every order and spelling HR systems use: "Vorgesetzter Pers.-Nr.", "Beurteiler (Pers.-Nr.)",
# "Personalnummer Führungskraft", "Manager ID". Only ID columns: "Vorgesetzter Name" holds a
# name, which is no reference, and stays unrecognised.
ID_SUFFIXES = (
    "Personalnummer",
    "Personalnummern",
    "Personal-Nr.",
    "Pers.-Nr.",
    "Mitarbeiternummer",
    "Mitarbeiter-Nr.",
    "Nummer",
    "Nr.",
    "ID",
    "IDs",
    "Employee ID",
    "Employee IDs",
    "Employee Number",
    "Personnel Number",
    "Number",
    "No",
)
ID_PREFIXES = ("Personalnummer", "Personal-Nr.", "Pers.-Nr.", "Personalnummer des", "Pers.-Nr. des")
SUPERVISOR_ROLES = (
    "Vorgesetzter",
    "Vorgesetzte",
    "Vorgesetzten",
    "Vorgesetzte:r",
    "Vorgesetzte*r",
    "Führungskraft",
    "Disziplinarischer Vorgesetzter",
    "Disziplinarische Führungskraft",
    "Supervisor",
    "Manager",
    "Line Manager",
    "Reports To",
)
APPRAISER_ROLES = (
    "Beurteilende",
    "Beurteiler",
    "Beurteilerin",
    "Beurteiler:innen",
    "Beurteiler*innen",
    "Beurteilende Personen",
    "Beteiligte Beurteilung",
    "An der Beurteilung beteiligt",
    "Appraiser",
    "Appraisers",
    "Reviewer",
    "Reviewers",
)


def _references(roles: tuple[str, ...]) -> tuple[str, ...]:
    """Each role word alone, followed by an ID word, and after a German ID word."""
    return (
        *roles,
        *(f"{role} {suffix}" for role in roles for suffix in ID_SUFFIXES),
        *(f"{prefix} {role}" for role in roles for prefix in ID_PREFIXES),
    )


# The first alias of each field is the one shown in messages and the example file.
ALIASES: dict[Field, tuple[str, ...]] = {
    Field.EMPLOYEE_ID: (
        "Personalnummer",
        "Personal-Nr.",
        "PersNr",
        "Mitarbeiternummer",
        "Mitarbeiter-ID",
        "Mitarbeiter-Nr.",
        "employee_id",
        "Employee ID",
        "Employee Number",
        "Employee No",
        "Personnel Number",
        "Staff ID",
        "Staff Number",
    ),
    Field.FIRST_NAME: ("Vorname", "first_name", "First Name", "Given Name"),
    Field.LAST_NAME: ("Nachname", "Familienname", "last_name", "Last Name", "Surname"),
    Field.EMAIL: (
        "E-Mail",
        "E-Mail-Adresse",
        "Mail",
        "Dienstliche E-Mail",
        "E-Mail dienstlich",
        "E-Mail geschäftlich",
        "email",
        "Email Address",
        "Work Email",
        "Business Email",
    ),
    Field.DEPARTMENT: ("Abteilung", "Bereich", "department", "Department"),
    Field.TEAM: ("Team", "Gruppe", "team"),
    Field.SUPERVISOR_ID: ("Vorgesetzter", "supervisor_id", *_references(SUPERVISOR_ROLES)),
    Field.JOB_LEVEL: ("Karrierestufe", "Hierarchieebene", "Ebene", "job_level", "Job Level"),
    Field.LOCATION: ("Standort", "Arbeitsort", "location", "Location", "Office"),
    Field.LANGUAGES: ("Sprachen", "Sprache", "languages", "Languages"),
    Field.STATUS: ("Status", "Beschäftigungsstatus", "status", "Employment Status"),
    Field.APPRAISERS: ("Beurteilende", "appraisers", *_references(APPRAISER_ROLES)),
}

# Special categories (GDPR Art. 9) and performance or pay data (BetrVG §87(1) Nr. 6).
# German words are matched inside compounds ("Jahresgehalt"); English ones as words,
# so "Operating unit" is not mistaken for a rating.
SENSITIVE_GERMAN: dict[str, str] = {
    "gehalt": "pay",
    "lohn": "pay",
    "verguetung": "pay",
    "entgelt": "pay",
    "bonus": "pay",
    "leistungsbeurteilung": "performance",
    "leistungsbewertung": "performance",
    "beurteilungsergebnis": "performance",
    "zielerreichung": "performance",
    "gesundheit": "health",
    "krank": "health",
    "behinderung": "health",
    "religion": "religion",
    "konfession": "religion",
    "kirche": "religion",
    "gewerkschaft": "union",
    "schwanger": "health",
    "herkunft": "ethnic_origin",
}
SENSITIVE_ENGLISH: dict[str, str] = {
    "salary": "pay",
    "wage": "pay",
    "wages": "pay",
    "pay": "pay",
    "compensation": "pay",
    "bonus": "pay",
    "rating": "performance",
    "performance": "performance",
    "health": "health",
    "medical": "health",
    "sick": "health",
    "sickness": "health",
    "disability": "health",
    "religion": "religion",
    "religious": "religion",
    "denomination": "religion",
    "union": "union",
    "ethnicity": "ethnic_origin",
    "ethnic": "ethnic_origin",
    "race": "ethnic_origin",
    "sexual": "sexual_orientation",
    "orientation": "sexual_orientation",
    "political": "political_opinions",
    "biometric": "biometric",
    "genetic": "genetic",
}


def normalize(header: str) -> str:
    """``"Vorgesetzte(r) Personal-Nr."`` → ``"vorgesetzterpersonalnr"``."""
    folded = header.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(umlaut, spelled)
    return re.sub(r"[^a-z0-9]", "", folded)


_LOOKUP: dict[str, Field] = {
    normalize(alias): field for field, aliases in ALIASES.items() for alias in aliases
}


def recognised(header: str) -> Field | None:
    """The field a header names by one of the aliases, if any."""
    return _LOOKUP.get(normalize(header))


def _words(header: str) -> set[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", header)  # camelCase → camel Case
    return set(re.findall(r"[a-z]+", spaced.casefold()))


def sensitive_category(header: str) -> str | None:
    """The kind of sensitive data a column holds by its name (a CATEGORY_LABELS key), if any."""
    key = normalize(header)
    for fragment, category in SENSITIVE_GERMAN.items():
        if fragment in key:
            return category
    for word in _words(header):
        if word in SENSITIVE_ENGLISH:
            return SENSITIVE_ENGLISH[word]
    return None


# How an organisation's administration chose to read columns, by ``normalize``d header:
# a field, or None for a column to ignore. Headers without a choice are recognised by name.
Choices = Mapping[str, Field | None]


def choices_from_data(data: Mapping[str, str]) -> dict[str, Field | None]:
    """Choices as stored (a field's value, "" to ignore); values no longer known are dropped."""
    known = {field.value: field for field in Field}
    return {
        key: known[value] if value else None
        for key, value in data.items()
        if value in known or not value
    }


def choices_to_data(choices: Choices) -> dict[str, str]:
    return {key: field.value if field else "" for key, field in choices.items()}


@dataclass(frozen=True)
class Column:
    """One column of the file: its header and the field read from it (None: ignored)."""

    position: int
    header: str
    field: Field | None
    chosen: bool  # by the administration, rather than recognised by its header

    @property
    def key(self) -> str:
        return normalize(self.header)


def identify_columns(header: list[str], choices: Choices | None = None) -> list[Column]:
    """What each named column holds, by choice or by name; raises ImportRejected for sensitive ones.

    IO-05: a column whose header names sensitive data refuses the file whatever was chosen for
    it. Only the aliases above, none of which names such data, are read in spite of the check.
    """
    choices = choices or {}
    columns: list[Column] = []
    for position, title in enumerate(header):
        if not title:
            continue
        by_name = recognised(title)
        if by_name is None:
            category = sensitive_category(title)
            if category is not None:
                raise ImportRejected("sensitive_column", column=title, category=category)
        key = normalize(title)
        field = choices.get(key, by_name)
        columns.append(Column(position, title, field, chosen=field != by_name))
    return columns


@dataclass(frozen=True)
class ColumnMap:
    """Where each known field is in a row, and the headers that were dropped."""

    positions: dict[Field, int]
    headers: dict[Field, str]
    ignored: list[str]

    def has(self, field: Field) -> bool:
        return field in self.positions


def map_columns(columns: list[Column]) -> ColumnMap:
    """Where each field is; raises ImportRejected for a field read twice or one missing."""
    positions: dict[Field, int] = {}
    headers: dict[Field, str] = {}
    ignored: list[str] = []
    for column in columns:
        field = column.field
        if field is None:
            ignored.append(column.header)
            continue
        if field in positions:
            raise ImportRejected(
                "duplicate_column", column=column.header, other=headers[field], field=field.value
            )
        positions[field] = column.position
        headers[field] = column.header
    for field in REQUIRED:
        if field not in positions:
            raise ImportRejected(
                "missing_column",
                field=field.value,
                aliases=", ".join(f"“{alias}”" for alias in ALIASES[field][:4]),
            )
    return ColumnMap(positions=positions, headers=headers, ignored=ignored)
