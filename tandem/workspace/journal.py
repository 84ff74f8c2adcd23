"""What a tandem writes after a meeting, and the fit check after the first one.

Takeaways are shared by the two partners; a private note and a feedback belong
to their author (AZ-03). None of it is audited: the audit log is for
administrative actions on personal data (AZ-06), and an entry per takeaway or
rating would record each participant's activity (PRIV-04, ADR 0009). A "doesn't
fit" answer alerts the cohort's program team by e-mail from the task worker
(``tasks.send_fit_alert``), once per answer and recipient (REL-05); the alert
names the partners and nothing the tandem wrote.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.meetings.models import Meeting
from tandem.programs.models import Role, Tandem
from tandem.workspace import tasks
from tandem.workspace.models import Feedback, FitCheck, PrivateNote, Takeaway

TEXT = ("text",)
FEEDBACK = ("rating", "comment")


def _require_running(tandem: Tandem) -> None:
    if not tandem.is_running:
        raise ValidationError(tandem.not_running_reason())


def _require_recordable(meeting: Meeting) -> None:
    _require_running(meeting.tandem)
    if not meeting.can_be_recorded:
        raise ValidationError(
            _("Takeaways and feedback can be recorded once the meeting has taken place.")
        )


# --- takeaways (shared by the two partners) -----------------------------------------------


@transaction.atomic
def add_takeaway(*, meeting: Meeting, author: Role, text: str) -> Takeaway:
    _require_recordable(meeting)
    return Takeaway.objects.create(
        organization_id=meeting.organization_id, meeting=meeting, author=author, text=text
    )


@transaction.atomic
def edit_takeaway(*, takeaway: Takeaway, text: str) -> Takeaway:
    """Change one's own takeaway (the access layer hands out only the author's)."""
    _require_running(takeaway.meeting.tandem)
    takeaway.text = text
    takeaway.save(update_fields=["text", "updated"])
    return takeaway


@transaction.atomic
def delete_takeaway(*, takeaway: Takeaway) -> None:
    _require_running(takeaway.meeting.tandem)
    takeaway.delete()


# --- a partner's own: private note and feedback ----------------------------------------------


@transaction.atomic
def save_note(*, meeting: Meeting, author: Role, text: str) -> PrivateNote | None:
    """Write, change or (with an empty text) delete one's private note on a meeting."""
    _require_recordable(meeting)
    if not text:
        PrivateNote.objects.filter(meeting=meeting, author=author).delete()
        return None
    note, _created = PrivateNote.objects.update_or_create(
        meeting=meeting,
        author=author,
        defaults={"text": text},
        create_defaults={"text": text, "organization_id": meeting.organization_id},
    )
    return note


@transaction.atomic
def save_feedback(*, meeting: Meeting, author: Role, rating: int, comment: str = "") -> Feedback:
    """One's feedback on a meeting; giving it again replaces the earlier one."""
    _require_recordable(meeting)
    if not 1 <= rating <= 5:
        raise ValidationError(_("Please choose a rating from 1 to 5."))
    values = {"rating": rating, "comment": comment}
    feedback, _created = Feedback.objects.update_or_create(
        meeting=meeting,
        author=author,
        defaults=values,
        create_defaults={**values, "organization_id": meeting.organization_id},
    )
    return feedback


# --- the fit check after the first meeting ---------------------------------------------------


def fit_check_due(tandem: Tandem, meetings: list[Meeting]) -> bool:
    """The question comes to a running tandem once its first meeting was held or is due."""
    return tandem.is_running and any(m.can_be_recorded for m in meetings)


@transaction.atomic
def answer_fit_check(*, tandem: Tandem, author: Role, fits: bool) -> FitCheck:
    """Record a partner's answer; a new "doesn't fit" alerts the program team after commit."""
    _require_running(tandem)
    if not fit_check_due(tandem, list(Meeting.objects.filter(tandem=tandem))):
        raise ValidationError(_("You can answer this after your first meeting."))
    check, created = FitCheck.objects.select_for_update().get_or_create(
        tandem=tandem,
        author=author,
        defaults={"fits": fits, "organization_id": tandem.organization_id},
    )
    if not created and check.fits == fits:
        return check
    if not created:
        check.fits = fits
        check.save(update_fields=["fits", "updated"])
    # Who said what stays between the partner and the alert: the log masks the answer.
    if not fits:
        _enqueue_alert(check)
    return check


def _enqueue_alert(check: FitCheck) -> None:
    stamp = check.updated.isoformat()
    transaction.on_commit(lambda: tasks.send_fit_alert.enqueue(check.pk, stamp))
