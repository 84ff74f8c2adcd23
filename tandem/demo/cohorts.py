"""Demo cohorts for Nordlicht: one in registration, one matched, one published.

So a newcomer can look at every screen of a cohort's first half. Built with
the same services the pages use (matching runs, publishing, answers); only the
registrations are written directly, as if the people had filled in the form.
Idempotent: nothing happens when Nordlicht already has a program.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from tandem.accounts.models import User
from tandem.core.models import Membership, MembershipRole, Organization
from tandem.demo.people import (
    ABTEILUNGSLEITUNG,
    BEREICHSLEITUNG,
    JUNIOR_LEVELS,
    MENTEE,
    MENTOR,
    NORDLICHT,
    TEAMLEITUNG,
    email_local_part,
)
from tandem.matching.lifecycle import publish_run
from tandem.matching.models import PairDecision, PairKind
from tandem.matching.services import start_run
from tandem.people.models import Employee, EmployeeStatus
from tandem.programs.models import (
    SLOTS,
    STYLE_QUESTIONS,
    Cohort,
    CohortState,
    Enrollment,
    EnrollmentStatus,
    Program,
    ProposalAnswer,
    Role,
    Tandem,
    TandemState,
    Topic,
)
from tandem.programs.topics import ensure_default_topics

SEASONS = ("Winter", "Winter") + ("Frühjahr",) * 3 + ("Sommer",) * 3 + ("Herbst",) * 3 + ("Winter",)
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
SEED = 2027
MENTEE_LEVELS = (BEREICHSLEITUNG, ABTEILUNGSLEITUNG, TEAMLEITUNG)
# The first this many of the shuffled mentee pool register in the three cohorts here;
# later demo cohorts (running.py) take theirs from the rest.
MENTEES_TAKEN = 47


def seed_demo_cohorts() -> list[str]:
    """Create Nordlicht's demo program with three cohorts; returns their names."""
    organization = Organization.objects.filter(slug=NORDLICHT).first()
    if organization is None:
        return []
    with scope(organization=organization):
        if Program.objects.filter(organization=organization).exists():
            return []
        with transaction.atomic():
            return _seed(organization)


def _seed(organization: Organization) -> list[str]:
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    topics = topic_keys(organization)
    manager = program_manager()
    program = Program.objects.create(
        organization=organization,
        name="Reverse Mentoring Nordlicht",
        goals=(
            "Führungskräfte lernen von jüngeren Kolleg:innen, wie digitale Werkzeuge, "
            "soziale Medien und KI die Arbeit verändern; Jüngere bekommen Einblick in "
            "Entscheidungen und ein Netzwerk."
        ),
    )
    today = timezone.localdate()
    mentor_pool, mentee_pool = candidates(organization, rng)

    # Each cohort is named after its kick-off's season, so the names follow the dates.
    kickoff = today + timedelta(days=10)
    published = create_cohort(
        program, season_name(program, kickoff), kickoff, CohortState.MATCHING, topics, manager
    )
    aylin, juergen = personas(organization)
    enroll(published, [aylin, *mentor_pool[:17]], [juergen, *mentee_pool[:15]], rng, topics)
    mentor, mentee = fix_pair(published, aylin, juergen, manager)
    run = start_run(cohort=published, actor=manager)
    tandems = publish_run(run=run, actor=manager)
    _answer(tandems, skip={mentor.pk, mentee.pk})

    kickoff = today + timedelta(days=45)
    matched = create_cohort(
        program, season_name(program, kickoff), kickoff, CohortState.MATCHING, topics, manager
    )
    enroll(matched, mentor_pool[17:39], mentee_pool[15:35], rng, topics)
    start_run(cohort=matched, actor=manager)

    kickoff = today + timedelta(days=90)
    registration = create_cohort(
        program, season_name(program, kickoff), kickoff, CohortState.REGISTRATION, topics, manager
    )
    # Some mentors of the first cohort come back for another round.
    again = mentor_pool[39:] + mentor_pool[1:11]
    enroll(registration, again[:14], mentee_pool[35:MENTEES_TAKEN], rng, topics, reviewed=0.6)
    return [published.name, matched.name, registration.name]


def season(kickoff: date) -> str:
    """ "Sommer 2026"; a winter spans two years: "Winter 2026/27" from December to February."""
    name = SEASONS[kickoff.month - 1]
    if name != "Winter":
        return f"{name} {kickoff.year}"
    first = kickoff.year if kickoff.month == 12 else kickoff.year - 1
    return f"Winter {first}/{(first + 1) % 100:02d}"


def season_name(program: Program, kickoff: date) -> str:
    """The kick-off's season (:func:`season`), unless a cohort of the program has that name."""
    taken = set(program.cohorts.values_list("name", flat=True))
    for name in (season(kickoff), f"{MONTHS[kickoff.month - 1]} {kickoff.year}"):
        if name not in taken:
            return name
    return f"Durchgang ab {kickoff:%d.%m.%Y}"


def topic_keys(organization: Organization) -> list[str]:
    """The organisation's topic keys, with the default catalogue in place."""
    ensure_default_topics(organization)
    return list(Topic.objects.filter(organization=organization).values_list("key", flat=True))


def program_manager() -> User:
    """The demo's program manager (found through her role, as logins are never found by address)."""
    return (
        Membership.objects.select_related("user")
        .get(organization__slug=NORDLICHT, role=MembershipRole.PROGRAM_MANAGER)
        .user
    )


def candidates(
    organization: Organization, rng: random.Random
) -> tuple[list[Employee], list[Employee]]:
    active = Employee.objects.filter(organization=organization).exclude(
        status=EmployeeStatus.TERMINATED
    )
    personas = {
        f"{email_local_part(p.first_name, p.last_name)}@{NORDLICHT}.example"
        for p in (MENTEE, MENTOR)
    }
    mentors = list(active.filter(job_level__in=JUNIOR_LEVELS).exclude(email__in=personas))
    mentees = list(active.filter(job_level__in=MENTEE_LEVELS).exclude(email__in=personas))
    rng.shuffle(mentors)
    rng.shuffle(mentees)
    return mentors, mentees


def personas(organization: Organization) -> tuple[Employee, Employee]:
    def employee(first_name: str, last_name: str) -> Employee:
        return Employee.objects.get(
            organization=organization,
            first_name=first_name,
            last_name=last_name,
            user__isnull=False,
        )

    return employee(MENTOR.first_name, MENTOR.last_name), employee(
        MENTEE.first_name, MENTEE.last_name
    )


def create_cohort(  # noqa: PLR0917 (one call per demo cohort, read side by side)
    program: Program,
    name: str,
    kickoff: date,
    state: str,
    topics: list[str],
    manager: User,
    *,
    wrapup: date | None = None,
    midterm: date | None = None,
) -> Cohort:
    """A demo cohort of five months (or until ``wrapup``); mid-term halfway unless given."""
    wrapup = wrapup or kickoff + timedelta(days=152)
    cohort = Cohort.objects.create(
        organization=program.organization,
        program=program,
        name=name,
        goals="Digitale Kompetenz der Führungskreise stärken; Perspektiven der jüngeren "
        "Generation in Entscheidungen holen.",
        state=state,
        registration_opens=min(
            kickoff - timedelta(days=60), timezone.localdate() - timedelta(days=7)
        ),
        registration_closes=kickoff - timedelta(days=25)
        if state != CohortState.REGISTRATION
        else kickoff - timedelta(days=30),
        matching_until=kickoff - timedelta(days=7),
        kickoff=kickoff,
        midterm=midterm or kickoff + (wrapup - kickoff) / 2,
        wrapup=wrapup,
        meeting_interval_weeks=2,
        meeting_minutes=45,
        mentor_levels=list(JUNIOR_LEVELS),
        mentee_levels=list(MENTEE_LEVELS),
    )
    cohort.topics.set(Topic.objects.filter(organization=program.organization, key__in=topics[:8]))
    cohort.team.set(
        User.objects.filter(memberships__role=MembershipRole.PROGRAM_MANAGER, pk=manager.pk)
    )
    return cohort


def fix_pair(
    cohort: Cohort, mentor: Employee, mentee: Employee, manager: User
) -> tuple[Enrollment, Enrollment]:
    """The program team fixes this pair before the run, as on the pool page."""
    pair = (
        cohort.enrollments.get(employee=mentor, role=Role.MENTOR),
        cohort.enrollments.get(employee=mentee, role=Role.MENTEE),
    )
    PairDecision.objects.create(
        organization=cohort.organization,
        cohort=cohort,
        mentor=pair[0],
        mentee=pair[1],
        kind=PairKind.FIXED,
        decided_by=manager,
    )
    return pair


def enroll(
    cohort: Cohort,
    mentors: list[Employee],
    mentees: list[Employee],
    rng: random.Random,
    topics: list[str],
    *,
    reviewed: float = 1.0,
) -> None:
    offered = topics[:8]
    now = timezone.now()
    rows = []
    for role, people in ((Role.MENTOR, mentors), (Role.MENTEE, mentees)):
        for employee in people:
            chosen = rng.sample(offered, rng.randint(2, 3))
            mentor = role == Role.MENTOR
            decided = rng.random() < reviewed
            rows.append(
                Enrollment(
                    organization=cohort.organization,
                    cohort=cohort,
                    employee=employee,
                    role=role,
                    status=EnrollmentStatus.ADMITTED if decided else EnrollmentStatus.REGISTERED,
                    decided_at=now if decided else None,
                    topics={key: rng.randint(3, 5) for key in chosen} if mentor else {},
                    capacity=2 if mentor and rng.random() < 0.2 else 1,
                    goals={key: rng.randint(2, 5) for key in chosen} if not mentor else {},
                    baseline={key: rng.randint(1, 3) for key in chosen} if not mentor else {},
                    openness_confirmed=not mentor,
                    expectations="",
                    motivation="",
                    style={key: rng.randint(1, 5) for key, _label in STYLE_QUESTIONS},
                    availability=sorted(rng.sample(SLOTS, rng.randint(3, 7))),
                    languages=list(employee.languages) or ["de"],
                    location=employee.location,
                    remote_ok=rng.random() < 0.8,
                    consent_at=now,
                )
            )
    Enrollment.objects.bulk_create(rows)


def _answer(tandems: list[Tandem], *, skip: set[int]) -> None:
    """Most pairs have accepted, a few have not answered yet, one mentee asks for a change.

    Written directly: these demo people have no logins. The personas' own
    tandem is left for them to answer.
    """
    for index, tandem in enumerate(tandems):
        if tandem.mentor_id in skip or tandem.mentee_id in skip:
            continue
        if index == 3:
            tandem.mentor_answer = ProposalAnswer.ACCEPT
            tandem.mentee_answer = ProposalAnswer.CHANGE
            tandem.mentee_change_reason = "Wir arbeiten im selben Projekt eng zusammen."
            tandem.state = TandemState.CHANGE_REQUESTED
        elif index % 4 == 1:
            tandem.mentor_answer = ProposalAnswer.ACCEPT
        else:
            tandem.mentor_answer = tandem.mentee_answer = ProposalAnswer.ACCEPT
            tandem.state = TandemState.ACCEPTED
        tandem.save()
