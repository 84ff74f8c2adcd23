"""The tandem workspace (partners only) and its meeting actions."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.calendars.ical import download
from tandem.calendars.schedule import to_local
from tandem.core.models import Organization
from tandem.meetings import calendar, invitations, services
from tandem.meetings import selectors as scheduling
from tandem.meetings import series as series_changes
from tandem.meetings.access import (
    get_meeting_for_partner,
    get_series_for_partner,
    own_role,
)
from tandem.meetings.forms import MeetingForm, SeriesChangeForm, SeriesForm
from tandem.people.access import organization_view
from tandem.programs.access import get_tandem_for_partner
from tandem.programs.models import Tandem
from tandem.workspace import selectors
from tandem.workspace.views.journal import fit_check_context


def _series_form(tandem: Tandem, data: Any = None) -> SeriesForm:
    cohort = tandem.cohort
    return SeriesForm(
        data,
        prefix="series",
        interval_weeks=cohort.meeting_interval_weeks,
        minutes=cohort.meeting_minutes,
        until=cohort.wrapup,
    )


def _meeting_form(tandem: Tandem, data: Any = None) -> MeetingForm:
    return MeetingForm(data, prefix="meeting", initial={"minutes": tandem.cohort.meeting_minutes})


def _workspace(
    request: AuthenticatedHttpRequest, tandem: Tandem, status: int = 200, **forms: Any
) -> HttpResponse:
    role = own_role(request.user, tandem)
    meetings = selectors.tandem_meetings(tandem, reader=role)
    context = {
        "tandem": tandem,
        "side": role.value,
        "partner": tandem.partner(role),
        "meetings": meetings,
        **fit_check_context(tandem, role, meetings.upcoming + meetings.past),
        "series_list": scheduling.running_series(tandem),
        "can_schedule": tandem.is_running,
        "series_form": forms.get("series_form") or _series_form(tandem),
        "meeting_form": forms.get("meeting_form") or _meeting_form(tandem),
    }
    return render(request, "workspace/workspace.html", context, status=status)


@organization_view()
def workspace(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """A tandem's meetings, for its two partners only: the program team gets 404 too."""
    return _workspace(request, get_tandem_for_partner(request.user, organization, public_id))


@require_POST
@organization_view()
def series_create(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    form = _series_form(tandem, request.POST)
    if form.is_valid():
        try:
            series = services.schedule_series(
                tandem=tandem, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _who_is_invited(tandem, _("The meetings have been agreed.")))
            for warning in scheduling.series_warnings(series):
                messages.warning(request, warning)
            return redirect("workspace:workspace", organization.slug, tandem.public_id)
    return _workspace(request, tandem, series_form=form)


@require_POST
@organization_view()
def meeting_create(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    form = _meeting_form(tandem, request.POST)
    if form.is_valid():
        try:
            services.schedule_meeting(
                tandem=tandem,
                actor=request.user,
                **form.details(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _who_is_invited(tandem, _("The meeting has been agreed.")))
            return redirect("workspace:workspace", organization.slug, tandem.public_id)
    return _workspace(request, tandem, meeting_form=form)


@organization_view()
def meeting_move(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """A new date, time or place for one meeting (of a series: only this date)."""
    meeting = get_meeting_for_partner(request.user, organization, public_id)
    if not meeting.is_open:
        raise Http404
    local = to_local(meeting.start)
    initial = {
        "day": local.date(),
        "local_time": local.time(),
        "minutes": meeting.minutes,
        "place": meeting.place,
        "online_link": meeting.online_link,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(
                meeting=meeting,
                actor=request.user,
                **form.details(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been moved; both of you get an update."))
            return redirect("workspace:workspace", organization.slug, meeting.tandem.public_id)
    return render(request, "workspace/meeting_move.html", {"meeting": meeting, "form": form})


def _who_is_invited(tandem: Tandem, done: str) -> str:
    """``done`` and who gets the calendar invitation: both, or only who has a login."""
    missing = [side.me.full_name for side in tandem.sides() if side.recipient is None]
    if not missing:
        return " ".join([done, _("Both of you get an invitation.")])
    who = _(
        "%(name)s has no login for Tandem yet and gets no invitation: please tell them yourself."
    )
    return " ".join([done, who % {"name": missing[0]}])


def _meeting_action(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID, action: str
) -> HttpResponse:
    meeting = get_meeting_for_partner(request.user, organization, public_id)
    try:
        if action == "cancel":
            services.cancel_meeting(meeting=meeting, actor=request.user)
            messages.success(request, _("The meeting has been cancelled; both of you are told."))
        else:
            services.mark_held(meeting=meeting, actor=request.user)
            messages.success(request, _("The meeting has been marked as held."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.POST.get("back") == "record":
        return redirect("workspace:meeting_detail", organization.slug, meeting.public_id)
    return redirect("workspace:workspace", organization.slug, meeting.tandem.public_id)


@require_POST
@organization_view()
def meeting_cancel(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Cancelling mails both partners: the button asks first (``confirm``)."""
    if request.POST.get("confirm") != "yes":
        meeting = get_meeting_for_partner(request.user, organization, public_id)
        if not meeting.is_open:
            raise Http404
        context = {"meeting": meeting, "tandem": meeting.tandem, "back": request.POST.get("back")}
        return render(request, "workspace/meeting_cancel.html", context)
    return _meeting_action(request, organization, public_id, "cancel")


@require_POST
@organization_view()
def meeting_held(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    return _meeting_action(request, organization, public_id, "held")


@organization_view()
def meeting_ics(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """One meeting as a calendar file, for its two partners only (everyone else: 404)."""
    meeting = get_meeting_for_partner(request.user, organization, public_id)
    tandem = meeting.tandem
    partner = tandem.partner(own_role(request.user, tandem)).employee
    link = invitations.workspace_link(tandem)
    ics = calendar.meeting_document(meeting, texts=invitations.texts_for(partner, tandem, link))
    return download(ics, f"tandem {partner.full_name} {to_local(meeting.start):%Y-%m-%d}")


@organization_view()
def series_change(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Change a series from a day on, or cancel the rest of it (its own form below)."""
    series = get_series_for_partner(request.user, organization, public_id)
    if series.ended:
        raise Http404
    form = SeriesChangeForm(request.POST or None, prefix="series", series=series)
    if request.method == "POST" and form.is_valid():
        try:
            series_changes.change_series(series=series, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The series has been changed; both of you get an updated invitation.")
            )
            return redirect("workspace:workspace", organization.slug, series.tandem.public_id)
    return render(request, "workspace/series_change.html", {"series": series, "form": form})


@require_POST
@organization_view()
def series_cancel(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Cancel every date of the series still to come; past dates stay."""
    series = get_series_for_partner(request.user, organization, public_id)
    if series.ended:
        messages.error(request, _("This series has ended already."))
    else:
        series_changes.cancel_series(series=series, actor=request.user)
        messages.success(
            request, _("The further dates of the series have been cancelled; both of you are told.")
        )
    return redirect("workspace:workspace", organization.slug, series.tandem.public_id)
