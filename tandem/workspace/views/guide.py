"""The tandem's guide: who the partner is, why they were matched, how to work together."""

from collections.abc import Mapping
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.languages import language_names
from tandem.core.models import Organization
from tandem.matching import adapters, reasons
from tandem.meetings.access import own_role
from tandem.people.access import organization_view
from tandem.programs.access import get_tandem_for_partner
from tandem.programs.models import TandemState


def _ranked(levels: Mapping[str, int], topics: reasons.Topics) -> list[tuple[str, int]]:
    """Topic names with their level or priority, highest first."""
    ranked = sorted(levels.items(), key=lambda item: (-int(item[1]), item[0]))
    return [(str(topics.get(key, key)), int(value)) for key, value in ranked]


@organization_view()
def guide(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """For the two partners only (the program team gets 404 too).

    The partner's profile shows what the registration promised partners would
    see: name, topics and languages, plus the department from the org chart.
    """
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    role = own_role(request.user, tandem)
    side, partner = role.value, tandem.partner(role)
    topics = adapters.topic_catalogue(tandem.cohort)
    context = {
        "tandem": tandem,
        "side": side,
        "partner": partner,
        "partner_topics": _ranked(partner.topics if side == "mentee" else partner.goals, topics),
        "languages": language_names(partner.languages),
        "reasons": reasons.describe_for_partners(
            tandem.reasons, topics, side, partner.employee.first_name
        ),
        "awaiting_answer": tandem.state in (TandemState.PROPOSED, TandemState.CHANGE_REQUESTED),
    }
    return render(request, "workspace/guide.html", context)
