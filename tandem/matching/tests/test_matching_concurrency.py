"""REL-01 on PostgreSQL: twenty publishers race for a mentor's last seat.

The conditional UPDATE lets exactly one through. The control runs the same
race with a read-then-write, which hands the seat out many times over: the
harness does produce the race (pretix's technique).
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django_scopes import scopes_disabled

from tandem.matching import lifecycle
from tandem.programs.models import Enrollment
from tandem.programs.tests.factories import EnrollmentFactory

THREADS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency needs PostgreSQL (REL-03)"
    ),
]


def race(claim: Callable[[int], bool], mentor_id: int) -> int:
    """Run ``claim`` in THREADS threads at once, each in its own transaction; count successes."""
    barrier = threading.Barrier(THREADS)
    wins: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        from django.db import connection as own

        try:
            barrier.wait()
            # Scopes are per thread; the fixtures' relaxation does not reach here.
            with scopes_disabled(), transaction.atomic():
                won = claim(mentor_id)
            with lock:
                wins.append(won)
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(wins) == THREADS
    return sum(wins)


def _naive_claim(mentor_id: int) -> bool:
    mentor = Enrollment.objects.get(pk=mentor_id)
    if mentor.taken >= mentor.capacity:
        return False
    # Everyone has read "one seat free" before anyone writes.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.2)")
    mentor.taken += 1
    mentor.save(update_fields=["taken"])
    return True


@pytest.fixture
def last_seat(world) -> int:
    mentor = EnrollmentFactory(organization=world.organization, role="mentor", capacity=3)
    Enrollment.objects.filter(pk=mentor.pk).update(taken=2)
    return mentor.pk


def test_exactly_one_publisher_gets_the_last_seat(last_seat):
    assert race(lambda pk: lifecycle.take_seat(mentor_id=pk), last_seat) == 1
    mentor = Enrollment.objects.get(pk=last_seat)
    assert mentor.taken == mentor.capacity == 3


def test_control_read_then_write_gives_the_seat_away_many_times(last_seat):
    assert race(_naive_claim, last_seat) > 1
