"""A tandem's life: published from a run, answered by both partners, dissolved, ended early.

The model is ``programs.Tandem``; its pages are in ``workspace`` (the partners') and
``reports`` (program health, where the program team ends one). Every change writes the audit
log; mentor seats are taken with a conditional UPDATE inside the publishing transaction
(REL-01), so capacity holds under concurrent publishing. Mails go out only after commit.
Ending a tandem early cancels its meetings ahead through the ``tandem_ended`` signal, as
meetings sit above matching.
"""

from collections import Counter
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.matching import adapters, notices, tasks
from tandem.matching.models import MatchingRun, PairDecision, PairKind, RunStatus
from tandem.programs.models import (
    Cohort,
    CohortState,
    EndReason,
    ProposalAnswer,
    Registration,
    RegistrationStatus,
    Tandem,
    TandemState,
)
from tandem.programs.signals import tandem_ended

# --- publishing -----------------------------------------------------------------------


class PublishError(ValidationError):
    """The run cannot be published; nothing was changed."""


def take_seat(*, mentor_id: int, seats: int = 1) -> bool:
    """Take ``seats`` of a mentor's places if that many are free (REL-01): a conditional UPDATE."""
    return bool(
        Registration.objects.filter(pk=mentor_id, taken__lte=F("capacity") - seats).update(
            taken=F("taken") + seats
        )
    )


def publish_run(*, run: MatchingRun, actor: User | None) -> list[Tandem]:
    """Create the run's tandems and tell both partners; a run is published once.

    A full run publishes the cohort; a re-match run adds only its new tandems
    and leaves the others untouched. The partners' e-mails go out from the worker
    after commit.
    """
    cohort = run.cohort
    if run.status != RunStatus.DONE:
        raise PublishError(_("Only a finished run can be published."))
    if not cohort.may_publish(rematch=run.rematch):
        raise PublishError(_("This cohort's tandems are already published."))
    rows = run.result.get("tandems", [])
    if not rows:
        raise PublishError(_("This run has no tandems to publish."))
    try:
        with transaction.atomic():
            tandems = _publish(run=run, cohort=cohort, rows=rows, actor=actor)
    except IntegrityError:
        raise PublishError(
            _("Someone else published tandems for these people in the meantime. Please re-run.")
        ) from None
    ids = [tandem.pk for tandem in tandems]
    transaction.on_commit(lambda: tasks.send_tandem_mails.enqueue(ids))
    left = notices.unmatched_registrations(
        cohort, [row["id"] for row in run.result.get("unmatched", ())]
    )
    if left:
        cohort_id = cohort.pk
        transaction.on_commit(lambda: notices.send_unmatched.enqueue(cohort_id, left))
    return tandems


def _publish(
    *, run: MatchingRun, cohort: Cohort, rows: list[dict[str, Any]], actor: User | None
) -> list[Tandem]:
    now = timezone.now()
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not locked.may_publish(rematch=run.rematch):
        raise PublishError(_("This cohort's tandems are already published."))
    # Claiming the run first makes a second publish (a double click, two managers) a no-op.
    if not MatchingRun.objects.filter(pk=run.pk, published__isnull=True).update(published=now):
        raise PublishError(_("This run has already been published."))
    people = adapters.registrations_by_employee_id(
        cohort, {person for row in rows for person in (row["mentor"], row["mentee"])}
    )
    gone = sorted(
        person
        for row in rows
        for person in (row["mentor"], row["mentee"])
        if person not in people or people[person].status != RegistrationStatus.ADMITTED
    )
    if gone:
        raise PublishError(
            _("Some people of this run are no longer admitted. Please start a new run.")
        )
    # One conditional UPDATE per mentor and one INSERT for all tandems, however large the run.
    mentors = {people[row["mentor"]].pk: people[row["mentor"]] for row in rows}
    seats = Counter(people[row["mentor"]].pk for row in rows)
    # In key order, so two publishers never wait on each other's rows crosswise.
    for mentor_id, count in sorted(seats.items()):
        if not take_seat(mentor_id=mentor_id, seats=count):
            raise PublishError(
                _("%(name)s has no free place left. Please start a new run.")
                % {"name": mentors[mentor_id].employee.full_name}
            )
    respond_by = timezone.localdate() + timedelta(days=cohort.response_days)
    tandems = Tandem.objects.bulk_create(
        Tandem(
            organization_id=cohort.organization_id,
            cohort=cohort,
            mentor=people[row["mentor"]],
            mentee=people[row["mentee"]],
            score=row["score"],
            components=row["components"],
            reasons=row["reasons"],
            respond_by=respond_by,
        )
        for row in rows
    )
    if not run.rematch:
        Cohort.objects.filter(pk=cohort.pk).update(state=CohortState.PUBLISHED)
        cohort.state = CohortState.PUBLISHED
    run.published = now
    audit.record(
        organization=cohort.organization,
        actor=actor,
        action="matching.run.published",
        obj=run,
        changes={"tandems": [None, len(tandems)], "cohort_state": [None, cohort.state]},
    )
    return tandems


# --- answers ---------------------------------------------------------------------------------


def answer_tandem(*, tandem: Tandem, user: User, answer: str, reason: str = "") -> Tandem:
    """A partner accepts the tandem or asks for a change (with a reason) before the deadline.

    A new change request tells the cohort's program team by mail (not the reason).
    """
    if tandem.state == TandemState.DISSOLVED:
        raise ValidationError(_("This tandem has been dissolved."))
    if timezone.localdate() > tandem.respond_by:
        raise ValidationError(_("The time to answer has passed. Please contact the program team."))
    if answer not in (ProposalAnswer.ACCEPT, ProposalAnswer.CHANGE):
        raise ValidationError(_("Please choose an answer."))
    reason = reason.strip()
    if answer == ProposalAnswer.CHANGE and not reason:
        raise ValidationError(_("Please tell the program team why you would like a change."))
    role = tandem.side_of(user)
    if role is None:
        raise ValidationError(_("Only the tandem's partners can answer."))
    side = role.value
    with transaction.atomic():
        locked = Tandem.objects.select_for_update().get(pk=tandem.pk)
        before = locked.state
        setattr(locked, f"{side}_answer", answer)
        setattr(locked, f"{side}_change_reason", reason if answer == ProposalAnswer.CHANGE else "")
        answers = {locked.mentor_answer, locked.mentee_answer}
        if ProposalAnswer.CHANGE in answers:
            locked.state = TandemState.CHANGE_REQUESTED
        elif answers == {ProposalAnswer.ACCEPT}:
            locked.state = TandemState.ACCEPTED
            locked.accepted = locked.accepted or timezone.now()
        else:
            locked.state = TandemState.PROPOSED
        locked.save(update_fields=[f"{side}_answer", f"{side}_change_reason", "state", "accepted"])
        # The reason is the partner's own words: the log notes only that one was given.
        audit.record(
            organization=tandem.cohort.organization,
            actor=user,
            action="matching.tandem.answered",
            obj=locked,
            changes={f"{side}_answer": [None, answer], "state": [before, locked.state]},
        )
        if locked.state == TandemState.CHANGE_REQUESTED and before != TandemState.CHANGE_REQUESTED:
            pk = locked.pk
            transaction.on_commit(lambda: notices.send_change_requested.enqueue(pk))
    return locked


def release_seat(*, mentor_id: int) -> None:
    """Give one of a mentor's seats back; never below zero, so ``taken ≤ capacity`` holds."""
    Registration.objects.filter(pk=mentor_id, taken__gt=0).update(taken=F("taken") - 1)


def dissolve_tandem(*, tandem: Tandem, actor: User | None) -> Tandem:
    """Dissolve an active tandem whose row the caller has locked.

    The mentor's seat is freed and the pair is excluded for good, so the next
    re-match finds the mentee a new partner and may give the mentor a new mentee.
    Used for change requests (``rematch``) and when the program team ends a tandem early.
    """
    cohort = tandem.cohort
    before = tandem.state
    tandem.state, tandem.ended = TandemState.DISSOLVED, timezone.now()
    Tandem.objects.filter(pk=tandem.pk).update(state=tandem.state, ended=tandem.ended)
    release_seat(mentor_id=tandem.mentor_id)
    PairDecision.objects.update_or_create(
        cohort=cohort,
        mentor_id=tandem.mentor_id,
        mentee_id=tandem.mentee_id,
        defaults={"kind": PairKind.EXCLUDED, "decided_by": actor},
        create_defaults={
            "organization_id": cohort.organization_id,
            "kind": PairKind.EXCLUDED,
            "decided_by": actor,
        },
    )
    audit.record(
        organization=cohort.organization,
        actor=actor,
        action="matching.tandem.dissolved",
        obj=tandem,
        changes={"state": [before, TandemState.DISSOLVED]},
    )
    return tandem


# --- the program team ends a tandem early ----------------------------------------------------


@transaction.atomic
def end_tandem_early(*, tandem: Tandem, actor: User, reason: str, note: str = "") -> Tandem:
    """End an active tandem before wrap-up: seat freed, meetings ahead cancelled, partners told.

    The note is the program team's own words and stays with the program team; the
    partners learn the category of the reason only. A second call changes nothing.
    """
    if reason not in EndReason.values:
        raise ValidationError(_("Please choose a reason."))
    locked = (
        Tandem.objects.select_related("cohort__organization")
        .select_for_update(of=("self",))
        .filter(pk=tandem.pk)
        .first()
    )
    if locked is None or not locked.active:
        raise ValidationError(_("This tandem has already ended."))
    dissolve_tandem(tandem=locked, actor=actor)
    locked.end_reason, locked.end_note, locked.ended_by = reason, note.strip(), actor
    locked.save(update_fields=["end_reason", "end_note", "ended_by"])
    # Its meetings ahead are cancelled where meetings live (``meetings.receivers``).
    responses = tandem_ended.send(sender=Tandem, tandem=locked, actor=actor)
    cancelled = sum(int(count) for _receiver, count in responses if count)
    audit.record(
        organization=locked.cohort.organization,
        actor=actor,
        action="meetings.tandem.ended_early",
        obj=locked,
        # The note is free text: the log keeps only that there was one.
        changes={
            "end_reason": [None, reason],
            "note": [None, bool(locked.end_note)],
            "meetings_cancelled": [None, cancelled],
        },
    )
    transaction.on_commit(lambda: notices.send_tandem_ended.enqueue(locked.pk))
    return locked
