"""Obtaining meetings and series; which side of a tandem a user is on.

Only a tandem's two partners reach its meetings; everyone else gets 404, the program
team included.
"""

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import (
    Meeting,
    MeetingSeries,
)
from tandem.programs.models import Role, Tandem


def get_meeting_for_partner(user: User, organization: Organization, public_id: UUID) -> Meeting:
    """A meeting, only for the two partners of its tandem (everyone else: 404)."""
    meeting = get_object_or_404(
        Meeting.objects.filter(organization=organization, public_id=public_id).select_related(
            "series",
            "tandem__cohort__organization",
            "tandem__mentor__employee",
            "tandem__mentee__employee",
        )
    )
    own_role(user, meeting.tandem)
    return meeting


def get_series_for_partner(
    user: User, organization: Organization, public_id: UUID
) -> MeetingSeries:
    """A meeting series, only for the two partners of its tandem (everyone else: 404)."""
    series = get_object_or_404(
        MeetingSeries.objects.filter(organization=organization, public_id=public_id).select_related(
            "tandem__cohort__organization", "tandem__mentor__employee", "tandem__mentee__employee"
        )
    )
    own_role(user, series.tandem)
    return series


def own_role(user: User, tandem: Tandem) -> Role:
    """The user's side of the tandem; 404 for anyone but its two partners (AZ-03)."""
    role = tandem.side_of(user)
    if role is None:
        raise Http404
    return role
