"""The data inventory (PRIV-09): per model field its category, purpose, readers, retention, basis.

Every model of ours declares every concrete field next to its definition, in a class attribute
``personal_data``: an :class:`Entry` for a field that holds personal data (a foreign key to a
person counts: it links a row to them), :class:`NotPersonal` with a reason for the rest. A
meta-test demands a decision for each field (``core/tests/test_inventory.py``); the works
agreement's annex and the Art. 30 record are rendered from :func:`inventory`, never kept by hand.

Retention here is the rule in words (period and start event, DIN 66398 style). Where Tandem
does not yet delete on its own, the rule is marked planned: the engine is issue 17 item 2.
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity and contact details")
    HR_MASTER = "hr_master", _("Org chart and HR master data")
    PARTICIPATION = "participation", _("Program participation")
    TANDEM_CONTENT = "tandem_content", _("What a tandem writes (confidential)")
    SURVEY = "survey", _("Survey answers (anonymous)")
    LOGIN = "login", _("Login and security")
    AUDIT = "audit", _("Audit log and authorship (who did what)")
    TECHNICAL = "technical", _("Technical data")


class Purpose(models.TextChoices):
    DIRECTORY = "directory", _("Keeping the org chart current (HR import, provisioning)")
    RUN_PROGRAM = "run_program", _("Running the program: registration, cohorts, events")
    MATCHING = "matching", _("Forming tandems under the agreed rules")
    TANDEM_WORK = "tandem_work", _("The tandem's own work: meetings, notes, plan")
    EVALUATION = "evaluation", _("Anonymous evaluation of the program")
    ACCESS = "access", _("Signing in and protecting access")
    ACCOUNTABILITY = "accountability", _("Proving who changed what (accountability)")
    DELIVERY = "delivery", _("Delivering mail and calendar entries")


class Recipient(models.TextChoices):
    """Who may read a field: the roles of ``core.MembershipRole`` and the people concerned."""

    ADMIN = "admin", _("Administration")
    PROGRAM_MANAGER = "program_manager", _("Program management")
    OBSERVER = "observer", _("Observers")
    PARTNERS = "partners", _("The tandem's partners")
    SELF = "self", _("The person themself")
    OPERATOR = "operator", _("The operator (processor, Art. 28 GDPR)")


# Roles that run or oversee a program: a field they read per person can be evaluated per person.
SUPERVISING = frozenset({Recipient.ADMIN, Recipient.PROGRAM_MANAGER, Recipient.OBSERVER})


class LegalBasis(models.TextChoices):
    EMPLOYMENT = "employment", _("Art. 88 GDPR with § 26 (1) BDSG (employment relationship)")
    CONSENT = "consent", _("Art. 6 (1) (a) GDPR with § 26 (2) BDSG (voluntary participation)")
    CONTRACT = "contract", _("Art. 6 (1) (b) GDPR (contract with the login's holder)")
    LEGAL_OBLIGATION = "legal_obligation", _("Art. 6 (1) (c) GDPR (legal obligation)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Art. 6 (1) (f) GDPR (legitimate interest)")
    WORKS_AGREEMENT = "works_agreement", _("Art. 88 GDPR with § 26 (4) BDSG (works agreement)")


@dataclass(frozen=True)
class Retention:
    """One deletion rule: how long, from which event, and whether Tandem enforces it yet."""

    key: str
    period: str | Promise
    start: str | Promise
    enforced: bool


@dataclass(frozen=True)
class Entry:
    """A field with personal data: its category, purpose, readers, deletion rule, legal basis.

    ``aggregates`` are roles that see the field only in aggregates over at least k people.
    """

    category: Category
    purpose: Purpose
    recipients: frozenset[Recipient]
    retention: Retention
    basis: LegalBasis
    aggregates: frozenset[Recipient] = frozenset()

    @property
    def readers(self) -> list[Recipient]:
        """Who reads the field person by person, in the order of Recipient."""
        return [r for r in Recipient if r in self.recipients]

    @property
    def aggregate_readers(self) -> list[Recipient]:
        return [r for r in Recipient if r in self.aggregates]

    @property
    def evaluated_per_person(self) -> bool:
        """Whether someone running or overseeing a program reads this field person by person."""
        return bool(self.recipients & SUPERVISING)


@dataclass(frozen=True)
class NotPersonal:
    """A field that holds no personal data, with the reason."""

    reason: str


Declaration = Entry | NotPersonal
Declarations = Mapping[str, Declaration]


def declare(declaration: Declaration, *fields: str) -> dict[str, Declaration]:
    """The same declaration for several fields: ``declare(KEY, "id", "public_id") | …``."""
    return dict.fromkeys(fields, declaration)


def entry(
    category: Category,
    purpose: Purpose,
    retention: Retention,
    basis: LegalBasis,
    *recipients: Recipient,
    aggregates: Iterable[Recipient] = (),
) -> Entry:
    return Entry(category, purpose, frozenset(recipients), retention, basis, frozenset(aggregates))


# Reasons shared by many models.
KEY = NotPersonal("technical key")
TENANT = NotPersonal("the organisation the row belongs to")
CONFIG = NotPersonal("configuration of the organisation's program, not about a person")
ROW_TIME = NotPersonal("when the row was written; about the record, not a person's behaviour")

# The deletion register (PRIV-06): each kind of data has exactly one rule.
WITH_ORGANISATION = Retention(
    "with_organisation",
    _("while the organisation uses Tandem"),
    _("end of the contract: deleted with the organisation"),
    enforced=False,
)
EMPLOYEE_RECORD = Retention(
    "employee_record",
    _("6 months"),
    _("after the person leaves the organisation's directory"),
    enforced=False,
)
LOGIN_ACCOUNT = Retention(
    "login_account",
    _("6 months"),
    _("after the login's last role and last person record end"),
    enforced=False,
)
IMPORT_FILE = Retention(
    "import_file",
    _("until the decision"),
    _("the uploaded file is erased when the import is applied or discarded"),
    enforced=True,
)
IMPORT_RECORD = Retention(
    "import_record",
    _("12 months"),
    _("after the import was checked"),
    enforced=False,
)
INVITATION = Retention(
    "invitation",
    _("30 days"),
    _("after the invitation expires or is accepted"),
    enforced=False,
)
REGISTRATION = Retention(
    "registration",
    _("12 months"),
    _("after the cohort ends; at once when the person withdraws"),
    enforced=False,
)
PARTICIPATION = Retention(
    "participation",
    _("12 months"),
    _("after the cohort ends"),
    enforced=False,
)
TANDEM_CONTENT = Retention(
    "tandem_content",
    _("6 months"),
    _("after the tandem ends; its authors may delete it at any time"),
    enforced=False,
)
SURVEY_ANSWERS = Retention(
    "survey_answers",
    _("12 months"),
    _("after the survey closes; unlinkable from the person from the start"),
    enforced=False,
)
AUDIT_LOG = Retention(
    "audit_log",
    _("3 years"),
    _("after the entry was written"),
    enforced=False,
)
MAIL_LEDGER = Retention(
    "mail_ledger",
    _("90 days"),
    _("after the message was sent"),
    enforced=False,
)
ACCESS_TOKEN = Retention(
    "access_token",
    _("until revoked"),
    _("revoked by its holder or replaced; deleted with the login"),
    enforced=True,
)

RETENTION_RULES: tuple[Retention, ...] = (
    EMPLOYEE_RECORD,
    LOGIN_ACCOUNT,
    IMPORT_FILE,
    IMPORT_RECORD,
    INVITATION,
    REGISTRATION,
    PARTICIPATION,
    TANDEM_CONTENT,
    SURVEY_ANSWERS,
    AUDIT_LOG,
    MAIL_LEDGER,
    ACCESS_TOKEN,
    WITH_ORGANISATION,
)


@dataclass(frozen=True)
class Row:
    """One field of the inventory."""

    app: str
    model: str
    model_label: str
    field: str
    declaration: Declaration


def our_models() -> list[type[models.Model]]:
    """Every model of a ``tandem.*`` app, in a stable order."""
    found = [m for m in apps.get_models() if m.__module__.startswith("tandem.")]
    return sorted(found, key=lambda m: m._meta.label)


def declarations_of(model: type[models.Model]) -> Declarations:
    declared: Declarations = getattr(model, "personal_data", {})
    return declared


def inventory() -> Iterator[Row]:
    """Each declared field of each model, in model and field order."""
    for model in our_models():
        declared = declarations_of(model)
        for field in model._meta.concrete_fields:
            if field.name in declared:
                yield Row(
                    model._meta.app_label,
                    model.__name__,
                    str(model._meta.verbose_name),
                    field.name,
                    declared[field.name],
                )


def as_data() -> list[dict[str, Any]]:
    """The inventory as plain data (the committed snapshot ``docs/data-inventory.json``)."""
    data: list[dict[str, Any]] = []
    for row in inventory():
        item: dict[str, Any] = {"field": f"{row.app}.{row.model}.{row.field}"}
        if isinstance(row.declaration, NotPersonal):
            item["personal"] = False
            item["reason"] = row.declaration.reason
        else:
            d = row.declaration
            item |= {
                "personal": True,
                "category": d.category.value,
                "purpose": d.purpose.value,
                "recipients": sorted(r.value for r in d.recipients),
                "aggregates_only": sorted(r.value for r in d.aggregates),
                "retention": d.retention.key,
                "retention_enforced": d.retention.enforced,
                "basis": d.basis.value,
            }
        data.append(item)
    return data


def snapshot() -> str:
    """The inventory as sorted, indented JSON: the text of ``docs/data-inventory.json``."""
    return json.dumps(as_data(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def snapshot_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "data-inventory.json"


@dataclass(frozen=True)
class Group:
    """Fields of one category that share one declaration: the annex's finest row."""

    entry: Entry
    fields: list[str | Promise]


@dataclass(frozen=True)
class CategorySummary:
    """What the annex says about one category: its groups of fields and the union of their rules."""

    category: Category
    groups: list[Group]
    purposes: list[Purpose]
    recipients: list[Recipient]
    retention: list[Retention]
    bases: list[LegalBasis]


def _field_label(row: Row) -> str | Promise:
    """ "Model: field" in the language active when it is shown, not when it is built."""
    model = apps.get_model(row.app, row.model)
    field = model._meta.get_field(row.field)
    return format_lazy("{}: {}", model._meta.verbose_name, field.verbose_name)


def by_category() -> list[CategorySummary]:
    """The personal fields of the inventory per category (in the order of Category), grouped
    by identical declaration so each group says exactly who reads it."""
    grouped: dict[Category, dict[Entry, list[str | Promise]]] = {}
    for row in inventory():
        if isinstance(row.declaration, Entry):
            by_entry = grouped.setdefault(row.declaration.category, {})
            by_entry.setdefault(row.declaration, []).append(_field_label(row))
    summaries = []
    for category in Category:
        if category not in grouped:
            continue
        groups = [Group(e, list(dict.fromkeys(f))) for e, f in grouped[category].items()]
        entries = [g.entry for g in groups]
        summaries.append(
            CategorySummary(
                category=category,
                groups=groups,
                purposes=[p for p in Purpose if any(e.purpose == p for e in entries)],
                recipients=[r for r in Recipient if any(r in e.recipients for e in entries)],
                retention=[r for r in RETENTION_RULES if any(e.retention == r for e in entries)],
                bases=[b for b in LegalBasis if any(e.basis == b for e in entries)],
            )
        )
    return summaries


def retention_rules_in_use() -> list[Retention]:
    """The deletion rules some personal field follows, in the register's order."""
    used = {row.declaration.retention for row in inventory() if isinstance(row.declaration, Entry)}
    return [rule for rule in RETENTION_RULES if rule in used]


def never_per_person() -> list[tuple[Category, list[str | Promise]]]:
    """Per category, the fields nobody running or overseeing a program reads person by person."""
    found: dict[Category, list[str | Promise]] = {}
    for row in inventory():
        if isinstance(row.declaration, Entry) and not row.declaration.evaluated_per_person:
            found.setdefault(row.declaration.category, []).append(_field_label(row))
    return [(c, list(dict.fromkeys(found[c]))) for c in Category if c in found]


def authorship(retention: Retention, *recipients: Recipient) -> Entry:
    """Who created or decided something (an ``…_by`` link): kept for accountability."""
    return entry(
        Category.AUDIT,
        Purpose.ACCOUNTABILITY,
        retention,
        LegalBasis.LEGITIMATE_INTEREST,
        *recipients,
        Recipient.OPERATOR,
    )


def tandem_writing(*recipients: Recipient, aggregates: Iterable[Recipient] = ()) -> Entry:
    """What a tandem writes (AZ-03): its readers besides the operator, who hosts it."""
    return entry(
        Category.TANDEM_CONTENT,
        Purpose.TANDEM_WORK,
        TANDEM_CONTENT,
        LegalBasis.CONSENT,
        *recipients,
        Recipient.OPERATOR,
        aggregates=aggregates,
    )
