"""Benchmark: a cohort's results (selector, page, PDF report) for 1,000 tandems.

    .venv/bin/python benchmarks/results.py [--tandems 1000] [--runs 5] [--without-statistics]

Builds a completed cohort in a fresh SQLite database in a temporary directory
(migrated by the script), in bulk and in the shapes the services write: 2,000
admitted registrations, the tandems (a few ended early), about 8 held meetings
each with both partners' feedback, the mid-term and final surveys answered by
about 80 % (one ``Response`` with its ``Answer`` rows per person, as
``surveys.services.submit`` writes them; the mentees' self-assessments with
their registration's level), four events with answers and attendance, quotes
and lessons learned. After ``ANALYZE`` (``--without-statistics`` first times the
selector once without it) it times ``reports.selectors.cohort_results`` alone, the
results page through Django's test ``Client`` as a program manager, and the
PDF report end to end (median of ``--runs`` after one warm-up each), and prints
a Markdown table for ``benchmarks/RESULTS.md``. Nothing is written outside the
temporary directory.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
# Targets from issue 6.
PAGE_TARGET, PDF_TARGET = 1.0, 10.0
HELD_PER_TANDEM = 8
ANSWER_SHARE = 0.8
ENDED_EARLY_SHARE = 0.02


def setup_django(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["TANDEM_SQLITE_PATH"] = str(database)
    # Not TANDEM_DEBUG: debug mode logs every query and would distort the timings.
    os.environ.setdefault("TANDEM_SECRET_KEY", "benchmark-only-" + "x" * 40)
    # The test client's host; it asks over HTTPS, so the HTTPS redirect stays out of the way.
    os.environ["TANDEM_ALLOWED_HOSTS"] = "testserver"
    # WeasyPrint logs each step at INFO.
    os.environ["TANDEM_LOG_LEVEL"] = "WARNING"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def expect(condition: bool, detail: object) -> None:
    if not condition:
        raise SystemExit(f"Benchmark failed: {detail}")


def timed(action: Callable[[], Any], runs: int) -> tuple[float, float, float]:
    """Median and fastest wall time, and median CPU time, of ``runs`` calls after a warm-up.

    The CPU time of this process (the test client runs the view in it) hardly changes
    when other processes compete for the cores; the wall time does.
    """
    action()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def build(tandems: int, today: date) -> tuple[Any, Any]:
    """A completed cohort of ``tandems`` tandems with its history; returns it and a manager."""
    from django.utils import timezone

    from tandem.accounts.models import User
    from tandem.calendars.schedule import local_to_utc
    from tandem.core.models import Membership, MembershipRole, Organization
    from tandem.meetings.models import Meeting, MeetingState
    from tandem.people.models import Employee
    from tandem.programs.models import (
        Cohort,
        CohortState,
        EndReason,
        Lesson,
        LessonTopic,
        Program,
        Registration,
        RegistrationStatus,
        Role,
        Tandem,
        TandemState,
        Topic,
    )
    from tandem.programs.topics import ensure_default_topics
    from tandem.workspace.models import Feedback, Quote

    rng = random.Random(SEED)
    organization = Organization.objects.create(name="Benchmark AG", slug="benchmark")
    manager = User.objects.create_user("programm@benchmark.example", first_name="Paula")
    Membership.objects.create(
        organization=organization, user=manager, role=MembershipRole.PROGRAM_MANAGER
    )
    ensure_default_topics(organization)
    topics = list(Topic.objects.filter(organization=organization).order_by("position")[:8])
    keys = [t.key for t in topics]
    program = Program.objects.create(organization=organization, name="Reverse Mentoring")
    kickoff = today - timedelta(weeks=30)
    wrapup = kickoff + timedelta(weeks=22)
    cohort = Cohort.objects.create(
        organization=organization,
        program=program,
        name="Benchmark 2026",
        state=CohortState.COMPLETED,
        registration_opens=kickoff - timedelta(days=60),
        registration_closes=kickoff - timedelta(days=25),
        matching_until=kickoff - timedelta(days=7),
        kickoff=kickoff,
        midterm=kickoff + timedelta(weeks=11),
        wrapup=wrapup,
    )
    cohort.topics.set(topics)
    cohort.team.set([manager])

    people = Employee.objects.bulk_create(
        Employee(
            organization=organization,
            employee_id=f"P{number:05d}",
            first_name=rng.choice(("Jürgen", "Dörte", "Özlem", "Björn", "Lea", "Finn")),
            last_name=rng.choice(("Weiß", "Großmann", "Çelik", "Müller", "Öztürk", "Nguyen")),
            email=f"p{number:05d}@benchmark.example",
            department=f"Bereich {number % 12}",
            team=f"Team {number % 150}",
            job_level="Trainee" if number < tandems else "Abteilungsleitung",
            languages=["de", "en"],
        )
        for number in range(2 * tandems)
    )
    consent = local_to_utc(cohort.registration_opens + timedelta(days=3), clock(10))
    registrations = Registration.objects.bulk_create(
        Registration(
            organization=organization,
            cohort=cohort,
            employee=person,
            role=Role.MENTOR if mentor else Role.MENTEE,
            status=RegistrationStatus.ADMITTED,
            decided_at=consent,
            topics={k: rng.randint(3, 5) for k in chosen} if mentor else {},
            taken=1 if mentor else 0,
            goals={} if mentor else {k: rng.randint(2, 5) for k in chosen},
            baseline={} if mentor else {k: rng.randint(1, 3) for k in chosen},
            openness_confirmed=not mentor,
            languages=["de", "en"],
            consent_at=consent,
        )
        for index, person in enumerate(people)
        for mentor in (index < tandems,)
        for chosen in (rng.sample(keys, rng.randint(2, 3)),)
    )
    mentors, mentees = registrations[:tandems], registrations[tandems:]
    published = local_to_utc(cohort.matching_until, clock(10))
    ended_at = local_to_utc(kickoff + timedelta(weeks=8), clock(11))
    pairs = Tandem.objects.bulk_create(
        Tandem(
            organization=organization,
            cohort=cohort,
            mentor=mentor,
            mentee=mentee,
            state=TandemState.DISSOLVED if ended else TandemState.ACCEPTED,
            score=round(rng.uniform(0.5, 0.95), 3),
            components={},
            reasons=[],
            mentor_answer="accept",
            mentee_answer="accept",
            respond_by=kickoff,
            accepted=published + timedelta(days=2),
            ended=ended_at if ended else None,
            end_reason=EndReason.TIME if ended else "",
        )
        for mentor, mentee in zip(mentors, mentees, strict=True)
        for ended in (rng.random() < ENDED_EARLY_SHARE,)
    )

    meetings = Meeting.objects.bulk_create(
        Meeting(
            organization=organization,
            tandem=tandem,
            start=local_to_utc(kickoff + timedelta(weeks=2 * number + 1), clock(9)),
            minutes=45,
            state=MeetingState.HELD,
        )
        for tandem in pairs
        for number in range(4 if tandem.state == TandemState.DISSOLVED else HELD_PER_TANDEM)
    )
    Feedback.objects.bulk_create(
        Feedback(
            organization=organization,
            meeting=meeting,
            author=author,
            rating=rng.choices((5, 4, 3, 2), weights=(5, 4, 1, 0.3))[0],
        )
        for meeting in meetings
        for author in ("mentor", "mentee")
        if rng.random() < 0.9
    )

    _surveys(cohort, rng, took_part=pairs)
    _events(cohort, rng, manager, registrations, tandems=tandems)
    quoted = rng.sample([t for t in pairs if t.state == TandemState.ACCEPTED], tandems // 10)
    Quote.objects.bulk_create(
        Quote(
            organization=organization,
            tandem=tandem,
            text=f"Ein Satz aus Tandem {number} über das, was beide gelernt haben.",
            written_by="mentee",
            mentee_agreed=True,
            mentor_agreed=number % 4 != 0,
        )
        for number, tandem in enumerate(quoted)
    )
    Lesson.objects.bulk_create(
        Lesson(
            organization=organization,
            cohort=cohort,
            topic=topic,
            text=f"Was beim nächsten Durchgang anders laufen soll ({topic}).",
            author=manager,
        )
        for topic in list(LessonTopic)[:5]
    )
    expect(timezone.localdate() > wrapup, "the cohort must be over")
    return cohort, manager


def _surveys(cohort: Any, rng: random.Random, *, took_part: list[Any]) -> None:
    """Both surveys answered by about 80 %: one Response and its Answers each, as submit writes."""
    from tandem.calendars.schedule import local_to_utc
    from tandem.surveys.models import Answer, Question, Respondent, Response
    from tandem.surveys.timeline import ensure_surveys

    organization = cohort.organization
    people = [(t.mentor, "mentor") for t in took_part] + [(t.mentee, "mentee") for t in took_part]
    for survey in ensure_surveys(cohort):
        invited = local_to_utc(survey.opens, clock(9))
        answered = [rng.random() < ANSWER_SHARE for _ in people]
        Respondent.objects.bulk_create(
            Respondent(
                organization=organization,
                survey=survey,
                registration=registration,
                role=role,
                invited=invited,
                answered=done,
            )
            for (registration, role), done in zip(people, answered, strict=True)
        )
        questions = {
            role: list(Question.objects.filter(questionnaire=survey.questionnaire_for(role)))
            for role in ("mentor", "mentee")
        }
        responses, answers = [], []
        for (registration, role), done in zip(people, answered, strict=True):
            if not done:
                continue
            response = Response(organization=organization, survey=survey, role=role)
            responses.append(response)
            for question in questions[role]:
                answers.extend(
                    Answer(
                        organization=organization, response=response, question=question, **values
                    )
                    for values in _answer(question, registration, rng)
                )
        Response.objects.bulk_create(responses, batch_size=2000)
        Answer.objects.bulk_create(answers, batch_size=2000)


def _answer(question: Any, registration: Any, rng: random.Random) -> list[dict[str, Any]]:
    """The values of one question's answer rows (several for a self-assessment per topic)."""
    from tandem.surveys.models import QuestionKind

    if question.kind == QuestionKind.COMPETENCE:
        return [
            {"topic": topic, "number": min(5, level + rng.choice((0, 1, 1, 2))), "baseline": level}
            for topic, level in registration.baseline.items()
        ]
    if question.kind == QuestionKind.SCALE:
        return [{"number": rng.choices(range(1, 6), weights=(1, 2, 6, 14, 11))[0]}]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [{"choices": [rng.choice(question.choices)["key"]]}]
    if rng.random() < 0.5:
        return [{"text": rng.choice(("Mehr Zeit für Treffen.", "Klare Termine.", "Alles gut."))}]
    return []


def _events(
    cohort: Any, rng: random.Random, manager: Any, registrations: list[Any], *, tandems: int
) -> None:
    """Kick-off, two mentor exchanges and wrap-up, with answers and attendance."""
    from tandem.calendars.schedule import local_to_utc
    from tandem.events.models import CohortEvent, EventInvitation, EventKind, Rsvp

    organization = cohort.organization
    plans = (
        (EventKind.KICKOFF, cohort.kickoff, registrations),
        (EventKind.EXCHANGE, cohort.kickoff + timedelta(weeks=6), registrations[:tandems]),
        (EventKind.EXCHANGE, cohort.midterm, registrations[:tandems]),
        (EventKind.WRAPUP, cohort.wrapup, registrations),
    )
    for kind, day, invited in plans:
        event = CohortEvent.objects.create(
            organization=organization,
            cohort=cohort,
            kind=kind,
            title=str(kind.label),
            start=local_to_utc(day, clock(17)),
            minutes=120,
            created_by=manager,
        )
        rows = []
        for registration in invited:
            response = rng.choices((Rsvp.YES, Rsvp.MAYBE, Rsvp.NO), (7, 2, 1))[0]
            rows.append(
                EventInvitation(
                    organization=organization,
                    event=event,
                    registration=registration,
                    response=response,
                    attended=response != Rsvp.NO and rng.random() < 0.85,
                )
            )
        EventInvitation.objects.bulk_create(rows, batch_size=2000)


Row = tuple[str, tuple[float, float, float], float | None, str]


def measure_selector(cohort: Any, *, runs: int, without_statistics: bool) -> list[Row]:
    """``cohort_results`` alone: optionally once without statistics, then after ANALYZE."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    from tandem.reports.selectors import cohort_results

    rows: list[Row] = []
    with scope(organization=cohort.organization):
        if without_statistics:
            wall, cpu = time.perf_counter(), time.process_time()
            cohort_results(cohort)
            cold = (time.perf_counter() - wall, time.perf_counter() - wall)
            rows.append(
                (
                    "`cohort_results`, no statistics",
                    (*cold, time.process_time() - cpu),
                    None,
                    "one run",
                )
            )
        # The statistics a deployed database gathers with ``PRAGMA optimize``/``ANALYZE``:
        # without them SQLite's planner may pick the organisation index in correlated
        # subqueries (see RESULTS.md).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        with CaptureQueriesContext(connection) as captured:
            results = cohort_results(cohort)
        queries = len(captured)
        expect(all(s.mean is not None for s in results.satisfaction), results.satisfaction)
        expect(any(g.change for g in results.growth), results.growth)
        timing = timed(lambda: cohort_results(cohort), runs)
    return [*rows, ("`cohort_results` (selector)", timing, None, f"{queries} queries")]


def measure_views(cohort: Any, manager: Any, *, runs: int) -> list[Row]:
    """The results page and the PDF report through the test client, as a program manager."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(manager)
    slug, cohort_id = cohort.organization.slug, cohort.public_id
    page_url = reverse("reports:cohort_results", args=[slug, cohort_id])
    pdf_url = reverse("reports:report_pdf", args=[slug, cohort_id])

    def get(url: str, content_type: str) -> Any:
        response = client.get(url, secure=True)
        expect(response.status_code == 200, f"{url}: {response.status_code}")
        expect(response["Content-Type"].startswith(content_type), response["Content-Type"])
        return response

    with CaptureQueriesContext(connection) as captured:
        page = get(page_url, "text/html")
    # Counted now: each request clears the connection's query log.
    queries = len(captured)
    page_timing = timed(lambda: get(page_url, "text/html"), runs)
    pdf = get(pdf_url, "application/pdf")
    expect(pdf.content.startswith(b"%PDF-"), pdf.content[:20])
    pdf_timing = timed(lambda: get(pdf_url, "application/pdf"), max(1, runs // 2))
    return [
        (
            "results page (GET, HTML)",
            page_timing,
            PAGE_TARGET,
            f"{queries} queries, {len(page.content) / 1e3:.0f} kB",
        ),
        (
            "report PDF (GET, end to end)",
            pdf_timing,
            PDF_TARGET,
            f"{len(pdf.content) / 1e3:.0f} kB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tandems", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--without-statistics",
        action="store_true",
        help="also time the selector once before ANALYZE (SQLite's planner without statistics)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        from django.utils import timezone
        from django_scopes import scopes_disabled

        started = time.perf_counter()
        with scopes_disabled():
            cohort, manager = build(args.tandems, timezone.localdate())
        built = time.perf_counter() - started
        rows = measure_selector(cohort, runs=args.runs, without_statistics=args.without_statistics)
        rows += measure_views(cohort, manager, runs=args.runs)

    print(f"| {args.tandems:,} tandems | median | fastest | CPU (median) | target | |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for name, (median, fastest, cpu), target, note in rows:
        verdict = "" if target is None else f"< {target:g} s {'✓' if median < target else '✗'}"
        print(f"| {name} | {median:.3f} s | {fastest:.3f} s | {cpu:.3f} s | {verdict} | {note} |")
    print(
        f"\nBuilt in {built:.1f} s; medians of {args.runs} runs ({max(1, args.runs // 2)} for the "
        f"PDF) after one warm-up. Python {platform.python_version()}, SQLite, "
        f"{platform.machine()}, {os.cpu_count()} CPUs."
    )


if __name__ == "__main__":
    main()
