"""A cohort's surveys on its timeline: planned for pages, stored once, and whom they ask.

A cohort with tandems has a mid-term and a final survey. Until one is stored,
pages show it as planned (:func:`cohort_plan`, unsaved rows: a page that reads
writes nothing); it is stored by the first save of its settings
(``services.save_survey``) or by the scheduler's pass (``dispatch.run_pass``),
whichever comes first, with ``get_or_create`` so both may. Nothing here
enqueues, so the scheduler's pass may call it (``tasks`` never imports services).
"""

from datetime import date, timedelta

from tandem.programs.models import Cohort, Registration, Role, Tandem, took_part
from tandem.surveys.builtin import ensure_builtin, ready_made
from tandem.surveys.models import Phase, Questionnaire, Respondent, Survey

# A survey stays open this long by default; the final one closes the day before wrap-up.
OPEN_DAYS = 14


def default_dates(cohort: Cohort, phase: str) -> tuple[date, date]:
    """Mid-term: two weeks from the cohort's mid-term date; final: the two weeks before wrap-up."""
    if phase == Phase.MIDTERM:
        opens = cohort.midterm
        return opens, opens + timedelta(days=OPEN_DAYS - 1)
    closes = cohort.wrapup - timedelta(days=1)
    opens = min(closes, cohort.wrapup - timedelta(days=OPEN_DAYS))
    return opens, max(opens, closes)


def planned(cohort: Cohort, phase: str, questionnaires: dict[str, Questionnaire]) -> Survey:
    """The survey as the timeline plans it, not saved: the ready-made questionnaires."""
    opens, closes = default_dates(cohort, phase)
    return Survey(
        organization=cohort.organization,
        cohort=cohort,
        phase=phase,
        mentor_questionnaire=questionnaires[f"{phase}-{Role.MENTOR}"],
        mentee_questionnaire=questionnaires[f"{phase}-{Role.MENTEE}"],
        opens=opens,
        closes=closes,
    )


def cohort_plan(cohort: Cohort, stored: list[Survey]) -> list[Survey]:
    """The cohort's surveys: ``stored`` and, once it has tandems, the planned rest (unsaved).

    Reads the ready-made questionnaires only when a survey is missing (at most one query).
    """
    missing = [p for p in Phase.values if p not in {s.phase for s in stored}]
    if not cohort.has_tandems or not missing:
        return stored
    questionnaires = ready_made(cohort.organization)
    surveys = stored + [planned(cohort, phase, questionnaires) for phase in missing]
    return sorted(surveys, key=lambda s: s.opens)


def ensure_survey(cohort: Cohort, phase: str) -> Survey:
    """The cohort's survey at ``phase``, stored once as planned (idempotent)."""
    defaults = planned(cohort, phase, ensure_builtin(cohort.organization))
    survey, _created = Survey.objects.get_or_create(
        cohort=cohort,
        phase=phase,
        defaults={
            "organization": cohort.organization,
            "mentor_questionnaire": defaults.mentor_questionnaire,
            "mentee_questionnaire": defaults.mentee_questionnaire,
            "opens": defaults.opens,
            "closes": defaults.closes,
        },
    )
    return survey


def ensure_surveys(cohort: Cohort) -> list[Survey]:
    """The cohort's mid-term and final survey, each stored once (idempotent)."""
    return [ensure_survey(cohort, phase) for phase in Phase]


def participants(cohort: Cohort) -> list[tuple[Registration, str]]:
    """Everyone who took part in a tandem of the cohort (also one ended early), with their role."""
    tandems = Tandem.objects.filter(took_part(), cohort=cohort).select_related("mentor", "mentee")
    seen: dict[int, tuple[Registration, str]] = {}
    for tandem in tandems:
        for role in Role:
            member = tandem.member(role)
            seen.setdefault(member.pk, (member, role.value))
    return list(seen.values())


def add_respondents(survey: Survey) -> None:
    """Ask everyone the survey is for who is not asked yet (a role without one: nobody)."""
    rows = [
        Respondent(
            organization=survey.organization, survey=survey, registration=registration, role=role
        )
        for registration, role in participants(survey.cohort)
        if survey.questionnaire_for(role) is not None
    ]
    Respondent.objects.bulk_create(rows, ignore_conflicts=True)
