"""The start-page card of a mentor whose certificate is ready."""

from typing import Any

from django import template
from django.template.context import Context

from tandem.reports.certificates import own_certificates

register = template.Library()


@register.inclusion_tag("reports/cards/certificate_list.html", takes_context=True)
def my_certificates(context: Context) -> dict[str, Any]:
    request = context["request"]
    organization = context.get("current_organization")
    if organization is None or not request.user.is_authenticated:
        return {"registrations": []}
    return {
        "registrations": list(own_certificates(request.user, organization)),
        "organization": organization,
    }
