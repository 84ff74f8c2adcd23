"""The start-page card (open surveys) and the names of result groups."""

from typing import Any

from django import template
from django.template.context import Context

from tandem.surveys import selectors
from tandem.surveys.models import group_name

register = template.Library()


@register.inclusion_tag("surveys/cards/surveys.html", takes_context=True)
def open_surveys(context: Context) -> dict[str, Any]:
    request = context["request"]
    organization = context.get("current_organization")
    if organization is None or not request.user.is_authenticated:
        return {"respondents": []}
    return {
        "respondents": list(selectors.open_for(request.user, organization)),
        "organization": organization,
    }


register.filter("group_name", group_name)
