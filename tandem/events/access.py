"""Obtaining events: the program team reaches a cohort's events, a participant only their own.

The program-team views are gated by ``organization_view(*PROGRAM_ROLES)``;
a participant reaches an event only through their invitation, so a mentee
asking for a mentor exchange gets 404, as does everyone not invited.
"""

from uuid import UUID

from django.shortcuts import get_object_or_404

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.events.models import CohortEvent, EventInvitation
from tandem.events.selectors import invitations_of


def get_event(organization: Organization, public_id: UUID) -> CohortEvent:
    """An event, for the program team (the role is checked by the view's decorator)."""
    return get_object_or_404(
        CohortEvent.objects.filter(organization=organization, public_id=public_id).select_related(
            "organization", "cohort__program"
        )
    )


def get_invitation_for_participant(
    user: User, organization: Organization, public_id: UUID
) -> EventInvitation:
    """The user's own invitation to the event ``public_id`` (not invited: 404)."""
    return get_object_or_404(invitations_of(user, organization).filter(event__public_id=public_id))
