"""A results chart as a figure (ECO-08), and the start-page card that leads to the results."""

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import mark_safe

from tandem.programs.access import RESULT_ROLES
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
