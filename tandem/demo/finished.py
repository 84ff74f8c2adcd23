"""Demo: Nordlicht's cohort before the running one, finished, with results, report and certificates.

Formed and lived through as the running cohort is (``running.py``): registrations,
a matching run, publishing and answers through the services, then months of
meetings and what the tandems wrote, in bulk; one tandem ended early through
matching's ``dissolve_tandem``. Its kick-off, two mentor exchanges and wrap-up
have answers and attendance (``events.add_events``). Most participants
answered the mid-term and the final survey through ``surveys.services.submit``
on a day the survey was open, the mentees' self-assessments at or above their
registration's. Some tandems offered a quote for the report and both partners
agreed through the quote services (one only by its mentor, so the report leaves
it out); the program team recorded lessons learned and closed the cohort with
the ``complete`` transition. The mentor persona mentored a manager from another
department here, so she finds her certificate. Dates follow the running cohort:
this one wrapped up a week before that one's kick-off. Idempotent: nothing
happens once the program has a completed cohort, or when there is no running
demo cohort.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction

from tandem.accounts.models import User
from tandem.calendars.schedule import first_on_or_after, local_to_utc
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
from tandem.demo.events import (
    TUESDAY,
    EventPlan,
    add_events,
    exchange_plan,
    kickoff_plan,
    wrapup_plan,
)
from tandem.demo.running import (
    WELL,
    Story,
    accept_all,
    live_through,
    partner_for,
    running_demo_cohort,
)
from tandem.demo.surveys import answer_most
from tandem.matching.lifecycle import publish_run
from tandem.matching.services import start_run
from tandem.people.models import Employee
from tandem.programs.lessons import add_lesson
from tandem.programs.models import Cohort, CohortState, LessonTopic, Program, Role, Tandem
from tandem.programs.services import change_cohort_state
from tandem.surveys import timeline as surveys
from tandem.surveys.models import Phase, Survey
from tandem.workspace.quotes import agree_to_quote, save_quote

# The running cohort's mentees come after the first MENTEES_TAKEN + 20 of the shuffled pool.
MENTEES_FROM = MENTEES_TAKEN + 20
# Share of the participants who answered each survey; the mentor persona answered both.
ANSWERED: dict[str, float] = {Phase.MIDTERM: 0.85, Phase.FINAL: 0.8}
MENTOR, MENTEE = Role.MENTOR, Role.MENTEE

# Quotes the tandems offered (our own words): who wrote it, the words, whether both agreed.
QUOTES: tuple[tuple[Role, str, bool], ...] = (
    (
        MENTEE,
        "Alle zwei Wochen eine Dreiviertelstunde – die am besten investierte Zeit in meinem "
        "Kalender.",
        True,
    ),
    (
        MENTOR,
        "Auf Augenhöhe heißt: Beide trauen sich, Fragen zu stellen, die sie sonst "
        "niemandem stellen würden.",
        True,
    ),
    (
        MENTEE,
        "Ich dachte, soziale Medien seien etwas für die Freizeit. Jetzt stellen wir darüber "
        "unsere Ausbildungsberufe vor.",
        True,
    ),
    # The mentee has not agreed to these words, so the report leaves them out.
    (
        MENTOR,
        "Nach dem dritten Treffen hat mein Mentee die Teamrunde auf ein gemeinsames Board "
        "umgestellt – ganz freiwillig.",
        False,
    ),
)
PERSONA_QUOTE: tuple[Role, str, bool] = (
    MENTEE,
    "I came for the AI tools and stayed for an honest view of how our trainees see the company.",
    True,
)
LESSONS = (
    (
        LessonTopic.RECRUITING,
        "Die Anmeldung der Mentor:innen lief über die Ausbildungsleitung deutlich besser als "
        "über den Newsletter; beim nächsten Mal beide Wege von Anfang an nutzen.",
    ),
    (
        LessonTopic.MATCHING,
        "Tandems aus demselben Bereich haben seltener offen gesprochen. Den Abstand im "
        "Organigramm beim Matching höher gewichten.",
    ),
    (
        LessonTopic.MEETINGS,
        "Wer beim Kick-off gleich eine Terminserie vereinbart hat, hat fast alle Treffen "
        "gehalten. Im Kick-off Zeit dafür einplanen.",
    ),
    (
        LessonTopic.EVENTS,
        "Der zweite Austausch der Mentor:innen kam zu spät im Durchgang; besser kurz nach "
        "der Halbzeit-Umfrage ansetzen.",
    ),
    (
        LessonTopic.EVALUATION,
        "Die Halbzeit-Umfrage hat gezeigt, dass sich Mentees Themenideen wünschen; eine "
        "kurze Ideenliste gleich zum Start mitgeben.",
    ),
)


def seed_demo_finished() -> str | None:
    """Add the finished cohort before the running one; its name, or None if nothing to do."""
    with running_demo_cohort() as running:
        if running is None or running.program.cohorts.filter(state=CohortState.COMPLETED).exists():
            return None
        with transaction.atomic():
            return _seed(running.program, before=running)


def _seed(program: Program, *, before: Cohort) -> str:
    rng = random.Random(SEED + 3)  # noqa: S311 (demo data, not secrets)
    manager = program_manager()
    topics = topic_keys(program.organization)
    wrapup = before.kickoff - timedelta(weeks=1)
    kickoff = wrapup - timedelta(weeks=21)
    cohort = create_cohort(
        program,
        season_name(program, kickoff),
        kickoff,
        CohortState.MATCHING,
        topics,
        manager,
        wrapup=wrapup,
    )
    aylin, juergen = personas(program.organization)
    tandems = _form_tandems(cohort, rng, topics, manager, aylin=aylin)
    stories = live_through(
        cohort,
        tandems,
        rng,
        manager,
        mentor=aylin,
        mentee=juergen,
        until=local_to_utc(wrapup, time(20)),
        ended=local_to_utc(kickoff + timedelta(weeks=7), time(11)),
    )
    add_events(cohort, _events(cohort), rng)
    for survey in surveys.ensure_surveys(cohort):
        _answer(survey, rng, persona=aylin)
    _quote(stories, rng)
    for topic, text in LESSONS:
        add_lesson(cohort=cohort, actor=manager, topic=topic, text=text)
    change_cohort_state(cohort=cohort, actor=manager, transition="complete")
    return cohort.name


def _form_tandems(
    cohort: Cohort, rng: random.Random, topics: list[str], manager: User, *, aylin: Employee
) -> list[Tandem]:
    """Mentors who partly came back later; mentees after those of the later cohorts."""
    mentor_pool, mentee_pool = candidates(cohort.organization, random.Random(SEED))  # noqa: S311
    mentors, mentees = mentor_pool[:19], mentee_pool[MENTEES_FROM : MENTEES_FROM + 20]
    enroll(cohort, [aylin, *mentors], mentees, rng, topics)
    cohort.registrations.filter(employee=aylin).update(capacity=1)
    fix_pair(cohort, aylin, partner_for(mentees, aylin, language="en"), manager)
    run = start_run(cohort=cohort, actor=manager)
    tandems = publish_run(run=run, actor=manager)
    return accept_all(tandems, users={aylin.pk: aylin.user})


def _events(cohort: Cohort) -> list[EventPlan]:
    def tuesday(day: date) -> datetime:
        return local_to_utc(first_on_or_after(day, TUESDAY), time(16, 30))

    first, second = tuesday(cohort.kickoff + timedelta(weeks=6)), tuesday(cohort.midterm)
    three_weeks = timedelta(days=21)
    wrapup = local_to_utc(cohort.wrapup, time(16))
    return [
        kickoff_plan(cohort),
        exchange_plan(cohort, 1, first, invited=first - three_weeks, answers=(65, 15, 10, 10)),
        exchange_plan(cohort, 2, second, invited=second - three_weeks, answers=(55, 15, 15, 15)),
        wrapup_plan(cohort, invited=wrapup - timedelta(weeks=4), answers=(70, 10, 10, 10)),
    ]


def _answer(survey: Survey, rng: random.Random, *, persona: Employee) -> None:
    """Sent on its opening day, answered by most in its first days, the others reminded."""
    answer_most(
        survey,
        rng,
        share=ANSWERED[survey.phase],
        sent=local_to_utc(survey.opens, time(9)),
        on=survey.opens + timedelta(days=2),
        always=persona,
    )
    reminded = survey.closes - timedelta(days=survey.remind_days)
    survey.respondents.filter(answered=False).update(reminded=local_to_utc(reminded, time(9)))


def _quote(stories: list[Story], rng: random.Random) -> None:
    """The persona's tandem and a few others that went well offered a quote for the report."""
    own = next(s.tandem for s in stories if s.persona)
    others = [s.tandem for s in stories if s.kind == WELL and not s.persona and s.language == "de"]
    chosen = zip([own, *rng.sample(others, len(QUOTES))], [PERSONA_QUOTE, *QUOTES], strict=True)
    for tandem, (writer, text, both) in chosen:
        version = save_quote(tandem=tandem, role=writer, text=text).version
        agree_to_quote(tandem=tandem, role=writer, agreed=True, version=version)
        if both:
            agree_to_quote(tandem=tandem, role=writer.other, agreed=True, version=version)
