"""Obtaining meetings and what a tandem writes.

Only a tandem's two partners reach its meetings and takeaways; a private note,
a feedback and a fit-check answer reach their author alone (AZ-03). Everyone
else gets 404, the program team included. The program team reaches a tandem
itself (who is in it, its state) to end it early, never what it wrote.
"""

from dataclasses import dataclass
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import (
    Feedback,
    FitCheck,
    Goal,
    Meeting,
    MeetingSeries,
    PartnerRole,
    PrivateNote,
    Quote,
    Takeaway,
)
from tandem.people.models import Employee
from tandem.programs.models import Enrollment, Tandem


def _require_partner(user: User, tandem: Tandem) -> None:
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
    _require_partner(user, meeting.tandem)
    return meeting


def get_goal_for_partner(user: User, organization: Organization, public_id: UUID) -> Goal:
    """A goal of an action plan, only for the two partners of its tandem (everyone else: 404)."""
    goal = get_object_or_404(
        Goal.objects.filter(organization=organization, public_id=public_id).select_related(
            "topic",
            "tandem__cohort",
            "tandem__mentor__employee",
            "tandem__mentee__employee",
        )
    )
    _require_partner(user, goal.tandem)
    return goal


def get_series_for_partner(
    user: User, organization: Organization, public_id: UUID
) -> MeetingSeries:
    """A meeting series, only for the two partners of its tandem (everyone else: 404)."""
    series = get_object_or_404(
        MeetingSeries.objects.filter(organization=organization, public_id=public_id).select_related(
            "tandem__cohort__organization", "tandem__mentor__employee", "tandem__mentee__employee"
        )
    )
    _require_partner(user, series.tandem)
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


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting as one partner may read it: the shared takeaways, their own note and feedback."""

    meeting: Meeting
    role: PartnerRole
    partner: Employee
    takeaways: list[Takeaway]
    note: PrivateNote | None
    feedback: Feedback | None


def get_meeting_record_for_partner(
    user: User, organization: Organization, public_id: UUID
) -> MeetingRecord:
    """A meeting with what its reader may see of it; the partner's note and feedback never."""
    meeting = get_meeting_for_partner(user, organization, public_id)
    role = own_role(user, meeting.tandem)
    return MeetingRecord(
        meeting=meeting,
        role=role,
        partner=partner_of(meeting.tandem, role).employee,
        takeaways=list(Takeaway.objects.filter(meeting=meeting).order_by("created", "id")),
        note=PrivateNote.objects.filter(meeting=meeting, author=role).first(),
        feedback=Feedback.objects.filter(meeting=meeting, author=role).first(),
    )


def get_own_takeaway(user: User, organization: Organization, public_id: UUID) -> Takeaway:
    """A takeaway its author may change; the partner reads it but gets 404 here."""
    takeaway = get_object_or_404(
        Takeaway.objects.filter(organization=organization, public_id=public_id).select_related(
            "meeting__tandem__cohort__organization",
            "meeting__tandem__mentor__employee",
            "meeting__tandem__mentee__employee",
        )
    )
    if role_of(user, takeaway.meeting.tandem) != takeaway.author:
        raise Http404
    return takeaway


def get_own_fit_check(tandem: Tandem, role: PartnerRole) -> FitCheck | None:
    """A partner's own answer to "does the pairing fit?"; the other's is never handed out."""
    return FitCheck.objects.filter(tandem=tandem, author=role).first()


def get_quote_for_partner(user: User, tandem: Tandem) -> Quote | None:
    """The tandem's quote for the report, to either partner (everyone else: 404).

    The program team never reads it here: the report prints only the words both partners
    agreed to (``selectors.published_quotes``), without the tandem's names.
    """
    _require_partner(user, tandem)
    return Quote.objects.filter(tandem=tandem).first()


def get_tandem_for_program_team(organization: Organization, public_id: UUID) -> Tandem:
    """A tandem for the program team (the view has checked the role): its people and state."""
    return get_object_or_404(
        Tandem.objects.filter(organization=organization, public_id=public_id).select_related(
            "cohort__organization",
            "cohort__program",
            "mentor__employee__user",
            "mentee__employee__user",
        )
    )
