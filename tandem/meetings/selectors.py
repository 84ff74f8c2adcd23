"""Reads for scheduling: a tandem's series, series warnings and the calendar feed."""

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import Meeting, MeetingSeries
from tandem.programs.models import (
    Tandem,
)


def running_series(tandem: Tandem) -> list[MeetingSeries]:
    """The tandem's series that still have a rhythm to change or cancel."""
    return list(MeetingSeries.objects.filter(tandem=tandem, ended__isnull=True).order_by("starts"))


def of_user(user: User) -> Q:
    return Q(mentor__employee__user=user) | Q(mentee__employee__user=user)


def series_warnings(series: MeetingSeries) -> list[str]:
    """What the partners should know about a new series: past the wrap-up, or overlapping."""
    warnings = []
    wrapup = series.tandem.cohort.wrapup
    if series.until > wrapup:
        warnings.append(
            str(_("The series runs past the cohort's wrap-up on %(date)s."))
            % {"date": formats.date_format(wrapup, "DATE_FORMAT")}
        )
    others = MeetingSeries.objects.filter(
        tandem=series.tandem, starts__lte=series.until, until__gte=series.starts, ended__isnull=True
    ).exclude(pk=series.pk)
    if others.exists():
        warnings.append(
            str(_("It overlaps another of your series; cancel one of them if you meet only once."))
        )
    return warnings


def feed_tandems(user: User, organization: Organization) -> QuerySet[Tandem]:
    """The user's tandems with every series and meeting, for the calendar feed."""
    return (
        Tandem.objects.filter(organization=organization)
        .filter(of_user(user))
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .prefetch_related(
            Prefetch("meeting_series", queryset=MeetingSeries.objects.order_by("id")),
            Prefetch("meetings", queryset=Meeting.objects.order_by("start", "id")),
        )
    )
