"""Writes of the programs app: topics, cohort states, invitations, registrations, the pool review.

Every change to a registration (personal data) and every state change of a
cohort leaves an audit entry; answers themselves never enter the log.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.models import Organization
from tandem.people import invitations
from tandem.people.models import Employee
from tandem.programs import tasks
from tandem.programs.mail import join_path
from tandem.programs.models import (
    Cohort,
    CohortState,
    Registration,
    RegistrationStatus,
    Role,
    Tandem,
    TandemState,
    Topic,
)

# Which state each transition starts from, and where it leads.
TRANSITIONS: dict[str, tuple[CohortState, CohortState]] = {
    "open_registration": (CohortState.PLANNING, CohortState.REGISTRATION),
    "close_registration": (CohortState.REGISTRATION, CohortState.MATCHING),
    # From the kick-off on the tandems meet; the program team says when it has happened.
    "start": (CohortState.PUBLISHED, CohortState.RUNNING),
    # Closing makes the results and certificates final; not before the wrap-up date.
    "complete": (CohortState.RUNNING, CohortState.COMPLETED),
}
# Registration answers the program team sees; none of them goes into the audit log.
ANSWER_FIELDS = (
    "topics",
    "capacity",
    "goals",
    "baseline",
    "declined_topics",
    "openness_confirmed",
    "expectations",
    "motivation",
    "style",
    "availability",
    "languages",
    "location",
    "remote_ok",
)


# Topics ---------------------------------------------------------------------


@transaction.atomic
def add_topic(*, organization: Organization, topic: Topic) -> Topic:
    """Add an unsaved ``topic`` to the catalogue with a key of its own, at the end."""
    base = slugify(topic.name_en or topic.name_de)[:50] or "topic"
    taken = set(
        Topic.objects.filter(organization=organization, key__startswith=base).values_list(
            "key", flat=True
        )
    )
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    last = Topic.objects.filter(organization=organization).aggregate(Max("position"))
    topic.organization = organization
    topic.key = key
    topic.position = (last["position__max"] or 0) + 1
    topic.save()
    return topic


def remove_topic(*, topic: Topic) -> bool:
    """Delete an unused topic; a topic some cohort uses is only switched off. True if deleted."""
    if topic.cohorts.exists():
        topic.active = False
        topic.save(update_fields=["active"])
        return False
    topic.delete()
    return True


# Cohort states --------------------------------------------------------------


def not_before(cohort: Cohort, transition: str, today: date) -> date | None:
    """The day from which ``transition`` is allowed, while it is still ahead; else None.

    Only closing waits for a date (the wrap-up): the others follow the program team's word.
    """
    if transition == "complete" and today < cohort.wrapup:
        return cohort.wrapup
    return None


@transaction.atomic
def change_cohort_state(*, cohort: Cohort, actor: User, transition: str) -> Cohort:
    """Open or close registration, start the cohort after its kick-off, close it at wrap-up.

    Anything but a valid transition from the current state raises ValidationError.
    """
    if transition not in TRANSITIONS:
        raise ValidationError(_("This step is not possible."), code="unknown")
    source, target = TRANSITIONS[transition]
    today = timezone.localdate()
    if cohort.state == source and (day := not_before(cohort, transition, today)):
        raise ValidationError(
            _("The cohort can be closed from its wrap-up on %(date)s.")
            % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")},
            code="too_early",
        )
    updates: dict[str, Any] = {"state": target}
    if target == CohortState.REGISTRATION:
        if cohort.registration_closes < today:
            raise ValidationError(
                _("The registration deadline has passed. Please set a later date first."),
                code="deadline_passed",
            )
        # Opening now means from today on, even if the plan said later.
        updates["registration_opens"] = min(cohort.registration_opens, today)
    elif target == CohortState.MATCHING:
        # Closing early means the last day to register is today.
        updates["registration_closes"] = max(
            cohort.registration_opens, min(cohort.registration_closes, today)
        )
    # A conditional update: two clicks at once move the cohort only once (REL-01).
    moved = Cohort.objects.filter(pk=cohort.pk, state=source).update(**updates)
    if not moved:
        raise ValidationError(
            _("This step is not possible in the cohort's current state."), code="invalid_state"
        )
    audit.record(
        organization=cohort.organization,
        actor=actor,
        action=f"programs.cohort.{transition}",
        obj=cohort,
        changes={"state": [source.value, target.value]},
    )
    cohort.refresh_from_db()
    return cohort


# Invitations ----------------------------------------------------------------


@transaction.atomic
def invite_to_cohort(
    *, cohort: Cohort, actor: User, employees: Iterable[Employee]
) -> tuple[int, int]:
    """Send the invitation link to ``employees``; returns (invited, without e-mail address).

    People without a login get a login invitation in the same message: its link
    makes their login and then leads to the registration. The task worker sends
    the mails once the change is committed.
    """
    recipients: list[list[int]] = []  # [employee, login invitation or 0]
    skipped = 0
    for employee in employees:
        if employee.user is not None and employee.user.is_active and employee.user.email:
            recipients.append([employee.pk, 0])
        elif not employee.email or not employee.is_active:
            skipped += 1
        else:
            login = invitations.create_invitation(
                organization=cohort.organization,
                actor=actor,
                employee=employee,
                next_path=join_path(cohort),
            )
            recipients.append([employee.pk, login.pk])
    audit.record(
        organization=cohort.organization,
        actor=actor,
        action="programs.cohort.invited",
        obj=cohort,
        changes={"recipients": [None, len(recipients)]},
    )
    # A department can be hundreds of people: the task worker sends, never the request (REL-05).
    cohort_id = cohort.pk
    transaction.on_commit(lambda: tasks.send_invitations.enqueue(cohort_id, recipients))
    return len(recipients), skipped


# Registration ---------------------------------------------------------------


def _check_open(cohort: Cohort) -> None:
    if not cohort.registration_is_open:
        raise ValidationError(_("Registration for this cohort is closed."), code="closed")


@transaction.atomic
def register(
    *, cohort: Cohort, employee: Employee, role: Role, answers: Mapping[str, Any]
) -> Registration:
    """Register ``employee`` for ``cohort`` with the form's answers."""
    _check_open(cohort)
    if not cohort.admits(role, employee.job_level):
        raise ValidationError(_("Your job level cannot register in this role."), code="level")
    if Registration.objects.filter(cohort=cohort, employee=employee).exists():
        raise ValidationError(_("You are already registered for this cohort."), code="twice")
    if role == Role.MENTEE and not answers.get("openness_confirmed"):
        raise ValidationError(_("Mentees must confirm their openness."), code="openness")
    try:
        # A second submit of the same form racing the first loses at the unique key.
        with transaction.atomic():
            registration = Registration.objects.create(
                organization=cohort.organization,
                cohort=cohort,
                employee=employee,
                role=role,
                consent_at=timezone.now(),
                **{name: answers[name] for name in ANSWER_FIELDS if name in answers},
            )
    except IntegrityError:
        raise ValidationError(
            _("You are already registered for this cohort."), code="twice"
        ) from None
    audit.record(
        organization=cohort.organization,
        actor=employee.user,
        action="programs.enrollment.registered",
        obj=registration,
        changes={"role": [None, role]},
    )
    return registration


@transaction.atomic
def update_registration(
    *, registration: Registration, actor: User, answers: Mapping[str, Any]
) -> Registration:
    """Change one's answers while registration is open; the log names only the fields."""
    _check_open(registration.cohort)
    changed = [
        name
        for name in ANSWER_FIELDS
        if name in answers and getattr(registration, name) != answers[name]
    ]
    for name in changed:
        setattr(registration, name, answers[name])
    if changed:
        registration.save(update_fields=[*changed, "updated"])
        audit.record(
            organization=registration.organization,
            actor=actor,
            action="programs.enrollment.updated",
            obj=registration,
            changes=audit.mask(dict.fromkeys(changed), changed),
        )
    return registration


@transaction.atomic
def withdraw(*, registration: Registration, actor: User) -> None:
    """Delete a registration with every answer; the log keeps only that it happened."""
    # A mentee's tandem goes with the registration; the mentor's seat becomes free again.
    for tandem in Tandem.objects.filter(mentee=registration).exclude(state=TandemState.DISSOLVED):
        Registration.objects.filter(pk=tandem.mentor_id, taken__gt=0).update(taken=F("taken") - 1)
    audit.record(
        organization=registration.organization,
        actor=actor,
        action="programs.enrollment.withdrawn",
        obj=registration,
    )
    registration.delete()


# Pool review ----------------------------------------------------------------


def _check_reviewable(cohort: Cohort) -> None:
    if not cohort.pool_is_reviewable:
        raise ValidationError(
            _("The tandems are published; the pool can no longer be changed."), code="published"
        )


@transaction.atomic
def verify_expertise(
    *, registration: Registration, actor: User, levels: Mapping[str, int], note: str
) -> Registration:
    """Record the program team's view of a mentor's claimed levels."""
    if registration.role != Role.MENTOR:
        raise ValidationError(_("Only a mentor's expertise can be verified."), code="role")
    _check_reviewable(registration.cohort)
    unknown = set(levels) - set(registration.topics)
    if unknown:
        raise ValidationError(_("Only claimed topics can be verified."), code="unknown")
    registration.verified = dict(levels)
    registration.verification_note = note
    registration.verified_by = actor
    registration.verified_at = timezone.now()
    registration.save(
        update_fields=["verified", "verification_note", "verified_by", "verified_at", "updated"]
    )
    audit.record(
        organization=registration.organization,
        actor=actor,
        action="programs.enrollment.verified",
        obj=registration,
        changes=audit.mask({"verified": None, "verification_note": None}, ["verified", "note"]),
    )
    return registration


@transaction.atomic
def decide(
    *, registration: Registration, actor: User, status: RegistrationStatus, reason: str
) -> bool:
    """Admit, wait-list or decline; the person is told by e-mail. False if nothing changed."""
    _check_reviewable(registration.cohort)
    if status == RegistrationStatus.DECLINED and not reason.strip():
        raise ValidationError(_("Please give a reason when you decline someone."), code="reason")
    old = registration.status
    if old == status and registration.decision_reason == reason:
        return False
    registration.status = status
    registration.decision_reason = reason
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decision_reason", "decided_at", "updated"])
    audit.record(
        organization=registration.organization,
        actor=actor,
        action="programs.enrollment.decided",
        obj=registration,
        changes={"status": [old, status], **audit.mask({"reason": None}, ["reason"])},
    )
    pk, stamp = registration.pk, registration.decided_at.isoformat()
    transaction.on_commit(lambda: tasks.send_decision.enqueue(pk, stamp))
    return True


def admit_many(*, cohort: Cohort, actor: User, registrations: Iterable[Registration]) -> int:
    """Admit several registrations at once (each told by e-mail); how many changed."""
    return sum(
        decide(
            registration=registration,
            actor=actor,
            status=RegistrationStatus.ADMITTED,
            reason="",
        )
        for registration in registrations
        if registration.cohort_id == cohort.pk
    )
