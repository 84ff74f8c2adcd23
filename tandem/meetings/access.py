"""Obtaining meetings and calendar feeds: only a tandem's two partners reach its meetings."""

from uuid import UUID

from django.http import Http404

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import CalendarFeed, Goal, Meeting
from tandem.programs.models import Tandem


def _require_partner(user: User, tandem: Tandem) -> None:
    if user.pk not in (tandem.mentor.employee.user_id, tandem.mentee.employee.user_id):
        raise Http404


def get_meeting_for_partner(user: User, organization: Organization, public_id: UUID) -> Meeting:
    """A meeting, only for the two partners of its tandem (everyone else: 404)."""
    meeting = (
        Meeting.objects.filter(organization=organization, public_id=public_id)
        .select_related(
            "series",
            "tandem__cohort__organization",
            "tandem__mentor__employee",
            "tandem__mentee__employee",
        )
        .first()
    )
    if meeting is None:
        raise Http404
    _require_partner(user, meeting.tandem)
    return meeting


def get_goal_for_partner(user: User, organization: Organization, public_id: UUID) -> Goal:
    """A goal of an action plan, only for the two partners of its tandem (everyone else: 404)."""
    goal = (
        Goal.objects.filter(organization=organization, public_id=public_id)
        .select_related(
            "topic",
            "tandem__cohort",
            "tandem__mentor__employee",
            "tandem__mentee__employee",
        )
        .first()
    )
    if goal is None:
        raise Http404
    _require_partner(user, goal.tandem)
    return goal


def get_feed_by_token(organization: Organization, token: str) -> CalendarFeed:
    """The feed behind a secret address; an unknown or revoked token is not found."""
    feed = (
        CalendarFeed.objects.filter(organization=organization, token=token)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed
