"""Events of a cohort (kick-off, mentor exchanges, wrap-up) and who is invited to them.

An event's audience follows from its kind: a mentor exchange is peer support
for the mentors only, every other event is for all admitted participants of
the cohort. Times are entered and shown in Europe/Berlin and stored in UTC.
Calendars know an event by its ``uid`` and take a change only when
``sequence`` has gone up (RFC 5545/5546, as meetings do, ADR 0008).
"""

import uuid
from datetime import datetime, timedelta
from typing import ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.calendars.ical import new_uid
from tandem.core import inventory as inv
from tandem.core.collation import alphabetical
from tandem.core.models import Organization
from tandem.core.validators import single_line
from tandem.programs.models import Cohort, Registration

MIN_MINUTES = 15
MAX_MINUTES = 600


class EventKind(models.TextChoices):
    KICKOFF = "kickoff", _("Kick-off")
    EXCHANGE = "exchange", _("Mentor exchange")
    WRAPUP = "wrapup", _("Wrap-up")
    OTHER = "other", _("Other event")


class EventState(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")


class CohortEvent(models.Model):
    """One event of a cohort, with its date, place or online link and agenda."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="events")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uid = models.CharField(max_length=80, default=new_uid, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=150, blank=True, validators=[single_line])
    start = models.DateTimeField(_("start"))
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=120,
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[single_line])
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=EventState.choices, default=EventState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(
            inv.NotPersonal("an event of the cohort, the same for everyone invited"),
            "cohort",
            "uid",
            "sequence",
            "kind",
            "title",
            "start",
            "minutes",
            "place",
            "online_link",
            "agenda",
            "state",
        )
        | inv.declare(
            inv.authorship(inv.PARTICIPATION, inv.Recipient.ADMIN, inv.Recipient.PROGRAM_MANAGER),
            "created_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("cohort event")
        verbose_name_plural = _("cohort events")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["cohort", "start"])]

    def __str__(self) -> str:
        return f"{self.name} · {self.start:%Y-%m-%d %H:%M}"

    @property
    def name(self) -> str:
        """The title, or the kind in the active language when none was given."""
        return self.title or str(self.get_kind_display())

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def mentors_only(self) -> bool:
        """A mentor exchange is peer support among mentors; mentees are never invited."""
        return self.kind == EventKind.EXCHANGE

    @property
    def is_planned(self) -> bool:
        return self.state == EventState.PLANNED


class Rsvp(models.TextChoices):
    NONE = "", _("no answer yet")
    YES = "yes", _("yes")
    NO = "no", _("no")
    MAYBE = "maybe", _("maybe")


class EventInvitation(models.Model):
    """One participant invited to one event: their answer and, afterwards, their attendance."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(CohortEvent, on_delete=models.CASCADE, related_name="invitations")
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("registration"),
    )
    response = models.CharField(
        _("answer"), max_length=5, choices=Rsvp.choices, default=Rsvp.NONE, blank=True
    )
    responded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("responded at"))
    # None until the program team records it.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(inv.NotPersonal("the event"), "event")
        | inv.declare(
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.RUN_PROGRAM,
                inv.PARTICIPATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
                aggregates=(inv.Recipient.OBSERVER,),
            ),
            "registration",
            "response",
            "responded_at",
            "attended",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        ordering = [
            *alphabetical(
                "registration__employee__last_name",
                "registration__employee__first_name",
                language="de",
            ),
            "id",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "registration"], name="event_invitation_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.registration}"
