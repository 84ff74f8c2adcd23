"""On PostgreSQL: partners opening a new action plan at the same moment seed it once."""

import threading

import pytest
from django.db import connection, transaction
from django_scopes import scopes_disabled

from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Tandem
from tandem.workspace import plan
from tandem.workspace.models import ActionPlan, Goal

THREADS = 8

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency needs PostgreSQL (REL-03)"
    ),
]


def test_simultaneous_first_visits_seed_the_plan_once(world, tandem: Tandem) -> None:
    accept(tandem)
    tandem.mentee.goals = {"ai": 3, "agile": 5, "social_media": 1}
    tandem.mentee.save(update_fields=["goals"])
    barrier = threading.Barrier(THREADS)
    seeded: list[bool] = []
    lock = threading.Lock()

    def visit() -> None:
        from django.db import connection as own

        try:
            with scopes_disabled():
                fresh = Tandem.objects.select_related("mentee").get(pk=tandem.pk)
                barrier.wait()
                with transaction.atomic():
                    result = plan.start_plan(tandem=fresh)
            with lock:
                seeded.append(result)
        finally:
            own.close()

    threads = [threading.Thread(target=visit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seeded) == [False] * (THREADS - 1) + [True]
    assert ActionPlan.objects.filter(tandem=tandem).count() == 1
    assert Goal.objects.filter(tandem=tandem).count() == 3
