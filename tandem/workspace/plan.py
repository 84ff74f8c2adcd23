"""The action plan: the mentee's learning goals, started from the registration, kept by both.

The plan is seeded once, the first time a partner opens it after both have
accepted the tandem (the matching app sits below meetings and cannot tell us
when that happens). Afterwards both partners add, edit, track, reorder and
remove goals while the tandem runs; once it has ended the plan is read-only.
Nothing here is audited: the goals are the tandem's own content (AZ-03,
``CONFIDENTIAL_FIELDS``) and an entry per change would record each participant's
activity (PRIV-04, ADR 0009).
"""

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tandem.programs.models import Tandem, Topic
from tandem.workspace.models import ActionPlan, Goal, GoalStatus

PROGRESS_STEP = 10

type Direction = Literal["up", "down"]


def goals_of(tandem: Tandem) -> list[Goal]:
    """The plan's goals in their order, each with its topic (one query)."""
    return list(Goal.objects.filter(tandem=tandem).select_related("topic"))


def is_editable(tandem: Tandem) -> bool:
    """Partners change the plan while the tandem runs (``Tandem.is_running``)."""
    return tandem.is_running


def _locked_tandem(tandem: Tandem) -> Tandem:
    """The tandem row locked, so that edits of one plan (positions above all) queue up.

    The state is read again under the lock: an edit racing the end of the tandem loses.
    """
    locked = (
        Tandem.objects.select_related("cohort").select_for_update(of=("self",)).get(pk=tandem.pk)
    )
    if not is_editable(locked):
        raise ValidationError(_("This action plan can no longer be changed."))
    return locked


def _check_tracking(status: str, progress: int) -> None:
    if status not in GoalStatus.values:
        raise ValidationError(_("Please choose a status."))
    if not 0 <= progress <= 100 or progress % PROGRESS_STEP:
        raise ValidationError(_("Please choose the progress in steps of 10 %."))


def _check_words(topic: Topic | None, title: str) -> None:
    if topic is None and not title.strip():
        raise ValidationError(_("Please choose a topic or give the goal a title."))


def start_plan(*, tandem: Tandem) -> bool:
    """Seed the plan from the mentee's registration, once; True if this call did it.

    One goal per wanted topic, highest priority first, without a title so the
    topic's name shows in each reader's language. The :class:`ActionPlan` row
    is the marker: two first visits at once insert it once (the unique key
    lets the second wait and then find the first's row), and a plan whose
    goals were all removed is not seeded again.
    """
    if not is_editable(tandem) or ActionPlan.objects.filter(tandem=tandem).exists():
        return False
    with transaction.atomic():
        _plan, created = ActionPlan.objects.get_or_create(
            tandem=tandem, defaults={"organization_id": tandem.organization_id}
        )
        if not created:
            return False
        wanted: dict[str, int] = tandem.mentee.goals or {}
        topics = {
            topic.key: topic
            for topic in Topic.objects.filter(
                organization_id=tandem.organization_id, key__in=wanted
            )
        }
        # A topic removed from the catalogue since the registration has nothing to show.
        keys = sorted(
            (key for key in wanted if key in topics),
            key=lambda key: (-int(wanted[key]), topics[key].position, key),
        )
        Goal.objects.bulk_create(
            Goal(
                organization_id=tandem.organization_id,
                tandem=tandem,
                topic=topics[key],
                position=position,
            )
            for position, key in enumerate(keys)
        )
    return True


@transaction.atomic
def add_goal(*, tandem: Tandem, topic: Topic | None, title: str, detail: str = "") -> Goal:
    """A new goal at the end of the plan: a topic of the cohort, a title of their own, or both."""
    _check_words(topic, title)
    start_plan(tandem=tandem)
    locked = _locked_tandem(tandem)
    last = Goal.objects.filter(tandem=locked).aggregate(last=Max("position"))["last"]
    return Goal.objects.create(
        organization_id=locked.organization_id,
        tandem=locked,
        topic=topic,
        title=title.strip(),
        detail=detail.strip(),
        position=0 if last is None else last + 1,
    )


def _locked_goal(goal: Goal) -> tuple[Tandem, Goal]:
    tandem = _locked_tandem(goal.tandem)
    fresh = Goal.objects.select_related("topic").filter(pk=goal.pk).first()
    if fresh is None:
        raise ValidationError(_("This goal has been removed in the meantime."))
    return tandem, fresh


def _words(goal: Goal) -> dict[str, str | None]:
    return {
        "topic": goal.topic.key if goal.topic else None,
        "title": goal.title,
        "detail": goal.detail,
    }


@transaction.atomic
def edit_goal(*, goal: Goal, topic: Topic | None, title: str, detail: str = "") -> Goal:
    """New words or another topic for a goal."""
    _check_words(topic, title)
    _tandem, locked = _locked_goal(goal)
    before = _words(locked)
    locked.topic, locked.title, locked.detail = topic, title.strip(), detail.strip()
    if _words(locked) != before:
        locked.save(update_fields=["topic", "title", "detail", "updated"])
    return locked


@transaction.atomic
def track_goal(*, goal: Goal, status: str, progress: int) -> Goal:
    """A goal's status and progress (0–100 % in steps of 10)."""
    _check_tracking(status, progress)
    _tandem, locked = _locked_goal(goal)
    if (locked.status, locked.progress) != (status, progress):
        locked.status, locked.progress = status, progress
        locked.save(update_fields=["status", "progress", "updated"])
    return locked


@transaction.atomic
def move_goal(*, goal: Goal, direction: Direction) -> list[Goal]:
    """Swap a goal with its neighbour above or below; the plan's goals in their new order."""
    tandem, locked = _locked_goal(goal)
    goals = list(Goal.objects.filter(tandem=tandem).order_by("position", "id"))
    index = next(i for i, each in enumerate(goals) if each.pk == locked.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(goals):
        goals[index], goals[other] = goals[other], goals[index]
        # Positions are renumbered densely, which also repairs ties left by older rows.
        moved = [each for position, each in enumerate(goals) if each.position != position]
        for position, each in enumerate(goals):
            each.position = position
        Goal.objects.bulk_update(moved, ["position"])
    return goals


@transaction.atomic
def remove_goal(*, goal: Goal) -> None:
    _tandem, locked = _locked_goal(goal)
    locked.delete()
