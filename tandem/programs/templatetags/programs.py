"""Template helpers for registrations and the participant's "Your mentoring" card."""

from typing import Any

from django import template
from django.utils import timezone

from tandem.programs.access import employee_of
from tandem.programs.models import DAYPARTS, STYLE_QUESTIONS, WEEKDAYS, Registration
from tandem.programs.selectors import participation

register = template.Library()

SLOT_LABELS = {
    f"{day}-{part}": (day_label, part_label)
    for day, day_label in WEEKDAYS
    for part, part_label in DAYPARTS
}


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def style_answers(registration: Registration) -> list[tuple[str, Any]]:
    return [(str(question), registration.style.get(key)) for key, question in STYLE_QUESTIONS]


@register.filter
def slot_labels(registration: Registration) -> list[str]:
    return [
        f"{SLOT_LABELS[slot][0]} ({SLOT_LABELS[slot][1]})"
        for slot in registration.availability
        if slot in SLOT_LABELS
    ]


@register.inclusion_tag("programs/your_mentoring.html", takes_context=True)
def your_mentoring(context: template.Context) -> dict[str, Any]:
    """The participant's card on the organisation's start page: open cohorts, own registrations."""
    request = context["request"]
    organization = context["current_organization"]
    employee = employee_of(request.user, organization)
    if employee is None:
        return {"employee": None}
    return {
        "employee": employee,
        "current_organization": organization,
        "participation": participation(employee, timezone.localdate()),
    }
