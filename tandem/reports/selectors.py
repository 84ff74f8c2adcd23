"""A cohort's results gathered from the other apps, in a fixed number of queries.

Counts come from the cohort's own records; everything taken from answers
comes already suppressed from the apps that own them (``surveys`` through
``core.anonymity``), so nothing here re-aggregates a raw answer (ADR 0013).
"""

from collections import Counter
from collections.abc import Mapping, Sequence

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tandem.core import anonymity
from tandem.core.models import Organization
from tandem.events.models import CohortEvent, EventState
from tandem.programs.models import (
    Cohort,
    Enrollment,
    Role,
    Tandem,
    took_part,
)
from tandem.programs.selectors import lessons_of
from tandem.reports import metrics
from tandem.reports.health import cohort_health
from tandem.surveys import results as surveys
from tandem.surveys.models import Phase, QuestionKind
from tandem.surveys.selectors import cohort_surveys, survey_results, topic_labels
from tandem.workspace.selectors import published_quotes

# Cohorts with results: once their tandems are published.
# The rating question whose mean is the satisfaction of a group (the ready-made templates' key).
SATISFACTION = "satisfaction"


def cohort_results(cohort: Cohort) -> metrics.CohortResults:
    """Everything the dashboard, the report and the exports show (about 20 queries, fixed)."""
    k = anonymity.threshold(cohort.organization.min_group_size)
    labels = topic_labels(cohort)
    tandems = _took_part(cohort)
    health = cohort_health(cohort)
    tabulated = _survey_results(cohort)
    final = tabulated.get(Phase.FINAL)
    return metrics.CohortResults(
        program=cohort.program.name,
        cohort=cohort.name,
        kickoff=cohort.kickoff,
        wrapup=cohort.wrapup,
        state=cohort.state,
        k=k,
        participation=_participation(cohort, tandems),
        meetings=metrics.Meetings(expected=health.expected, held=health.held),
        satisfaction=_satisfaction(tabulated),
        growth=final.growth if final else (),
        overall_growth=final.overall_growth if final else None,
        events=_events(cohort, k),
        taught=_taught(tandems, labels),
        quotes=_quotes(cohort, tandems, k),
        lessons=tuple(lesson.text for lesson in lessons_of(cohort)),
    )


def cohorts_with_results(organization: Organization) -> QuerySet[Cohort]:
    """The organisation's cohorts whose tandems are published: those with results to show."""
    return (
        Cohort.objects.filter(organization=organization, state__in=Cohort.WITH_TANDEMS)
        .select_related("program")
        .order_by("-kickoff", "name")
    )


def _took_part(cohort: Cohort) -> list[Tandem]:
    """The cohort's accepted tandems (also those ended early), with the partners' topics."""
    return list(
        Tandem.objects.filter(took_part(), cohort=cohort)
        .select_related("mentor", "mentee")
        .only(
            "state",
            "end_reason",
            "mentor__topics",
            "mentor__verified",
            "mentee__goals",
        )
    )


def _quotes(cohort: Cohort, tandems: Sequence[Tandem], k: int) -> tuple[str, ...]:
    """Quotes both partners agreed to; even then "a tandem of the cohort" is one of at least k."""
    quotes = tuple(published_quotes(cohort))  # read either way: a fixed number of queries
    return quotes if len(tandems) >= k else ()


def _participation(cohort: Cohort, tandems: Sequence[Tandem]) -> metrics.Participation:
    registered = Counter(
        dict(
            Enrollment.objects.filter(cohort=cohort)
            .order_by()
            .values_list("role")
            .annotate(n=Count("pk"))
            .values_list("role", "n")
        )
    )
    ended_early = sum(1 for tandem in tandems if tandem.ended_early)
    return metrics.Participation(
        mentors_registered=registered[Role.MENTOR],
        mentees_registered=registered[Role.MENTEE],
        mentors=len({tandem.mentor_id for tandem in tandems}),
        mentees=len({tandem.mentee_id for tandem in tandems}),
        tandems=len(tandems),
        completed=len(tandems) - ended_early,
        ended_early=ended_early,
    )


def _survey_results(cohort: Cohort) -> dict[str, surveys.Results]:
    """Each survey that has opened, tabulated and suppressed by ``surveys`` (5 queries each)."""
    today = timezone.localdate()
    found = {}
    for survey in cohort_surveys(cohort):
        if survey.opens > today:
            continue
        survey.cohort = cohort  # already loaded, with its organisation
        found[survey.phase] = survey_results(survey)
    return found


def _satisfaction(tabulated: Mapping[str, surveys.Results]) -> tuple[metrics.Satisfaction, ...]:
    """The satisfaction rating per group and phase, as the survey results show it (or not)."""
    found = []
    for phase in (Phase.MIDTERM, Phase.FINAL):
        results = tabulated.get(phase)
        if results is None:
            continue
        for question in results.questions:
            if question.info.key != SATISFACTION or question.info.kind != QuestionKind.SCALE:
                continue
            for group in question.groups:
                stat = group.stat
                found.append(
                    metrics.Satisfaction(
                        phase=str(phase),
                        group=group.group,
                        people=stat.people if stat and stat.mean is not None else 0,
                        mean=stat.mean if stat else None,
                    )
                )
    return tuple(found)


def _events(cohort: Cohort, k: int) -> tuple[metrics.EventAttendance, ...]:
    """Attendance per event that was not cancelled; not over fewer than k invited (one query)."""
    events = (
        CohortEvent.objects.filter(cohort=cohort)
        .exclude(state=EventState.CANCELLED)
        .annotate(
            invited=Count("invitations"),
            attended_count=Count("invitations", filter=Q(invitations__attended=True)),
            recorded=Count("invitations", filter=Q(invitations__attended__isnull=False)),
        )
        .order_by("start", "id")
    )
    rows = []
    for event in events:
        invited = event.invited
        withheld = invited < k
        recorded = bool(event.recorded)
        rows.append(
            metrics.EventAttendance(
                kind=event.kind,
                title=event.name,
                day=timezone.localtime(event.start).date(),
                invited=invited,
                attended=event.attended_count if recorded and not withheld else None,
                withheld=withheld,
            )
        )
    return tuple(rows)


def _taught(tandems: Sequence[Tandem], labels: Mapping[str, str]) -> tuple[metrics.Taught, ...]:
    """Per cohort topic, the accepted tandems whose mentor offers it and whose mentee wants it."""
    counts: Counter[str] = Counter()
    for tandem in tandems:
        mentor, mentee = tandem.mentor, tandem.mentee
        for topic in labels:
            if metrics.offers(mentor.topics, mentor.verified, topic) and metrics.wants(
                mentee.goals, topic
            ):
                counts[topic] += 1
    return tuple(
        metrics.Taught(topic=topic, label=label, tandems=counts[topic])
        for topic, label in labels.items()
        if counts[topic]
    )
