"""Demo: a running cohort for Nordlicht, four months in, with its history and a few worries.

The tandems are formed as in ``cohorts.py``: registrations, a matching
run and publishing through the services, the personas' answers through the
answer service, so scores and reasons are real. What happened since the
kick-off is history the meeting services refuse (they take future dates only),
so the meetings and what the tandems wrote are written directly, in bulk, the
way the services would have left them: each row in its tandem's organisation,
a series' dates expanded by ``MeetingSeries.dates`` with their
``original_start``, a raised ``sequence`` for a moved or cancelled date.
What the services mail or enqueue goes nowhere (``silence.py``). Dates are
relative to today, so the demo works whenever it is loaded. Idempotent:
nothing happens once Nordlicht's program has a running or completed cohort.

Long by intent: one story (a cohort four months in) told in order — published, answered,
met, written, worried about; each step is a function, and splitting the story would hide it.
"""

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django_scopes import scope

from tandem.accounts.models import User
from tandem.calendars.schedule import local_to_utc
from tandem.core.models import Organization
from tandem.demo import texts
from tandem.demo.cohorts import (
    MENTEES_TAKEN,
    SEED,
    candidates,
    create_cohort,
    enroll,
    fix_pair,
    personas,
    program_manager,
    season_name,
    topic_keys,
)
from tandem.demo.people import NORDLICHT
from tandem.matching.lifecycle import answer_tandem, dissolve_tandem, publish_run
from tandem.matching.models import MatchingRun
from tandem.matching.services import start_run
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.people.models import Employee
from tandem.programs.models import (
    Cohort,
    CohortState,
    EndReason,
    Program,
    ProposalAnswer,
    Role,
    Tandem,
    TandemState,
)
from tandem.programs.services import change_cohort_state
from tandem.workspace.models import (
    ActionPlan,
    Feedback,
    FitCheck,
    Goal,
    GoalStatus,
    PrivateNote,
    Takeaway,
)
from tandem.workspace.plan import start_plan

# What becomes of a tandem: most go well; four give the program team something to do.
WELL = "well"
SILENT = "silent"  # no meeting held for more than two cadence periods
MISFIT = "misfit"  # the mentee said "doesn't fit" after the first meeting
NO_FEEDBACK = "no_feedback"  # meetings held, feedback stopped
ENDED = "ended"  # ended early by the program team
AT_RISK = (SILENT, MISFIT, NO_FEEDBACK, ENDED)

TIMES = (time(8), time(8, 30), time(9), time(12), time(12, 30), time(16), time(16, 30), time(17))
MENTOR, MENTEE = Role.MENTOR, Role.MENTEE


@dataclass
class Story:
    """One tandem's months: what kind of tandem it is and what it wrote, before saving."""

    tandem: Tandem
    kind: str
    language: str
    persona: bool = False
    meetings: list[Meeting] = field(default_factory=list)


def seed_demo_running() -> str | None:
    """Add a running cohort to Nordlicht's demo program; returns its name, or None if present."""
    organization = Organization.objects.filter(slug=NORDLICHT).first()
    if organization is None:
        return None
    with scope(organization=organization):
        program = Program.objects.filter(organization=organization).order_by("pk").first()
        if (
            program is None
            or program.cohorts.filter(
                state__in=(CohortState.RUNNING, CohortState.COMPLETED)
            ).exists()
        ):
            return None
        with transaction.atomic():
            return _seed(program)


def _seed(program: Program) -> str:
    rng = random.Random(SEED + 1)  # noqa: S311 (demo data, not secrets)
    manager = program_manager()
    topics = topic_keys(program.organization)
    today = timezone.localdate()
    kickoff = today - timedelta(weeks=17)
    cohort = create_cohort(
        program,
        season_name(program, kickoff),
        kickoff,
        CohortState.MATCHING,
        topics,
        manager,
        wrapup=today + timedelta(weeks=7),
        midterm=today + timedelta(days=4),
    )
    aylin, juergen = personas(program.organization)
    tandems = _form_tandems(cohort, rng, topics, manager, aylin=aylin, juergen=juergen)
    now = timezone.now()
    live_through(
        cohort,
        tandems,
        rng,
        manager,
        mentor=aylin,
        mentee=juergen,
        until=now,
        ended=now - timedelta(days=40),
    )
    return cohort.name


def live_through(
    cohort: Cohort,
    tandems: list[Tandem],
    rng: random.Random,
    manager: User,
    *,
    mentor: Employee,
    mentee: Employee,
    until: datetime,
    ended: datetime,
) -> list[Story]:
    """Start ``cohort`` and give its accepted tandems their months up to ``until``.

    Most go well, the personas' always; one each goes silent, does not fit, stops
    giving feedback, or is ended early by the program team at ``ended``. Shared with
    the finished cohort (``finished.py``).
    """
    published = _start(cohort, manager)
    stories = _cast(tandems, rng, mentor=mentor, mentee=mentee)
    _write_history(cohort, stories, rng, published=published, now=until, ended=ended)
    _plan(stories, rng, published=published, now=until)
    _end_early(next(s for s in stories if s.kind == ENDED), manager, ended=ended)
    return stories


# --- forming the tandems, as the pages would ------------------------------------------------


def _form_tandems(
    cohort: Cohort,
    rng: random.Random,
    topics: list[str],
    manager: User,
    *,
    aylin: Employee,
    juergen: Employee,
) -> list[Tandem]:
    organization = cohort.organization
    # The same shuffled pools as cohorts.py: its mentees stay out, some mentors overlap.
    mentor_pool, mentee_pool = candidates(organization, random.Random(SEED))  # noqa: S311
    mentors, mentees = mentor_pool[17:36], mentee_pool[MENTEES_TAKEN : MENTEES_TAKEN + 20]
    enroll(cohort, [aylin, *mentors], [juergen, *mentees], rng, topics)
    # One tandem for the mentor persona here: her next one starts soon in the next cohort.
    cohort.registrations.filter(employee=aylin).update(capacity=1)
    # The personas meet other people here; their pair with each other is in the next cohort.
    fix_pair(cohort, aylin, partner_for(mentees, aylin, language="en"), manager)
    fix_pair(cohort, partner_for(mentors, juergen, language="de"), juergen, manager)
    run = start_run(cohort=cohort, actor=manager)
    tandems = publish_run(run=run, actor=manager)
    return accept_all(tandems, users={aylin.pk: aylin.user, juergen.pk: juergen.user})


def partner_for(people: Sequence[Employee], persona: Employee, *, language: str) -> Employee:
    """Someone from another part of the company who speaks ``language``."""
    return next(
        person
        for person in people
        if person.department != persona.department and language in person.languages
    )


def accept_all(tandems: list[Tandem], *, users: dict[int, User | None]) -> list[Tandem]:
    """Everyone accepted: the personas through the answer service, the others written directly.

    The other demo people have no logins, so nobody could answer for them.
    """
    accepted, direct = [], []
    for tandem in tandems:
        persona = next(
            (
                users[e.employee_id]
                for e in (tandem.mentor, tandem.mentee)
                if e.employee_id in users
            ),
            None,
        )
        if persona is None:
            tandem.mentor_answer = tandem.mentee_answer = ProposalAnswer.ACCEPT
            tandem.state = TandemState.ACCEPTED
            direct.append(tandem)
            accepted.append(tandem)
            continue
        other = "mentee" if tandem.mentor.employee_id in users else "mentor"
        setattr(tandem, f"{other}_answer", ProposalAnswer.ACCEPT)
        tandem.save(update_fields=[f"{other}_answer"])
        answered = answer_tandem(tandem=tandem, user=persona, answer=ProposalAnswer.ACCEPT)
        answered.mentor, answered.mentee = tandem.mentor, tandem.mentee
        accepted.append(answered)
    Tandem.objects.bulk_update(direct, ["mentor_answer", "mentee_answer", "state"])
    return accepted


def _start(cohort: Cohort, manager: User) -> datetime:
    """The cohort has run since its kick-off: publishing and answers lie months back.

    Returns when the tandems were published.
    """
    published = local_to_utc(cohort.matching_until, time(10))
    change_cohort_state(cohort=cohort, actor=manager, transition="start")
    earlier = published - timedelta(hours=1)
    MatchingRun.objects.filter(cohort=cohort).update(
        created=earlier, finished=earlier, published=published
    )
    # Both partners had accepted within days, as the answer service records it.
    Tandem.objects.filter(cohort=cohort).update(
        created=published, respond_by=cohort.kickoff, accepted=published + timedelta(days=3)
    )
    cohort.registrations.update(
        consent_at=local_to_utc(cohort.registration_opens + timedelta(days=5), time(11)),
        decided_at=local_to_utc(cohort.registration_closes, time(15)),
    )
    return published


def _cast(
    tandems: list[Tandem], rng: random.Random, *, mentor: Employee, mentee: Employee
) -> list[Story]:
    """Decide each tandem's kind and language; the personas' tandems go well.

    The mentor persona uses Tandem in English, so her tandem writes in English.
    """
    own = [
        t for t in tandems if mentor.pk == t.mentor.employee_id or mentee.pk == t.mentee.employee_id
    ]
    others = [t for t in tandems if t not in own]
    worried = dict(zip(rng.sample(range(len(others)), len(AT_RISK)), AT_RISK, strict=True))
    stories = [
        Story(t, WELL, "en" if t.mentor.employee_id == mentor.pk else "de", persona=True)
        for t in own
    ]
    english = 0
    for index, tandem in enumerate(others):
        kind = worried.get(index, WELL)
        both = "en" in tandem.mentor.languages and "en" in tandem.mentee.languages
        language = "en" if kind == WELL and both and english < 2 and rng.random() < 0.3 else "de"
        english += language == "en"
        stories.append(Story(tandem, kind, language))
    return stories


# --- the months since the kick-off ----------------------------------------------------------


def _write_history(
    cohort: Cohort,
    stories: list[Story],
    rng: random.Random,
    *,
    published: datetime,
    now: datetime,
    ended: datetime,
) -> None:
    series = [_series(cohort, story, rng, published=published) for story in stories]
    _bulk_create_dated(MeetingSeries, series)
    for story, one in zip(stories, series, strict=True):
        story.meetings = _meetings(cohort, story, one, rng, now=now, ended=ended)
    _bulk_create_dated(Meeting, [m for s in stories for m in s.meetings])

    writing = _Writing(rng=rng, now=now)
    for story in stories:
        writing.add(story)
    writing.save()


def _bulk_create_dated[M: Model](model: type[M], rows: list[M]) -> None:
    """Insert ``rows`` keeping their ``created``/``updated``: bulk_create would stamp them now."""
    names = [f.name for f in model._meta.concrete_fields if f.name in ("created", "updated")]
    stamps = [[getattr(row, name) for name in names] for row in rows]
    model._default_manager.bulk_create(rows)
    for row, values in zip(rows, stamps, strict=True):
        for name, value in zip(names, values, strict=True):
            setattr(row, name, value)
    model._default_manager.bulk_update(rows, names)


def _series(
    cohort: Cohort, story: Story, rng: random.Random, *, published: datetime
) -> MeetingSeries:
    online = rng.random() < 0.3
    starts = cohort.kickoff + timedelta(days=rng.randint(2, 14))
    series = MeetingSeries(
        organization_id=cohort.organization_id,
        tandem=story.tandem,
        weekday=rng.randint(0, 4),
        local_time=rng.choice(TIMES),
        interval_weeks=cohort.meeting_interval_weeks,
        minutes=rng.choice((45, 45, 60)),
        place="" if online else rng.choice(texts.PLACES),
        online_link=f"https://meet.{NORDLICHT}.example/{story.tandem.public_id.hex[:10]}"
        if online
        else "",
        starts=starts,
        until=cohort.wrapup,
        created_by=story.tandem.mentee.employee.user,
    )
    series.created = min(
        published + timedelta(days=rng.randint(3, 10)),
        local_to_utc(starts - timedelta(days=1), time(9)),
    )
    return series


def _meetings(
    cohort: Cohort,
    story: Story,
    series: MeetingSeries,
    rng: random.Random,
    *,
    now: datetime,
    ended: datetime,
) -> list[Meeting]:
    silent_since = now - timedelta(weeks=4 * cohort.meeting_interval_weeks)
    meetings: list[Meeting] = []
    previous: str = MeetingState.HELD
    for start in series.dates():
        meeting = series.meeting_on(start)
        meeting.created = meeting.updated = series.created
        if story.kind == ENDED and start > ended:
            _cancel(meeting, when=ended)
        elif start > now:
            if story.kind == WELL and rng.random() < 0.08:
                _move(meeting, by=timedelta(days=1), when=now - timedelta(days=2))
        elif story.kind == SILENT and start > silent_since:
            # The first date after they went quiet was called off, the rest never marked.
            if previous == MeetingState.HELD:
                _cancel(meeting, when=start - timedelta(days=1))
        elif (
            previous != MeetingState.CANCELLED
            and start < now - timedelta(weeks=3)
            and (rng.random() < 0.1)
        ):
            _cancel(meeting, when=start - timedelta(days=rng.randint(1, 3)))
        else:
            if rng.random() < 0.1 and start < now - timedelta(days=3):
                _move(
                    meeting,
                    by=timedelta(hours=rng.choice((1, 2, 24))),
                    when=start - timedelta(days=4),
                )
            meeting.state = MeetingState.HELD
            meeting.updated = meeting.end + timedelta(hours=1)
        previous = meeting.state
        meetings.append(meeting)
    return meetings


def _cancel(meeting: Meeting, *, when: datetime) -> None:
    meeting.state = MeetingState.CANCELLED
    meeting.sequence += 1
    meeting.updated = when


def _move(meeting: Meeting, *, by: timedelta, when: datetime) -> None:
    meeting.start += by
    meeting.state = MeetingState.MOVED
    meeting.sequence += 1
    meeting.updated = when


@dataclass
class _Writing:
    """What the partners wrote, collected across all tandems and saved in a few queries."""

    rng: random.Random
    now: datetime
    takeaways: list[Takeaway] = field(default_factory=list)
    notes: list[PrivateNote] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    fit_checks: list[FitCheck] = field(default_factory=list)

    def add(self, story: Story) -> None:
        held = [m for m in story.meetings if m.state == MeetingState.HELD]
        if not held:
            return
        self._fit_check(story, held[0])
        topics = [*story.tandem.mentee.goals, texts.GENERAL]
        used: set[str] = set()
        for number, meeting in enumerate(held):
            writes = story.kind != NO_FEEDBACK or number < 3
            if writes and self.rng.random() < 0.85:
                for _ in range(1 + (self.rng.random() < 0.35)):
                    self._takeaway(story, meeting, topics, used)
            for author in (MENTOR, MENTEE):
                if self.rng.random() < (0.45 if story.persona else 0.25):
                    self.notes.append(
                        PrivateNote(
                            organization_id=meeting.organization_id,
                            meeting=meeting,
                            author=author,
                            text=self.rng.choice(texts.NOTES[story.language]),
                        )
                    )
                if story.kind != NO_FEEDBACK or number < 2:
                    self.feedback.append(self._feedback(story, meeting, author))

    def _takeaway(self, story: Story, meeting: Meeting, topics: list[str], used: set[str]) -> None:
        pool = texts.TAKEAWAYS[story.language]
        topic = self.rng.choice(topics) if self.rng.random() < 0.8 else texts.GENERAL
        fresh = [t for t in pool.get(topic, pool[texts.GENERAL]) if t not in used]
        fresh = fresh or [t for t in pool[texts.GENERAL] if t not in used]
        if not fresh:
            return
        text = self.rng.choice(fresh)
        used.add(text)
        self.takeaways.append(
            Takeaway(
                organization_id=meeting.organization_id,
                meeting=meeting,
                author=MENTEE if self.rng.random() < 0.6 else MENTOR,
                text=text,
            )
        )

    def _feedback(self, story: Story, meeting: Meeting, author: str) -> Feedback:
        rng = self.rng
        comment = ""
        if story.kind == MISFIT:
            rating = rng.choice((2, 3, 3)) if author == MENTEE else rng.choice((3, 4))
            if author == MENTEE and rng.random() < 0.5:
                comment = rng.choice(texts.UNEASY_COMMENTS)
        else:
            rating = rng.choices((5, 4, 3), weights=(5, 4, 1))[0]
            if rng.random() < 0.3:
                comment = rng.choice(texts.COMMENTS[story.language])
        return Feedback(
            organization_id=meeting.organization_id,
            meeting=meeting,
            author=author,
            rating=rating,
            comment=comment,
        )

    def _fit_check(self, story: Story, first: Meeting) -> None:
        for author in (MENTOR, MENTEE):
            check = FitCheck(
                organization_id=first.organization_id,
                tandem=story.tandem,
                author=author,
                fits=not (story.kind == MISFIT and author == MENTEE),
            )
            check.created = check.updated = self._after(first, hours=20)
            self.fit_checks.append(check)

    def _after(self, meeting: Meeting, *, hours: int) -> datetime:
        return min(meeting.end + timedelta(hours=hours), self.now)

    def save(self) -> None:
        for rows in (self.takeaways, self.notes, self.feedback):
            for row in rows:
                row.created = row.updated = self._after(row.meeting, hours=self.rng.randint(1, 30))
        _bulk_create_dated(Takeaway, self.takeaways)
        _bulk_create_dated(PrivateNote, self.notes)
        _bulk_create_dated(Feedback, self.feedback)
        _bulk_create_dated(FitCheck, self.fit_checks)


# --- the action plans -------------------------------------------------------------------------


def _plan(stories: list[Story], rng: random.Random, *, published: datetime, now: datetime) -> None:
    """Each plan started from the mentee's registration as on its first visit, then worked on."""
    for story in stories:
        tandem = story.tandem
        start_plan(tandem=tandem)
    started = published + timedelta(days=10)
    ActionPlan.objects.filter(tandem__in=[s.tandem for s in stories]).update(started=started)
    goals: dict[int, list[Goal]] = {}
    for goal in Goal.objects.filter(tandem__in=[s.tandem for s in stories]).select_related("topic"):
        goals.setdefault(goal.tandem_id, []).append(goal)
    changed = []
    for story in stories:
        language = story.language
        for goal in goals.get(story.tandem.pk, []):
            goal.status, goal.progress = _progress(rng, story.kind, goal.position)
            # Some goals the partners put in their own words; the others keep the topic's name.
            if goal.topic and rng.random() < 0.4:
                goal.title = texts.GOALS[language].get(goal.topic.key, "")
            goal.detail = rng.choice(texts.GOAL_DETAILS[language])
            goal.created = started
            goal.updated = max(started, now - timedelta(days=rng.randint(2, 30)))
            changed.append(goal)
    fields = ["status", "progress", "title", "detail", "created", "updated"]
    Goal.objects.bulk_update(changed, fields)


def _progress(rng: random.Random, kind: str, position: int) -> tuple[str, int]:
    """Tandems that go well have reached or half-reached their first goals."""
    if kind == WELL and position == 0:
        if rng.random() < 0.3:
            return GoalStatus.REACHED, 100
        return GoalStatus.ACTIVE, rng.choice((50, 60, 70, 80))
    if kind == WELL and position == 1:
        return GoalStatus.ACTIVE, rng.choice((20, 30, 40))
    if position == 0:
        return GoalStatus.ACTIVE, rng.choice((10, 20, 30))
    if kind == WELL and rng.random() < 0.15:
        return GoalStatus.DROPPED, 0
    return GoalStatus.OPEN, 0


def _end_early(story: Story, manager: User, *, ended: datetime) -> None:
    """The program team ended this tandem weeks ago: dissolved as the service does it (seat
    freed, pair excluded, audited), without the mails and calendar cancellations of today."""
    tandem = story.tandem
    dissolve_tandem(tandem=tandem, actor=manager)
    Tandem.objects.filter(pk=tandem.pk).update(
        ended=ended, end_reason=EndReason.TIME, end_note=texts.END_NOTE, ended_by=manager
    )


@contextmanager
def running_demo_cohort() -> Iterator[Cohort | None]:
    """Nordlicht's running demo cohort, inside its organisation's scope (None: not seeded)."""
    organization = Organization.objects.filter(slug=NORDLICHT).first()
    if organization is None:
        yield None
        return
    with scope(organization=organization):
        yield (
            Cohort.objects.filter(organization=organization, state=CohortState.RUNNING)
            .order_by("pk")
            .first()
        )
