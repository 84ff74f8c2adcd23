"""Cohort events: the program team's pages on a cohort, and the participants' events with RSVP."""

from datetime import time
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.calendars.ical import download
from tandem.calendars.schedule import to_local
from tandem.core.models import Organization
from tandem.events import calendar, selectors, services
from tandem.events.access import get_event, get_invitation_for_participant
from tandem.events.forms import AttendanceForm, EventForm, NewEventForm, RsvpForm
from tandem.events.models import CohortEvent, EventInvitation
from tandem.people.access import organization_view
from tandem.programs.access import PROGRAM_ROLES, get_cohort

KICKOFF_TIME = time(9, 0)


def _to_list(event: CohortEvent) -> HttpResponse:
    return redirect("events:cohort_events", event.organization.slug, event.cohort.public_id)


def _invited_message(request: AuthenticatedHttpRequest, count: int) -> None:
    if count:
        text = ngettext(
            "%(count)s person has been invited and gets an e-mail.",
            "%(count)s people have been invited and get an e-mail.",
            count,
        )
        messages.success(request, text % {"count": count})
    else:
        messages.info(request, _("Everyone this event is for has been invited already."))


# --- the program team ----------------------------------------------------------------------


@organization_view(*PROGRAM_ROLES)
def cohort_events(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """The cohort's events with the invitees' answers (counts, and who said yes)."""
    cohort = get_cohort(organization, public_id)
    context = {
        "cohort": cohort,
        "events": selectors.cohort_events(cohort),
        "sizes": selectors.audience_sizes(cohort),
        "now": timezone.now(),
    }
    return render(request, "events/cohort_events.html", context)


@organization_view(*PROGRAM_ROLES)
def event_create(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    data = request.POST if request.method == "POST" else None
    form = NewEventForm(data, day=cohort.kickoff, at=KICKOFF_TIME)
    if form.is_valid():
        try:
            event = services.create_event(cohort=cohort, actor=request.user, **form.details())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been created."))
            if form.cleaned_data["invite_now"]:
                invited = services.invite(event=event, actor=request.user)
                _invited_message(request, invited)
            return _to_list(event)
    return render(request, "events/event_form.html", {"cohort": cohort, "form": form})


@organization_view(*PROGRAM_ROLES)
def event_edit(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """New details; the invitees' calendars get the update (a higher SEQUENCE)."""
    event = get_event(organization, public_id)
    if not event.is_planned:
        raise Http404
    local = to_local(event.start)
    initial = {
        "title": event.title,
        "day": local.date(),
        "local_time": local.time(),
        "minutes": event.minutes,
        "place": event.place,
        "online_link": event.online_link,
        "agenda": event.agenda,
    }
    form = EventForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            services.update_event(event=event, actor=request.user, **form.details())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been saved; the invited get an update."))
            return _to_list(event)
    context = {"cohort": event.cohort, "event": event, "form": form}
    return render(request, "events/event_form.html", context)


def _event_action(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID, action: str
) -> HttpResponse:
    event = get_event(organization, public_id)
    try:
        if action == "cancel":
            services.cancel_event(event=event, actor=request.user)
            messages.success(request, _("The event has been cancelled; the invited are told."))
        else:
            count = services.invite(event=event, actor=request.user)
            _invited_message(request, count)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_list(event)


@require_POST
@organization_view(*PROGRAM_ROLES)
def event_cancel(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    return _event_action(request, organization, public_id, "cancel")


@require_POST
@organization_view(*PROGRAM_ROLES)
def event_invite(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Invite the event's audience; people admitted since the last time are added."""
    return _event_action(request, organization, public_id, "invite")


@organization_view(*PROGRAM_ROLES)
def event_attendance(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Who attended; with htmx only the list is sent back, without it the page reloads."""
    event = get_event(organization, public_id)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        invitations=selectors.attendance_list(event),
    )
    saved = False
    if form.is_valid():
        try:
            services.record_attendance(event=event, actor=request.user, attended=form.attendance())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("The attendance has been saved."))
                return redirect("events:event_attendance", organization.slug, event.public_id)
            saved = True
    context = {"event": event, "form": form, "saved": saved, "now": timezone.now()}
    template = "events/attendance.html"
    if request.htmx:
        template += "#attendance"
    return render(request, template, context)


# --- participants --------------------------------------------------------------------------


def _split(invitations: list[EventInvitation]) -> dict[str, Any]:
    now = timezone.now()
    upcoming = [i for i in invitations if i.event.end >= now]
    past = [i for i in reversed(invitations) if i.event.end < now]
    return {"upcoming": upcoming, "past": past, "now": now}


@organization_view()
def my_events(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    """The events the user is invited to: date, place or link, agenda, and their answer."""
    invitations = list(selectors.invitations_of(request.user, organization))
    context = {**_split(invitations), "form": RsvpForm()}
    return render(request, "events/my_events.html", context)


@organization_view()
def event_ics(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """An event as a calendar file, for those invited to it (everyone else: 404)."""
    event = get_invitation_for_participant(request.user, organization, public_id).event
    ics = calendar.event_document(event)
    return download(ics, f"{event.name} {to_local(event.start):%Y-%m-%d}")


@require_POST
@organization_view()
def rsvp(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Yes, no or maybe; htmx swaps the answer in place, without it the list reloads."""
    invitation = get_invitation_for_participant(request.user, organization, public_id)
    form = RsvpForm(request.POST)
    if form.is_valid():
        try:
            services.respond(
                invitation=invitation,
                actor=request.user,
                response=form.cleaned_data["response"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if request.htmx:
        context = {"invitation": invitation, "form": form, "now": timezone.now()}
        return render(request, "events/my_events.html#rsvp", context)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Thank you, your answer has been saved."))
    return redirect("events:my_events", organization.slug)
