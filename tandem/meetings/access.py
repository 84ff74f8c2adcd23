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
    PartnerRole,
)
from tandem.programs.models import Enrollment, Tandem


def require_partner(user: User, tandem: Tandem) -> None:
    if user.pk not in (tandem.mentor.employee.user_id, tandem.mentee.employee.user_id):
        raise Http404


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
    require_partner(user, meeting.tandem)
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
    require_partner(user, series.tandem)
    return series


def role_of(user: User, tandem: Tandem) -> PartnerRole | None:
    """The user's side of ``tandem``; None for anyone but its two partners."""
    if user.pk == tandem.mentor.employee.user_id:
        return PartnerRole.MENTOR
    if user.pk == tandem.mentee.employee.user_id:
        return PartnerRole.MENTEE
    return None


def own_role(user: User, tandem: Tandem) -> PartnerRole:
    """The side of a tandem fetched for its partner (``get_tandem_for_partner``); else 404."""
    role = role_of(user, tandem)
    if role is None:
        raise Http404
    return role


def partner_of(tandem: Tandem, role: PartnerRole) -> Enrollment:
    """The other partner's registration, seen from ``role``."""
    return tandem.mentee if role == PartnerRole.MENTOR else tandem.mentor
