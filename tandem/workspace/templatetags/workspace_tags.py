"""The start-page card: the user's accepted tandems with their next meeting."""

from typing import Any

from django import template
from django.template.context import Context

from tandem.workspace import selectors

register = template.Library()


@register.inclusion_tag("workspace/workspaces.html", takes_context=True)
def your_workspaces(context: Context) -> dict[str, Any]:
    request = context["request"]
    organization = context.get("current_organization")
    if organization is None or not request.user.is_authenticated:
        return {"tandems": []}
    return {
        "tandems": list(selectors.workspaces_of(request.user, organization)),
        "organization": organization,
        "user": request.user,
    }
