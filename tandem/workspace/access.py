"""Obtaining what a tandem writes.

Only a tandem's two partners reach its takeaways, action plan and quote; a private note,
a feedback and a fit-check answer reach their author alone (AZ-03). Everyone else gets
404, the program team included.
"""

from dataclasses import dataclass
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.access import (
    get_meeting_for_partner,
    own_role,
)
from tandem.meetings.models import Meeting
from tandem.people.models import Employee
from tandem.programs.models import Role, Tandem
from tandem.workspace.models import Feedback, FitCheck, Goal, PrivateNote, Quote, Takeaway


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
    own_role(user, goal.tandem)
    return goal


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting as one partner may read it: the shared takeaways, their own note and feedback."""

    meeting: Meeting
    role: Role
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
        partner=meeting.tandem.partner(role).employee,
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
    if takeaway.meeting.tandem.side_of(user) != takeaway.author:
        raise Http404
    return takeaway


def get_own_fit_check(tandem: Tandem, role: Role) -> FitCheck | None:
    """A partner's own answer to "does the pairing fit?"; the other's is never handed out."""
    return FitCheck.objects.filter(tandem=tandem, author=role).first()


def get_quote_for_partner(user: User, tandem: Tandem) -> Quote | None:
    """The tandem's quote for the report, to either partner (everyone else: 404).

    The program team never reads it here: the report prints only the words both partners
    agreed to (``selectors.published_quotes``), without the tandem's names.
    """
    own_role(user, tandem)
    return Quote.objects.filter(tandem=tandem).first()
