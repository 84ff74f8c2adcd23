"""A meeting's record (takeaways, one's private note and feedback) and the fit check.

Partners only: everyone else, the program team included, gets 404 (AZ-03).
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.meetings.access import own_role
from tandem.meetings.models import Meeting
from tandem.people.access import organization_view
from tandem.programs.access import get_tandem_for_partner
from tandem.programs.models import Role, Tandem
from tandem.workspace import journal
from tandem.workspace.access import (
    MeetingRecord,
    get_meeting_record_for_partner,
    get_own_fit_check,
    get_own_takeaway,
)
from tandem.workspace.forms import FeedbackForm, FitCheckForm, NoteForm, TakeawayForm


def _forms(record: MeetingRecord) -> dict[str, Form]:
    note = record.note.text if record.note else ""
    feedback = record.feedback
    return {
        "takeaway_form": TakeawayForm(prefix="takeaway"),
        "note_form": NoteForm(prefix="note", initial={"text": note}),
        "feedback_form": FeedbackForm(
            prefix="feedback",
            initial={"rating": feedback.rating, "comment": feedback.comment} if feedback else {},
        ),
    }


def _record_page(
    request: AuthenticatedHttpRequest, record: MeetingRecord, **forms: Form
) -> HttpResponse:
    meeting = record.meeting
    context: dict[str, Any] = {
        "record": record,
        "meeting": meeting,
        "tandem": meeting.tandem,
        "writable": meeting.can_be_recorded and meeting.tandem.is_running,
        **_forms(record),
        **forms,
    }
    return render(request, "workspace/meeting_detail.html", context)


def _back(organization: Organization, meeting: Meeting) -> HttpResponse:
    return redirect("workspace:meeting_detail", organization.slug, meeting.public_id)


@organization_view()
def meeting_detail(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """One meeting as its reader may see it: date, place, state and what was written after it."""
    return _record_page(
        request, get_meeting_record_for_partner(request.user, organization, public_id)
    )


def _save(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    public_id: UUID,
    *,
    form_class: type[Form],
    name: str,
    done: str,
) -> HttpResponse:
    """Validate one of the record page's forms and hand it to ``save``; errors stay on the page."""
    record = get_meeting_record_for_partner(request.user, organization, public_id)
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            SAVERS[name](record, request, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return _back(organization, record.meeting)
    return _record_page(request, record, **{f"{name}_form": form})


def _add_takeaway(record: MeetingRecord, _request: AuthenticatedHttpRequest, data: Any) -> None:
    journal.add_takeaway(meeting=record.meeting, author=record.role, text=data["text"])


def _save_note(record: MeetingRecord, _request: AuthenticatedHttpRequest, data: Any) -> None:
    journal.save_note(meeting=record.meeting, author=record.role, text=data["text"])


def _save_feedback(record: MeetingRecord, _request: AuthenticatedHttpRequest, data: Any) -> None:
    journal.save_feedback(
        meeting=record.meeting,
        author=record.role,
        rating=data["rating"],
        comment=data["comment"],
    )


SAVERS = {"takeaway": _add_takeaway, "note": _save_note, "feedback": _save_feedback}


@require_POST
@organization_view()
def takeaway_add(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    done = _("The takeaway has been added; your partner can read it.")
    return _save(
        request, organization, public_id, form_class=TakeawayForm, name="takeaway", done=done
    )


@require_POST
@organization_view()
def note_save(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    done = _("Your private note has been saved.")
    return _save(request, organization, public_id, form_class=NoteForm, name="note", done=done)


@require_POST
@organization_view()
def feedback_save(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    done = _("Thank you for your feedback.")
    return _save(
        request, organization, public_id, form_class=FeedbackForm, name="feedback", done=done
    )


@organization_view()
def takeaway_edit(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Change one's own takeaway; the partner's cannot be reached here (404)."""
    takeaway = get_own_takeaway(request.user, organization, public_id)
    form = TakeawayForm(request.POST or None, initial={"text": takeaway.text})
    if request.method == "POST" and form.is_valid():
        try:
            journal.edit_takeaway(takeaway=takeaway, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The takeaway has been changed."))
            return _back(organization, takeaway.meeting)
    context = {"takeaway": takeaway, "meeting": takeaway.meeting, "form": form}
    return render(request, "workspace/takeaway_edit.html", context)


@require_POST
@organization_view()
def takeaway_delete(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    takeaway = get_own_takeaway(request.user, organization, public_id)
    meeting = takeaway.meeting
    try:
        journal.delete_takeaway(takeaway=takeaway)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The takeaway has been deleted."))
    return _back(organization, meeting)


# --- the fit check, a section of the workspace ----------------------------------------------


def fit_check_context(
    tandem: Tandem, role: Role, meetings: list[Meeting], form: FitCheckForm | None = None
) -> dict[str, Any]:
    """What the workspace's fit-check section needs: only the reader's own answer."""
    if not journal.fit_check_due(tandem, meetings):
        return {"fit_check_due": False}
    mine = get_own_fit_check(tandem, role)
    initial = {"fits": "yes" if mine.fits else "no"} if mine else {}
    return {
        "fit_check_due": True,
        "my_fit_check": mine,
        "fit_form": form or FitCheckForm(prefix="fit", initial=initial),
    }


@require_POST
@organization_view()
def fit_check(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """A partner says whether the pairing fits; "no" alerts the program team, not the partner."""
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    role = own_role(request.user, tandem)
    form = FitCheckForm(request.POST, prefix="fit")
    if form.is_valid():
        fits: bool = form.cleaned_data["fits"]
        try:
            journal.answer_fit_check(
                tandem=tandem,
                author=role,
                fits=fits,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if fits:
                messages.success(request, _("Thank you. Good to hear the pairing fits."))
            else:
                messages.success(
                    request,
                    _("Thank you for telling us. The program team will get in touch with you."),
                )
        return redirect("workspace:workspace", organization.slug, tandem.public_id)
    meetings = list(Meeting.objects.filter(tandem=tandem))
    context = {"tandem": tandem, **fit_check_context(tandem, role, meetings, form)}
    return render(request, "workspace/fit_check.html", context)
