"""A results chart as a figure: the inline SVG, its caption and its data table (ECO-08)."""

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from tandem.reports.figures import Figure

register = template.Library()


@register.inclusion_tag("reports/chart.html")
def chart(figure: Figure) -> dict[str, Any]:
    # charts.py escapes every label and writes no script, style or link: the SVG is safe inline.
    return {"figure": figure, "chart": figure.chart, "svg": mark_safe(figure.chart.svg)}  # noqa: S308
