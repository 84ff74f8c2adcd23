"""The tandem workspace (partners only), its meeting actions, and the personal calendar feed."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scope

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.meetings import calendar, invitations, selectors, services
from tandem.meetings.access import get_feed_by_token, get_meeting_for_partner
from tandem.meetings.forms import MeetingForm, SeriesForm
from tandem.meetings.models import CalendarFeed, Meeting, MeetingSeries
from tandem.meetings.schedule import to_local
from tandem.people.access import organization_view
from tandem.programs.access import get_tandem_for_partner
from tandem.programs.models import Tandem, TandemState


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


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
    me_mentor = tandem.mentor.employee.user_id == request.user.pk
    context = {
        "tandem": tandem,
        "side": "mentor" if me_mentor else "mentee",
        "partner": tandem.mentee if me_mentor else tandem.mentor,
        "meetings": selectors.tandem_meetings(tandem),
        "can_schedule": tandem.state == TandemState.ACCEPTED,
        "series_form": forms.get("series_form") or _series_form(tandem),
        "meeting_form": forms.get("meeting_form") or _meeting_form(tandem),
    }
    return render(request, "meetings/workspace.html", context, status=status)


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
            services.schedule_series(
                tandem=tandem, actor=request.user, base_url=_base_url(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The meetings have been agreed; both of you get an invitation.")
            )
            return redirect("meetings:workspace", organization.slug, tandem.public_id)
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
                base_url=_base_url(request),
                **form.details(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The meeting has been agreed; both of you get an invitation.")
            )
            return redirect("meetings:workspace", organization.slug, tandem.public_id)
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
                base_url=_base_url(request),
                **form.details(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been moved; both of you get an update."))
            return redirect("meetings:workspace", organization.slug, meeting.tandem.public_id)
    return render(request, "meetings/meeting_move.html", {"meeting": meeting, "form": form})


def _meeting_action(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID, action: str
) -> HttpResponse:
    meeting = get_meeting_for_partner(request.user, organization, public_id)
    try:
        if action == "cancel":
            services.cancel_meeting(
                meeting=meeting, actor=request.user, base_url=_base_url(request)
            )
            messages.success(request, _("The meeting has been cancelled; both of you are told."))
        else:
            services.mark_held(meeting=meeting, actor=request.user)
            messages.success(request, _("The meeting has been marked as held."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:workspace", organization.slug, meeting.tandem.public_id)


@require_POST
@organization_view()
def meeting_cancel(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    return _meeting_action(request, organization, public_id, "cancel")


@require_POST
@organization_view()
def meeting_held(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    return _meeting_action(request, organization, public_id, "held")


# --- the personal calendar feed ------------------------------------------------------------


@organization_view()
def calendar_settings(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    """See, copy, renew or revoke one's secret calendar address."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_feed(user=request.user, organization=organization)
            messages.success(request, _("The calendar address has been revoked."))
        else:
            services.renew_feed(user=request.user, organization=organization)
            messages.success(request, _("Your new calendar address is ready."))
        return redirect("meetings:calendar_settings", organization.slug)
    feed = CalendarFeed.objects.filter(organization=organization, user=request.user).first()
    url = ""
    if feed:
        kwargs = {"org_slug": organization.slug, "token": feed.token}
        url = request.build_absolute_uri(reverse("meetings:calendar_feed", kwargs=kwargs))
    return render(request, "meetings/calendar_settings.html", {"feed": feed, "feed_url": url})


@require_GET
def calendar_feed(request: HttpRequest, org_slug: str, token: str) -> HttpResponse:
    """The user's meetings as a subscribable calendar; the secret token is the only key."""
    organization = Organization.objects.filter(slug=org_slug).first()
    if organization is None:
        raise Http404
    with scope(organization=organization):
        feed = get_feed_by_token(organization, token)
        entries: list[tuple[Meeting | MeetingSeries, list[Meeting], calendar.Texts]] = []
        base_url = _base_url(request)
        for tandem in selectors.feed_tandems(feed.user, organization):
            mine = tandem.mentor.employee.user_id == feed.user.pk
            partner = tandem.mentee.employee if mine else tandem.mentor.employee
            texts = invitations.texts_for(
                partner, tandem, invitations.workspace_link(tandem, base_url)
            )
            meetings = list(tandem.meetings.all())
            for series in tandem.meeting_series.all():
                entries.append((series, [m for m in meetings if m.series_id == series.pk], texts))
            entries.extend((m, [], texts) for m in meetings if m.series_id is None)
        body = calendar.feed(entries, name=f"Tandem · {organization.name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tandem.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
