"""The action plan (partners only): goals added, edited, tracked, reordered and removed.

With htmx a change swaps the goal's row or the goal list; without JavaScript
every form posts and the page comes back whole.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest, User
from tandem.core.models import Organization
from tandem.meetings.access import own_role
from tandem.people.access import organization_view
from tandem.programs.access import get_tandem_for_partner
from tandem.programs.models import Tandem
from tandem.workspace import plan
from tandem.workspace.access import get_goal_for_partner
from tandem.workspace.forms import GoalForm, GoalMoveForm, GoalTrackingForm
from tandem.workspace.models import Goal


@dataclass(frozen=True)
class Row:
    """A goal with its status-and-progress form, as one item of the list."""

    goal: Goal
    form: GoalTrackingForm
    first: bool
    last: bool
    saved: bool = False


def _tracking_form(goal: Goal, data: Any = None) -> GoalTrackingForm:
    initial = {"status": goal.status, "progress": goal.progress}
    return GoalTrackingForm(data, initial=initial, auto_id=f"goal-{goal.public_id}-%s")


def _goal_form(tandem: Tandem, data: Any = None, **kwargs: Any) -> GoalForm:
    return GoalForm(data, topics=tandem.cohort.topics.all(), **kwargs)


def _htmx(request: AuthenticatedHttpRequest) -> bool:
    return bool(request.htmx)


def _rows(
    tandem: Tandem, changed: Goal | None = None, form: GoalTrackingForm | None = None
) -> list[Row]:
    """The plan's rows; ``changed`` shows ``form`` (bound, with its errors) or else "saved"."""
    goals = plan.goals_of(tandem)
    rows = []
    for index, goal in enumerate(goals):
        mine = changed is not None and goal.pk == changed.pk
        rows.append(
            Row(
                goal,
                form if mine and form is not None else _tracking_form(goal),
                first=index == 0,
                last=index == len(goals) - 1,
                saved=mine and form is None,
            )
        )
    return rows


def _plan_context(tandem: Tandem, user: User, **extra: Any) -> dict[str, Any]:
    role = own_role(user, tandem)
    return {
        "tandem": tandem,
        "side": role.value,
        "partner": tandem.partner(role),
        "editable": plan.is_editable(tandem),
        "rows": extra.pop("rows", None) or _rows(tandem),
        "goal_form": extra.pop("goal_form", None) or _goal_form(tandem, auto_id="new-goal-%s"),
        **extra,
    }


def _plan_page(
    request: AuthenticatedHttpRequest, tandem: Tandem, fragment: str = "", **extra: Any
) -> HttpResponse:
    context = _plan_context(tandem, request.user, **extra)
    return render(request, f"workspace/plan.html{fragment}", context)


def _back(organization: Organization, tandem: Tandem, goal: Goal | None = None) -> HttpResponse:
    url = reverse("workspace:plan", args=[organization.slug, tandem.public_id])
    return redirect(f"{url}#goal-{goal.public_id}" if goal else url)


@organization_view()
def plan_page(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """The mentee's learning goals; the first visit starts the plan from the registration."""
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    plan.start_plan(tandem=tandem)
    return _plan_page(request, tandem)


@require_POST
@organization_view()
def goal_add(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    form = _goal_form(tandem, request.POST, auto_id="new-goal-%s")
    if form.is_valid():
        try:
            goal = plan.add_goal(tandem=tandem, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if _htmx(request):
                return _plan_page(request, tandem, "#goals", added=goal)
            messages.success(request, _("The goal has been added."))
            return _back(organization, tandem, goal)
    return _plan_page(request, tandem, "#goals" if _htmx(request) else "", goal_form=form)


@require_POST
@organization_view()
def goal_track(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """A goal's status and progress; with htmx only its row comes back."""
    goal = get_goal_for_partner(request.user, organization, public_id)
    form: GoalTrackingForm | None = _tracking_form(goal, request.POST)
    if form is not None and form.is_valid():
        try:
            plan.track_goal(goal=goal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not _htmx(request):
                messages.success(request, _("The goal has been updated."))
                return _back(organization, goal.tandem, goal)
            form = None  # saved: the row shows the new values and says so
    rows = _rows(goal.tandem, changed=goal, form=form)
    if _htmx(request):
        row = next((row for row in rows if row.goal.pk == goal.pk), None)
        context = {"tandem": goal.tandem, "row": row, "editable": plan.is_editable(goal.tandem)}
        return render(request, "workspace/plan.html#goal", context)
    return _plan_page(request, goal.tandem, rows=rows)


@require_POST
@organization_view()
def goal_move(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    goal = get_goal_for_partner(request.user, organization, public_id)
    form = GoalMoveForm(request.POST)
    if form.is_valid():
        try:
            plan.move_goal(goal=goal, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    if _htmx(request):
        return _plan_page(request, goal.tandem, "#goals", moved=goal)
    return _back(organization, goal.tandem, goal)


def _edit_page(request: AuthenticatedHttpRequest, goal: Goal, form: GoalForm) -> HttpResponse:
    context = {"tandem": goal.tandem, "goal": goal, "form": form}
    return render(request, "workspace/goal_edit.html", context)


@organization_view()
def goal_edit(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """A goal's topic and words, on a page of their own."""
    goal = get_goal_for_partner(request.user, organization, public_id)
    if not plan.is_editable(goal.tandem):
        messages.error(request, _("This action plan can no longer be changed."))
        return _back(organization, goal.tandem)
    initial = {"topic": goal.topic, "title": goal.title, "detail": goal.detail}
    form = _goal_form(goal.tandem, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan.edit_goal(goal=goal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The goal has been saved."))
            return _back(organization, goal.tandem, goal)
    return _edit_page(request, goal, form)


@organization_view()
def goal_remove(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Asks first; the goal goes only on the confirming POST."""
    goal = get_goal_for_partner(request.user, organization, public_id)
    tandem = goal.tandem
    if request.method == "POST":
        try:
            plan.remove_goal(goal=goal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The goal has been removed."))
        return _back(organization, tandem)
    if not plan.is_editable(tandem):
        messages.error(request, _("This action plan can no longer be changed."))
        return _back(organization, tandem)
    return render(request, "workspace/goal_remove.html", {"tandem": tandem, "goal": goal})
