"""A registration: one person's application to a cohort as mentor or mentee (the pool).

The program team reviews the pool and admits people; the matching (``tandem.matching``)
proposes pairs from the admitted.
"""

import uuid
from typing import ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.collation import alphabetical
from tandem.core.models import Organization
from tandem.people.models import Employee
from tandem.programs.models.program import Cohort, Role


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered, not yet reviewed")
    ADMITTED = "admitted", _("admitted")
    WAITLISTED = "waitlisted", _("on the waiting list")
    DECLINED = "declined", _("not admitted")


# Weekly time slots a participant can offer: weekday × part of the day.
WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
]
DAYPARTS = [("am", _("morning")), ("mid", _("lunchtime")), ("pm", _("afternoon"))]
SLOTS = [f"{day}-{part}" for day, _label in WEEKDAYS for part, _l in DAYPARTS]

# The working-style questionnaire: agreement on a 1–5 scale.
STYLE_QUESTIONS = [
    ("structure", _("I like meetings with a clear agenda.")),
    ("hands_on", _("I learn best by trying things out myself.")),
    ("direct", _("I prefer direct, candid feedback.")),
    ("pace", _("I like to cover a lot of ground quickly.")),
    ("digital", _("I am happy to meet online.")),
    ("values", _("Talking about values and how we work matters as much as tools.")),
]


class Registration(models.Model):
    """A person's registration for a cohort in one role: the participant pool.

    Withdrawal deletes the row (and with it every answer); the audit log keeps
    only that a registration existed and was withdrawn.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="registrations")
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("employee")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=6, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    # Mentors: topic key → self-rated level 1–5; verified levels take precedence.
    topics = models.JSONField(_("topics"), default=dict, blank=True)
    verified = models.JSONField(_("verified levels"), default=dict, blank=True)
    verification_note = models.CharField(_("verification note"), max_length=500, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(null=True, blank=True, verbose_name=_("verified at"))
    capacity = models.PositiveSmallIntegerField(
        _("mentees at most"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    # Seats taken by published tandems; only ever changed by conditional updates (REL-01).
    taken = models.PositiveSmallIntegerField(
        default=0, editable=False, verbose_name=_("tandems taken")
    )

    # Mentees: topic key → priority 1–5, topics not wanted, and the starting level.
    goals = models.JSONField(_("learning goals"), default=dict, blank=True)
    declined_topics = models.JSONField(_("topics not wanted"), default=list, blank=True)
    baseline = models.JSONField(_("starting level"), default=dict, blank=True)
    openness_confirmed = models.BooleanField(
        _("open to learning from younger colleagues"), default=False
    )

    expectations = models.TextField(_("expectations"), max_length=2000, blank=True)
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    style = models.JSONField(_("working style"), default=dict, blank=True)
    availability = models.JSONField(_("free time slots"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    remote_ok = models.BooleanField(_("online meetings are fine"), default=True)

    consent_at = models.DateTimeField(_("consent given"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.NotPersonal("the cohort registered for"), "cohort")
        | inv.declare(
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.MATCHING,
                inv.REGISTRATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
                aggregates=(inv.Recipient.OBSERVER,),
            ),
            "employee",
            "role",
            "status",
            "decision_reason",
            "decided_at",
            "topics",
            "verified",
            "verification_note",
            "verified_at",
            "capacity",
            "taken",
            "goals",
            "declined_topics",
            "baseline",
            "openness_confirmed",
            "expectations",
            "motivation",
            "style",
            "availability",
            "languages",
            "location",
            "remote_ok",
            "consent_at",
            "created",
            "updated",
        )
        | inv.declare(
            inv.authorship(inv.REGISTRATION, inv.Recipient.ADMIN, inv.Recipient.PROGRAM_MANAGER),
            "verified_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = [
            "role",
            *alphabetical("employee__last_name", "employee__first_name", language="de"),
            "id",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "employee"], name="enrollment_one_per_person_and_cohort"
            ),
            models.CheckConstraint(
                condition=models.Q(taken__lte=models.F("capacity")),
                name="enrollment_capacity_never_exceeded",
            ),
            models.CheckConstraint(
                condition=models.Q(role="mentor") | models.Q(openness_confirmed=True),
                name="enrollment_mentee_is_open",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.employee} ({self.get_role_display()})"

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    def level(self, topic: str) -> int | None:
        """A mentor's level in ``topic``: the verified level if reviewed, else the claim."""
        value = self.verified.get(topic, self.topics.get(topic))
        return int(value) if value is not None else None
