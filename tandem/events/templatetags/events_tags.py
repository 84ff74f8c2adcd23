"""The start-page card: the user's next events with their answer."""

from typing import Any

from django import template
from django.template.context import Context

from tandem.events import selectors

register = template.Library()

CARD_SIZE = 3


@register.inclusion_tag("events/cards/events.html", takes_context=True)
def your_events(context: Context) -> dict[str, Any]:
    request = context["request"]
    organization = context.get("current_organization")
    if organization is None or not request.user.is_authenticated:
        return {"invitations": []}
    upcoming = selectors.upcoming_invitations_of(request.user, organization)[:CARD_SIZE]
    return {"invitations": list(upcoming), "organization": organization}
