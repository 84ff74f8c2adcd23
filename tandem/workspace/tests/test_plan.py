"""The action plan: seeded once from the registration, kept by both, read-only once ended."""

import pytest
from django.urls import reverse

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.meetings.tests.helpers import accept, count_queries
from tandem.programs.models import Tandem, TandemState, Topic
from tandem.programs.tests.factories import TopicFactory
from tandem.workspace import plan
from tandem.workspace.models import ActionPlan, Goal, GoalStatus

pytestmark = pytest.mark.django_db

SECRET = "Sentinel-Ziel-7f3a"


def _url(name: str, world: World, public_id: object) -> str:
    return reverse(name, kwargs={"org_slug": world.organization.slug, "public_id": public_id})


def _wants(tandem: Tandem, goals: dict[str, int]) -> None:
    tandem.mentee.goals = goals
    tandem.mentee.save(update_fields=["goals"])


def _open(world: World, tandem: Tandem, persona: str = "mentee") -> object:
    response = client_for(world, persona).get(_url("workspace:plan", world, tandem.public_id))
    assert response.status_code == 200
    return response


def _keys(tandem: Tandem) -> list[str | None]:
    return [g.topic.key if g.topic else g.title for g in Goal.objects.filter(tandem=tandem)]


def _goal(world: World, tandem: Tandem, title: str = SECRET, **fields: object) -> Goal:
    return Goal.objects.create(
        organization=world.organization, tandem=tandem, title=title, **fields
    )


# --- who may open it ----------------------------------------------------------------------


def test_only_the_partners_open_the_plan(world: World, tandem: Tandem) -> None:
    accept(tandem)
    url = _url("workspace:plan", world, tandem.public_id)
    for persona in ("admin", "program_manager", "observer", "outsider", "other_admin"):
        assert client_for(world, persona).get(url, secure=True).status_code == 404
    response = client_for(world, "anonymous").get(url, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    for persona in ("mentor", "mentee"):
        assert client_for(world, persona).get(url, secure=True).status_code == 200


def test_program_team_reaches_no_goal(world: World, tandem: Tandem) -> None:
    accept(tandem)
    goal = _goal(world, tandem)
    for name in ("workspace:goal_edit", "workspace:goal_remove"):
        url = _url(name, world, goal.public_id)
        for persona in ("admin", "program_manager", "observer", "other_admin"):
            response = client_for(world, persona).get(url, secure=True)
            assert response.status_code == 404
            assert SECRET not in response.content.decode()
    url = _url("workspace:goal_track", world, goal.public_id)
    data = {"status": "reached", "progress": "100"}
    assert client_for(world, "program_manager").post(url, data, secure=True).status_code == 404
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN


# --- seeding from the registration ----------------------------------------------------------


def test_first_visit_seeds_the_wanted_topics_by_priority(world: World, tandem: Tandem) -> None:
    accept(tandem)
    _wants(tandem, {"ai": 2, "social_media": 5, "agile": 4})
    response = _open(world, tandem)
    assert _keys(tandem) == ["social_media", "agile", "ai"]
    assert all(goal.title == "" for goal in Goal.objects.filter(tandem=tandem))
    # No title: each reader sees the topic's name in their language.
    assert "Thema social_media" in response.content.decode()
    assert ActionPlan.objects.filter(tandem=tandem).count() == 1


def test_seeding_is_idempotent(world: World, tandem: Tandem) -> None:
    accept(tandem)
    _open(world, tandem, "mentee")
    _open(world, tandem, "mentor")
    assert plan.start_plan(tandem=tandem) is False
    assert Goal.objects.filter(tandem=tandem).count() == 1


def test_a_plan_emptied_by_the_partners_is_not_seeded_again(world: World, tandem: Tandem) -> None:
    accept(tandem)
    _open(world, tandem)
    for goal in Goal.objects.filter(tandem=tandem):
        plan.remove_goal(goal=goal)
    _open(world, tandem)
    assert Goal.objects.filter(tandem=tandem).count() == 0
    assert "Noch keine Lernziele." in _open(world, tandem, "mentor").content.decode()


def test_a_second_visit_that_lost_the_race_seeds_nothing(world: World, tandem: Tandem) -> None:
    # The other visit's marker is there by the time this one inserts its own.
    accept(tandem)
    ActionPlan.objects.create(organization=world.organization, tandem=tandem)
    assert plan.start_plan(tandem=tandem) is False
    assert not Goal.objects.filter(tandem=tandem).exists()


def test_no_seeding_before_both_accepted(world: World, tandem: Tandem) -> None:
    response = _open(world, tandem)
    assert not ActionPlan.objects.filter(tandem=tandem).exists()
    assert not response.context["editable"]


def test_topics_no_longer_in_the_catalogue_are_left_out(world: World, tandem: Tandem) -> None:
    accept(tandem)
    _wants(tandem, {"ai": 3, "gone": 5})
    _open(world, tandem)
    assert _keys(tandem) == ["ai"]


# --- editing ---------------------------------------------------------------------------------


def test_both_partners_add_goals_with_a_topic_or_a_title(world: World, tandem: Tandem) -> None:
    accept(tandem)
    _open(world, tandem)
    url = _url("workspace:goal_add", world, tandem.public_id)
    response = client_for(world, "mentor").post(url, {"topic": "agile", "detail": "Scrum"})
    assert response.status_code == 302
    client_for(world, "mentee").post(url, {"topic": "", "title": "Eigener Kanal"})
    assert _keys(tandem) == ["ai", "agile", "Eigener Kanal"]
    assert list(Goal.objects.filter(tandem=tandem).values_list("position", flat=True)) == [0, 1, 2]


def test_a_goal_needs_a_topic_or_a_title(world: World, tandem: Tandem) -> None:
    accept(tandem)
    url = _url("workspace:goal_add", world, tandem.public_id)
    response = client_for(world, "mentee").post(url, {"topic": "", "title": "   "})
    assert response.status_code == 200
    assert set(response.context["goal_form"].errors) == {"title"}
    assert 'aria-invalid="true"' in response.content.decode()


def test_bad_goal_input_gets_field_errors(world: World, tandem: Tandem) -> None:
    accept(tandem)
    foreign = TopicFactory(organization=world.other_organization, key="ai-elsewhere")
    outside = TopicFactory(organization=world.organization, key="not-in-cohort")
    client = client_for(world, "mentee")
    url = _url("workspace:goal_add", world, tandem.public_id)
    for topic in (foreign.key, outside.key, "<script>"):
        response = client.post(url, {"topic": topic, "title": "x"})
        assert response.status_code == 200
        assert set(response.context["goal_form"].errors) == {"topic"}
    response = client.post(url, {"title": "x" * 201, "detail": "y" * 1001})
    assert set(response.context["goal_form"].errors) == {"title", "detail"}
    assert not Goal.objects.filter(tandem=tandem).exists()


def test_status_and_progress_are_tracked(world: World, tandem: Tandem) -> None:
    accept(tandem)
    goal = _goal(world, tandem)
    url = _url("workspace:goal_track", world, goal.public_id)
    response = client_for(world, "mentor").post(url, {"status": "active", "progress": "40"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.progress) == (GoalStatus.ACTIVE, 40)


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"status": "done", "progress": "40"}, {"status"}),
        ({"status": "active", "progress": "35"}, {"progress"}),
        ({"status": "active", "progress": "110"}, {"progress"}),
        ({"status": "active", "progress": "-10"}, {"progress"}),
        ({"status": "", "progress": "viel"}, {"status", "progress"}),
        ({}, {"status", "progress"}),
    ],
)
def test_bad_tracking_values_get_field_errors(
    world: World, tandem: Tandem, data: dict[str, str], fields: set[str]
) -> None:
    accept(tandem)
    goal = _goal(world, tandem, progress=20)
    url = _url("workspace:goal_track", world, goal.public_id)
    response = client_for(world, "mentee").post(url, data)
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.goal.pk == goal.pk)
    assert set(row.form.errors) == fields
    goal.refresh_from_db()
    assert goal.progress == 20


def test_tracking_with_htmx_returns_the_row_only(world: World, tandem: Tandem) -> None:
    accept(tandem)
    goal = _goal(world, tandem)
    url = _url("workspace:goal_track", world, goal.public_id)
    data = {"status": "reached", "progress": "100"}
    response = client_for(world, "mentee").post(url, data, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<li id="goal-{goal.public_id}"')
    assert "Gespeichert." in body
    assert "<html" not in body


def test_goals_are_reordered_up_and_down(world: World, tandem: Tandem) -> None:
    accept(tandem)
    first, second, third = (_goal(world, tandem, t, position=i) for i, t in enumerate("ABC"))
    client = client_for(world, "mentee")
    client.post(_url("workspace:goal_move", world, third.public_id), {"direction": "up"})
    assert _keys(tandem) == ["A", "C", "B"]
    client.post(_url("workspace:goal_move", world, first.public_id), {"direction": "down"})
    assert _keys(tandem) == ["C", "A", "B"]
    # At the ends and with a bad direction nothing moves, and nothing breaks.
    client.post(_url("workspace:goal_move", world, second.public_id), {"direction": "down"})
    response = client.post(_url("workspace:goal_move", world, second.public_id), {"direction": "x"})
    assert response.status_code == 302
    assert _keys(tandem) == ["C", "A", "B"]


def test_moving_with_htmx_returns_the_list(world: World, tandem: Tandem) -> None:
    accept(tandem)
    _goal(world, tandem, "A", position=0)
    second = _goal(world, tandem, "B", position=1)
    url = _url("workspace:goal_move", world, second.public_id)
    response = client_for(world, "mentor").post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="goals">')
    assert body.index(">B<") < body.index(">A<")


def test_a_goal_is_edited_on_its_own_page(world: World, tandem: Tandem) -> None:
    accept(tandem)
    goal = _goal(world, tandem, "Alt")
    url = _url("workspace:goal_edit", world, goal.public_id)
    client = client_for(world, "mentor")
    assert client.get(url).status_code == 200
    response = client.post(url, {"topic": "", "title": ""})
    assert set(response.context["form"].errors) == {"title"}
    response = client.post(url, {"topic": "ai", "title": "Neu", "detail": "Prompts schreiben"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.topic.key, goal.title, goal.detail) == ("ai", "Neu", "Prompts schreiben")


def test_removing_asks_first(world: World, tandem: Tandem) -> None:
    accept(tandem)
    goal = _goal(world, tandem)
    url = _url("workspace:goal_remove", world, goal.public_id)
    client = client_for(world, "mentee")
    response = client.get(url)
    assert response.status_code == 200
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert client.post(url).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_partners_editing_their_plan_leave_no_audit_trail(world: World, tandem: Tandem) -> None:
    """The plan is the tandem's own: no entry records who changed it when (PRIV-04, ADR 0009)."""
    accept(tandem)
    goal = plan.add_goal(tandem=tandem, topic=None, title=SECRET, detail=SECRET)
    plan.edit_goal(goal=goal, topic=None, title=f"{SECRET}!", detail="")
    plan.track_goal(goal=goal, status="active", progress=30)
    plan.move_goal(goal=goal, direction="up")
    plan.remove_goal(goal=goal)
    assert not AuditEntry.objects.filter(action__startswith="meetings.").exists()


# --- read-only once ended ------------------------------------------------------------------


def test_an_ended_tandem_keeps_its_plan_read_only(world: World, tandem: Tandem) -> None:
    accept(tandem)
    _open(world, tandem)
    goal = Goal.objects.get(tandem=tandem)
    tandem.state = TandemState.DISSOLVED
    tandem.save(update_fields=["state"])
    response = _open(world, tandem)
    body = response.content.decode()
    assert "Thema ai" in body
    assert 'name="status"' not in body
    assert "Ziel hinzufügen" not in body
    client = client_for(world, "mentee")
    client.post(_url("workspace:goal_add", world, tandem.public_id), {"title": "Neu"})
    done = {"status": "reached", "progress": "100"}
    client.post(_url("workspace:goal_track", world, goal.public_id), done)
    client.post(_url("workspace:goal_move", world, goal.public_id), {"direction": "up"})
    client.post(_url("workspace:goal_edit", world, goal.public_id), {"title": "Neu"})
    client.post(_url("workspace:goal_remove", world, goal.public_id))
    assert list(Goal.objects.filter(tandem=tandem).values_list("title", "status")) == [
        ("", GoalStatus.OPEN)
    ]
    assert client.get(_url("workspace:goal_edit", world, goal.public_id)).status_code == 302


# --- queries -------------------------------------------------------------------------------


def test_the_plan_runs_a_constant_number_of_queries(world: World, tandem: Tandem) -> None:
    accept(tandem)
    path = _url("workspace:plan", world, tandem.public_id)
    topic = Topic.objects.get(organization=world.organization, key="agile")
    for i in range(2):
        _goal(world, tandem, f"Ziel {i}", position=i, topic=topic)
    few = count_queries(client_for(world, "mentor"), path)
    for i in range(2, 30):
        _goal(world, tandem, f"Ziel {i}", position=i, topic=topic if i % 2 else None)
    assert count_queries(client_for(world, "mentor"), path) == few
