"""Template filters that tell the engine's codes in the reader's language; the home-page card."""

from collections.abc import Mapping
from typing import Any

from django import template
from django.template.context import Context

from tandem.matching import reasons, selectors

register = template.Library()


@register.filter
def reason_text(reason: Mapping[str, Any], topics: reasons.Topics) -> str:
    return reasons.describe_reason(reason, topics)


@register.simple_tag
def reasons_for(tandem: Any, partner: Any, topics: reasons.Topics) -> list[str]:
    """Why the pair was matched, told to the partner who is not ``partner`` (an registration)."""
    side = "mentee" if partner.role == "mentor" else "mentor"
    return reasons.describe_for_partners(tandem.reasons, topics, side, partner.employee.first_name)


@register.filter
def rule_text(code: str) -> str:
    return reasons.describe_rule(code)


@register.filter
def unmatched_text(entry: Mapping[str, Any]) -> str:
    return reasons.describe_unmatched(entry)


@register.filter
def component_label(code: str) -> str:
    return reasons.component_label(code)


@register.filter
def points(value: float | None) -> str:
    return reasons.points(value)


@register.filter
def signed_points(value: float | None) -> str:
    return reasons.signed_points(value)


@register.filter
def topic_levels(levels: Mapping[str, Any], topics: reasons.Topics) -> str:
    """``{"ai": 4}`` → "KI (4)", topics named in the reader's language."""
    return ", ".join(f"{topics.get(key, key)} ({value})" for key, value in sorted(levels.items()))


@register.inclusion_tag("matching/your_tandems.html", takes_context=True)
def your_tandems(context: Context) -> dict[str, Any]:
    """Links to the user's own tandems, for the start page's "Your mentoring" card."""
    request = context["request"]
    organization = context.get("current_organization")
    if organization is None or not request.user.is_authenticated:
        return {"tandems": []}
    return {
        "tandems": list(selectors.tandems_of(request.user, organization)),
        "organization": organization,
        "user": request.user,
    }
