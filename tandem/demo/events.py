"""Demo: the events of Nordlicht's running cohort, two behind it and two ahead.

The kick-off on the cohort's kick-off date and a first mentor exchange six
weeks ago have answers and attendance; a second exchange in about two weeks
and the wrap-up on the cohort's wrap-up date have some answers, the rest are
open. The mentor persona has not answered the coming exchange and the mentee
persona not the wrap-up, so each can try answering.

The events are created with ``create_event`` and attendance is recorded with
``record_attendance``. The mentor persona's yes to the wrap-up goes through
``respond``. Answers to past events (``respond`` refuses those once the event
has begun) and the answers of demo people without a login are written
directly, as ``respond`` would leave them. Invitations are written by
``invite``, whose mail goes nowhere (``silence.py``). Dates are
relative to today. Idempotent: nothing happens once the running cohort has
events, or when there is no running cohort.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.calendars.schedule import first_on_or_after, local_to_utc
from tandem.demo.cohorts import SEED, personas, program_manager
from tandem.demo.people import NORDLICHT
from tandem.demo.running import running_demo_cohort
from tandem.events.models import CohortEvent, EventInvitation, EventKind, Rsvp
from tandem.events.services import create_event, invite, record_attendance, respond
from tandem.people.models import Employee
from tandem.programs.models import Cohort

TUESDAY = 1

KICKOFF_PLACE = "Nordlicht-Campus, Haus A, Konferenzsaal „Leuchtfeuer“ (4. OG)"
KICKOFF_AGENDA = """\
17:30 Ankommen, Imbiss und Namensschilder
18:00 Begrüßung durch den Vorstand und das Programmteam
18:15 Reverse Mentoring bei Nordlicht: Ziele des Durchgangs, Rollen und Ablauf
18:40 Spielregeln im Tandem: Vertraulichkeit, Verbindlichkeit, Begegnung auf Augenhöhe
19:00 Erstes Kennenlernen in den Tandems und Verabredung des ersten Treffens
19:45 Fragen und Ausklang"""
EXCHANGE_TITLES = ("Austausch der Mentor:innen", "Zweiter Austausch der Mentor:innen")
EXCHANGE_AGENDAS = (
    """\
Kurze Runde: Wie sind Ihre ersten Treffen gelaufen?
Was hat gut funktioniert, wo hakt es?
Erklären ohne Fachjargon: Tipps aus der Runde
Fragen an das Programmteam""",
    """\
Halbzeit: Was haben Ihre Mentees schon ausprobiert?
Wenn Treffen ausfallen: den Faden wieder aufnehmen
Vorbereitung auf die Abschlussveranstaltung
Offene Runde""",
)
WRAPUP_PLACE = "Nordlicht-Campus, Haus C, Betriebsrestaurant „Kombüse“"
WRAPUP_AGENDA = """\
16:00 Begrüßung und Rückblick des Programmteams
16:20 Tandems erzählen, was sie voneinander gelernt haben (freiwillig)
17:00 Ergebnisse der Abschlussbefragung und Ausblick auf den nächsten Durchgang
17:30 Teilnahmebescheinigungen und Empfang"""

# How people answer (yes, maybe, no, no answer), and how likely each answer was to come.
YES, NONE = Rsvp.YES, Rsvp.NONE
ANSWERS = (YES, Rsvp.MAYBE, Rsvp.NO, NONE)
CAME: dict[str, float] = {
    Rsvp.YES: 0.97,
    Rsvp.MAYBE: 0.6,
    Rsvp.NO: 0.0,
    Rsvp.NONE: 0.4,
}


@dataclass(frozen=True)
class EventPlan:
    kind: str
    title: str
    start: datetime
    minutes: int
    invited: datetime  # when the program team created the event and sent the invitations
    answers: tuple[int, int, int, int]  # weights of ANSWERS
    place: str = ""
    online_link: str = ""
    agenda: str = ""


def seed_demo_events() -> str | None:
    """Add the events of Nordlicht's running cohort; returns its name, or None if nothing to do."""
    with running_demo_cohort() as cohort:
        if cohort is None or CohortEvent.objects.filter(cohort=cohort).exists():
            return None
        with transaction.atomic():
            _seed(cohort)
        return cohort.name


def _plans(cohort: Cohort, today: date) -> list[EventPlan]:
    past = local_to_utc(first_on_or_after(today - timedelta(days=44), TUESDAY), time(16, 30))
    coming = local_to_utc(first_on_or_after(today + timedelta(days=12), TUESDAY), time(16, 30))
    lately = local_to_utc(today - timedelta(days=10), time(9, 15))
    return [
        kickoff_plan(cohort),
        exchange_plan(cohort, 1, past, invited=past - timedelta(days=21), answers=(60, 15, 15, 10)),
        exchange_plan(cohort, 2, coming, invited=lately, answers=(50, 15, 10, 25)),
        wrapup_plan(cohort, invited=lately, answers=(40, 10, 5, 45)),
    ]


def kickoff_plan(cohort: Cohort) -> EventPlan:
    """The kick-off on the cohort's kick-off date, invited the day after the tandems were published.

    The kick-off, exchange and wrap-up plans are shared with the finished cohort
    (``finished.py``).
    """
    return EventPlan(
        kind=EventKind.KICKOFF,
        title=f"Kick-off {cohort.name}",
        start=local_to_utc(cohort.kickoff, time(17, 30)),
        minutes=150,
        invited=local_to_utc(cohort.matching_until + timedelta(days=1), time(9, 15)),
        answers=(85, 5, 4, 6),
        place=KICKOFF_PLACE,
        agenda=KICKOFF_AGENDA,
    )


def exchange_plan(
    cohort: Cohort,
    number: int,
    start: datetime,
    *,
    invited: datetime,
    answers: tuple[int, int, int, int],
) -> EventPlan:
    """The cohort's first or second mentor exchange (``number`` 1 or 2), online."""
    return EventPlan(
        kind=EventKind.EXCHANGE,
        title=EXCHANGE_TITLES[number - 1],
        start=start,
        minutes=90,
        invited=invited,
        answers=answers,
        online_link=f"https://meet.{NORDLICHT}.example/mentor-austausch-{cohort.pk}-{number}",
        agenda=EXCHANGE_AGENDAS[number - 1],
    )


def wrapup_plan(
    cohort: Cohort, *, invited: datetime, answers: tuple[int, int, int, int]
) -> EventPlan:
    """The wrap-up on the cohort's wrap-up date."""
    return EventPlan(
        kind=EventKind.WRAPUP,
        title=f"Abschluss {cohort.name}",
        start=local_to_utc(cohort.wrapup, time(16)),
        minutes=180,
        invited=invited,
        answers=answers,
        place=WRAPUP_PLACE,
        agenda=WRAPUP_AGENDA,
    )


def _seed(cohort: Cohort) -> None:
    rng = random.Random(SEED + 2)  # noqa: S311 (demo data, not secrets)
    add_events(cohort, _plans(cohort, timezone.localdate()), rng)


def add_events(cohort: Cohort, plans: list[EventPlan], rng: random.Random) -> None:
    """The planned events; past ones with answers and attendance, future ones with some answers.

    Shared with the finished cohort (``finished.py``).
    """
    manager = program_manager()
    aylin, juergen = personas(cohort.organization)
    own = {aylin.pk, juergen.pk}
    now = timezone.now()
    for plan in plans:
        event = create_event(
            cohort=cohort,
            actor=manager,
            kind=plan.kind,
            title=plan.title,
            start=plan.start,
            minutes=plan.minutes,
            place=plan.place,
            online_link=plan.online_link,
            agenda=plan.agenda,
        )
        CohortEvent.objects.filter(pk=event.pk).update(created=plan.invited, updated=plan.invited)
        invitations = _invite(event, manager, sent=plan.invited)
        if plan.start <= now:
            # The personas were there.
            _answer(invitations, plan.answers, rng, until=plan.start, personas=own, theirs=YES)
            came = {
                i.pk: i.registration.employee_id in own or rng.random() < CAME[i.response]
                for i in invitations
            }
            record_attendance(event=event, actor=manager, attended=came)
        else:
            # The personas answer on the page; only Aylin has said yes to the wrap-up.
            _answer(invitations, plan.answers, rng, until=now, personas=own, theirs=NONE)
            if plan.kind == EventKind.WRAPUP:
                _persona_answers(invitations, aylin, YES)


def _invite(event: CohortEvent, manager: User, *, sent: datetime) -> list[EventInvitation]:
    """Invited through ``invite``, dated when its mail went (nowhere: the demo is silenced)."""
    invite(event=event, actor=manager)
    EventInvitation.objects.filter(event=event).update(created=sent)
    related = ("event__organization", "registration__employee")
    return list(EventInvitation.objects.filter(event=event).select_related(*related))


def _answer(
    invitations: list[EventInvitation],
    weights: tuple[int, int, int, int],
    rng: random.Random,
    *,
    until: datetime,
    personas: set[int],
    theirs: str,
) -> None:
    """Everyone's answer, written as ``respond`` leaves it, between invitation and ``until``.

    The personas' answer is ``theirs``.
    """
    for invitation in invitations:
        if invitation.registration.employee_id in personas:
            response = theirs
        else:
            response = rng.choices(ANSWERS, weights=weights)[0]
        invitation.response = response
        if response:
            seconds = int((until - invitation.created).total_seconds())
            invitation.responded_at = invitation.created + timedelta(
                seconds=rng.randint(seconds // 20, seconds * 9 // 10)
            )
    EventInvitation.objects.bulk_update(invitations, ["response", "responded_at"])


def _persona_answers(invitations: list[EventInvitation], persona: Employee, response: str) -> None:
    """The persona answers through the service, as on the page."""
    invitation = next(i for i in invitations if i.registration.employee_id == persona.pk)
    if persona.user is not None:
        respond(invitation=invitation, actor=persona.user, response=response)
