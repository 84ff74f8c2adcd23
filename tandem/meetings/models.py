"""Meetings of a tandem: agreed series and single meetings.

Times are entered and shown in Europe/Berlin and stored in UTC. A series is
kept as its local rule (weekday, local time, every n weeks) and expanded into
:class:`Meeting` rows, so "every second Tuesday 8:30" stays 8:30 across a
change to or from summer time (REL-06). Calendar clients identify a meeting
by its ``uid`` (a series' meetings by the series' ``uid`` and their
``original_start``) and take a change only when ``sequence`` has gone up
(RFC 5545/5546, ADR 0008).
"""

import uuid
from datetime import datetime, timedelta
from typing import ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.calendars.ical import new_uid
from tandem.calendars.schedule import occurrences
from tandem.core import inventory as inv
from tandem.core.models import Organization
from tandem.core.validators import single_line
from tandem.programs.models import Tandem


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MeetingSeries(models.Model):
    """A fixed rhythm the partners agreed on, e.g. every second Tuesday at 8:30 for 45 minutes."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    tandem = models.ForeignKey(
        Tandem, on_delete=models.CASCADE, related_name="meeting_series", verbose_name=_("tandem")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uid = models.CharField(max_length=80, default=new_uid, unique=True, editable=False)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    local_time = models.TimeField(_("time"))
    interval_weeks = models.PositiveSmallIntegerField(
        _("every … weeks"), default=2, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=45,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[single_line])
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    starts = models.DateField(_("first possible date"))
    until = models.DateField(_("until"))
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Set when the partners cancelled the rest of the series or changed its rhythm from a day
    # on: ``until`` then ends with the last date kept, and ``successor`` (if any) carries on.
    ended = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("ended"))
    successor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id", "successor")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(inv.NotPersonal("calendar entry identifier and version"), "uid", "sequence")
        | inv.declare(
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.TANDEM_WORK,
                inv.PARTICIPATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.PARTNERS,
                inv.Recipient.OPERATOR,
            ),
            "tandem",
            "weekday",
            "local_time",
            "interval_weeks",
            "minutes",
            "place",
            "online_link",
            "starts",
            "until",
            "ended",
            "created_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lte=models.F("until")), name="series_starts_before_until"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tandem} · {self.get_weekday_display()} {self.local_time:%H:%M}"

    def dates(self) -> list[datetime]:
        """The series' dates as UTC instants, at the same Berlin wall-clock time all year."""
        return occurrences(
            starts=self.starts,
            until=self.until,
            weekday=self.weekday,
            at=self.local_time,
            interval_weeks=self.interval_weeks,
        )

    def meeting_on(self, start: datetime) -> "Meeting":
        """The (unsaved) meeting for one of the series' dates, known to calendars by ``start``."""
        return Meeting(
            organization_id=self.organization_id,
            tandem_id=self.tandem_id,
            series=self,
            start=start,
            original_start=start,
            minutes=self.minutes,
            place=self.place,
            online_link=self.online_link,
        )


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    MOVED = "moved", _("moved")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    """One meeting of a tandem: on its own or one date of a series."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    tandem = models.ForeignKey(
        Tandem, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("tandem")
    )
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uid = models.CharField(max_length=80, default=new_uid, unique=True, editable=False)
    start = models.DateTimeField(_("start"))
    # A series' date as the series generated it: the RECURRENCE-ID calendars know it by.
    original_start = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("original start")
    )
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=45,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[single_line])
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=MeetingState.choices,
        default=MeetingState.PLANNED,
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id", "series")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(inv.NotPersonal("calendar entry identifier and version"), "uid", "sequence")
        | inv.declare(
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.TANDEM_WORK,
                inv.PARTICIPATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.PARTNERS,
                inv.Recipient.OPERATOR,
            ),
            "original_start",
            "minutes",
            "place",
            "online_link",
        )
        | inv.declare(
            # Program health shows per tandem whether meetings happen, never what was said.
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.RUN_PROGRAM,
                inv.PARTICIPATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.PARTNERS,
                inv.Recipient.OPERATOR,
                aggregates=(inv.Recipient.OBSERVER,),
            ),
            "tandem",
            "start",
            "state",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["tandem", "start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="meeting_one_per_series_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tandem} · {self.start:%Y-%m-%d %H:%M}"

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def calendar_uid(self) -> str:
        """The UID calendars know this meeting by: the series' for a series date."""
        return self.series.uid if self.series_id and self.series else self.uid

    @property
    def is_open(self) -> bool:
        """Still to happen or to be marked: neither held nor cancelled."""
        return self.state in (MeetingState.PLANNED, MeetingState.MOVED)

    @property
    def has_begun(self) -> bool:
        """Its time has come: only then can it be marked as held."""
        return self.start <= timezone.now()

    @property
    def can_be_recorded(self) -> bool:
        """Takeaways, notes and feedback belong to a meeting that was held or whose time has come.

        A meeting nobody marked held still counts once it has begun; a cancelled one never does.
        """
        return self.state == MeetingState.HELD or (self.is_open and self.start <= timezone.now())
