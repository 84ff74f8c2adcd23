"""Matching operations: run the engine, decide pairs, re-match.

A tandem's life after the run — published, answered, dissolved, ended early — is in
``tandems.py``.

Every state change writes the audit log. Mentor seats are taken with a
conditional UPDATE inside the publishing transaction (REL-01), so capacity
holds under concurrent publishing; the database's check and unique
constraints back it up. Mails go out only after the transaction commits.
"""

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.matching import adapters, lifecycle, notices, reasons, runs, tasks
from tandem.matching.engine import (
    ProblemError,
    rules_broken,
    why_not,
    why_not_to_dict,
)
from tandem.matching.models import MatchingRun, PairDecision, PairKind
from tandem.programs.models import (
    Cohort,
    Enrollment,
    Role,
    Tandem,
    TandemState,
)

logger = logging.getLogger(__name__)

# Cohorts in which a full matching may run and be published; a re-match needs published tandems.


def inline_limit() -> int:
    """Runs for pools up to this many people are computed in the request; larger ones in a task."""
    return int(getattr(settings, "TANDEM_MATCHING_INLINE_LIMIT", 200))


# --- runs -----------------------------------------------------------------------------


def start_run(*, cohort: Cohort, actor: User | None, rematch: bool = False) -> MatchingRun:
    """Start a matching run on the admitted pool.

    Small pools are solved right away; large ones are handed to the task
    worker once the run is committed, and the run page follows its progress.
    """
    if rematch and not cohort.is_published:
        raise ValidationError(_("A re-match needs published tandems."))
    if not rematch and not cohort.is_matchable:
        raise ValidationError(
            _("The tandems of this cohort are published; only a re-match is possible now.")
        )
    with transaction.atomic():
        # The cohort row serialises run numbers of concurrent starts.
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
        size = adapters.run_size(cohort, rematch=rematch)
        number = (cohort.matching_runs.aggregate(last=Max("number"))["last"] or 0) + 1
        run = MatchingRun.objects.create(
            organization_id=cohort.organization_id,
            cohort=cohort,
            number=number,
            started_by=actor,
            rematch=rematch,
            settings=adapters.settings_of(cohort),
            problem_size=size,
        )
        audit.record(
            organization=cohort.organization,
            actor=actor,
            action="matching.run.started",
            obj=run,
            changes={"number": [None, number], "rematch": [None, rematch]},
        )
        background = size["mentors"] + size["mentees"] > inline_limit()
        if background:
            run_id = run.pk
            transaction.on_commit(lambda: tasks.run_matching.enqueue(run_id))
    if not background:
        runs.execute_run(run_id=run.pk)
        run.refresh_from_db()
    return run


def explain_pair(*, run: MatchingRun, mentor: Enrollment, mentee: Enrollment) -> dict[str, Any]:
    """The engine's answer to "why not this pair?" against the run's result.

    The rules and decisions are today's, so an answer after a new decision
    already takes it into account.
    """
    problem = adapters.build_problem(run.cohort, rematch=run.rematch)
    result = adapters.result_from_dict(run.result)
    answer = why_not(problem, mentor.employee.employee_id, mentee.employee.employee_id, result)
    return why_not_to_dict(answer)


# --- pair decisions -------------------------------------------------------------------


class BreaksRules(ValidationError):
    """Fixing this pair breaks hard rules; ``rules`` names them (engine codes)."""

    def __init__(self, rules: tuple[str, ...]) -> None:
        super().__init__(
            _("This pair breaks rules: %(rules)s Pair them anyway only if you are sure.")
            % {"rules": " ".join(reasons.describe_rule(code) for code in rules)},
            code="breaks_rules",
        )
        self.rules = rules


def rules_broken_by(cohort: Cohort, mentor: Enrollment, mentee: Enrollment) -> tuple[str, ...]:
    """The hard rules a tandem of ``mentor`` and ``mentee`` would break in ``cohort``."""
    problem = adapters.build_problem(cohort)
    return rules_broken(problem, mentor.employee.employee_id, mentee.employee.employee_id)


def fixed_pairs_breaking_rules(cohort: Cohort) -> list[tuple[PairDecision, tuple[str, ...]]]:
    """The cohort's fixed pairs that break hard rules, each with the rules (for a warning)."""
    fixed = list(
        PairDecision.objects.filter(cohort=cohort, kind=PairKind.FIXED).select_related(
            "mentor__employee", "mentee__employee"
        )
    )
    if not fixed:
        return []
    problem = adapters.build_problem(cohort)
    found = []
    for decision in fixed:
        mentor, mentee = decision.mentor.employee.employee_id, decision.mentee.employee.employee_id
        try:
            broken = rules_broken(problem, mentor, mentee)
        except ProblemError:
            continue  # someone left the pool: the run will say so
        if broken:
            found.append((decision, broken))
    return found


def decide_pair(
    *,
    cohort: Cohort,
    actor: User | None,
    mentor: Enrollment,
    mentee: Enrollment,
    kind: str,
    despite_rules: bool = False,
) -> PairDecision:
    """Always pair (fix) or never pair (exclude) two participants in every later run.

    Fixing a pair that breaks a hard rule (a superior, the same team, an appraisal …)
    is refused with :class:`BreaksRules` unless ``despite_rules`` says the team knows.
    """
    if mentor.cohort_id != cohort.pk or mentee.cohort_id != cohort.pk:
        raise ValidationError(_("Both people must be registered for this cohort."))
    if mentor.role != Role.MENTOR or mentee.role != Role.MENTEE:
        raise ValidationError(_("Choose a mentor and a mentee."))
    decisions = PairDecision.objects.filter(cohort=cohort)
    if kind == PairKind.FIXED:
        if decisions.filter(mentee=mentee, kind=PairKind.FIXED).exclude(mentor=mentor).exists():
            raise ValidationError(
                _("This mentee is already fixed to another mentor. Remove that decision first.")
            )
        fixed = decisions.filter(mentor=mentor, kind=PairKind.FIXED).exclude(mentee=mentee).count()
        if fixed >= mentor.capacity:
            raise ValidationError(_("This mentor has no free place for another fixed pair."))
        broken = rules_broken_by(cohort, mentor, mentee)
        if broken and not despite_rules:
            raise BreaksRules(broken)
    with transaction.atomic():
        decision, _created = PairDecision.objects.update_or_create(
            cohort=cohort,
            mentor=mentor,
            mentee=mentee,
            defaults={"kind": kind, "decided_by": actor},
            create_defaults={
                "organization_id": cohort.organization_id,
                "kind": kind,
                "decided_by": actor,
            },
        )
        audit.record(
            organization=cohort.organization,
            actor=actor,
            action="matching.pair.decided",
            obj=decision,
            changes={
                "kind": [None, kind],
                "mentor": [None, mentor.employee.employee_id],
                "mentee": [None, mentee.employee.employee_id],
                **(
                    {"despite_rules": [None, True]}
                    if kind == PairKind.FIXED and despite_rules
                    else {}
                ),
            },
        )
    return decision


@transaction.atomic
def remove_decision(*, decision: PairDecision, actor: User | None) -> None:
    audit.record(
        organization=decision.cohort.organization,
        actor=actor,
        action="matching.pair.decision_removed",
        obj=decision,
        changes={"kind": [decision.kind, None]},
    )
    decision.delete()


def swap_partners(
    *, run: MatchingRun, actor: User | None, first: Enrollment, second: Enrollment
) -> None:
    """Two tandems of ``run`` exchange their mentees: both new pairs are fixed."""
    mentor_of = {row["mentee"]: row["mentor"] for row in run.result.get("tandems", ())}
    first_id, second_id = first.employee.employee_id, second.employee.employee_id
    if first_id == second_id or first_id not in mentor_of or second_id not in mentor_of:
        raise ValidationError(_("Choose two different mentees who have a tandem in this run."))
    mentors = adapters.enrollments_by_employee_id(
        run.cohort, (mentor_of[first_id], mentor_of[second_id])
    )
    if mentor_of[first_id] == mentor_of[second_id]:
        raise ValidationError(_("Both mentees have the same mentor; there is nothing to swap."))
    with transaction.atomic():
        # The old fixed pairs of both mentees give way to the swapped ones.
        old = PairDecision.objects.filter(
            cohort=run.cohort, mentee__in=(first, second), kind=PairKind.FIXED
        )
        for decision in old:
            remove_decision(decision=decision, actor=actor)
        decide_pair(
            cohort=run.cohort,
            actor=actor,
            mentor=mentors[mentor_of[first_id]],
            mentee=second,
            kind=PairKind.FIXED,
        )
        decide_pair(
            cohort=run.cohort,
            actor=actor,
            mentor=mentors[mentor_of[second_id]],
            mentee=first,
            kind=PairKind.FIXED,
        )


# --- re-matching ----------------------------------------------------------------------------


def rematch(*, cohort: Cohort, actor: User | None) -> MatchingRun:
    """Dissolve the tandems with a change request and match only the people left without one.

    The dissolved pair is excluded for good; the mentor's seat is freed; the
    other tandems stay exactly as they are. Both partners of each are told.
    """
    with transaction.atomic():
        changed = list(
            Tandem.objects.filter(cohort=cohort, state=TandemState.CHANGE_REQUESTED)
            .select_related("cohort__organization")
            .select_for_update(of=("self",))
        )
        if not changed and not cohort.is_published:
            raise ValidationError(_("A re-match needs published tandems."))
        for tandem in changed:
            lifecycle.dissolve_tandem(tandem=tandem, actor=actor)
            transaction.on_commit(partial(notices.send_dissolved.enqueue, tandem.pk))
    return start_run(cohort=cohort, actor=actor, rematch=True)
