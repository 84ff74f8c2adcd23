"""Template filters for HR import runs: problems and fields worded in the viewer's language."""

from collections.abc import Sized

from django import template
from django.utils.translation import gettext as _

from tandem.people.imports import ImportProblem, describe
from tandem.people.imports.problems import FIELD_LABELS

register = template.Library()


@register.filter
def describe_problem(problem: ImportProblem) -> str:
    return describe(problem)


@register.filter
def field_label(field: str) -> str:
    """A field's name as the column table shows it; no field is a column not imported."""
    if not field:
        return _("not imported")
    # A change of supervisor is stored as "supervisor", the column as "supervisor_id".
    if field == "supervisor":
        return _("supervisor")
    return str(FIELD_LABELS.get(field, field))


@register.filter
def field_labels(fields: list[str]) -> str:
    return ", ".join(field_label(field) for field in fields)


@register.filter
def remaining(total: int, listed: Sized) -> int:
    """How many of ``total`` people a capped list leaves out ("and 480 more")."""
    return max(int(total or 0) - len(listed), 0)
