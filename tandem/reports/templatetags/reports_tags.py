"""A results chart as a figure (ECO-08), and the start-page cards that lead to the results and to
the data inventory."""

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import mark_safe

from tandem.programs.access import RESULT_ROLES
from tandem.reports.access import DATA_PROTECTION_ROLES
from tandem.reports.figures import Figure
from tandem.reports.selectors import cohorts_with_results

register = template.Library()


@register.inclusion_tag("reports/chart.html")
def chart(figure: Figure) -> dict[str, Any]:
    # charts.py escapes every label and writes no script, style or link: the SVG is safe inline.
    return {"figure": figure, "chart": figure.chart, "svg": mark_safe(figure.chart.svg)}  # noqa: S308


@register.inclusion_tag("reports/cards/results_list.html", takes_context=True)
def results_card(context: Context) -> dict[str, Any]:
    """Cohorts with results, for the program team and observers (observers have no cohort page)."""
    request = context["request"]
    organization = context.get("current_organization")
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    if organization is None or not roles & set(RESULT_ROLES):
        return {"cohorts": []}
    return {"cohorts": list(cohorts_with_results(organization)), "organization": organization}


@register.inclusion_tag("reports/cards/data_protection_link.html", takes_context=True)
def data_protection_card(context: Context) -> dict[str, Any]:
    """The way to the data inventory, for the administration and observers."""
    roles: frozenset[str] = getattr(context["request"], "roles", frozenset())
    organization = context.get("current_organization")
    shown = organization is not None and bool(roles & set(DATA_PROTECTION_ROLES))
    return {"shown": shown, "organization": organization}
