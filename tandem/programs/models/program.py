"""Programs, their cohorts with states and timeline, the topic catalogue, the sides (``Role``)
and the lessons a program team learned.

A *program* is an organisation's reverse mentoring initiative; it runs in *cohorts* of 4–6
months.
"""

import calendar
import secrets
import uuid
from datetime import date, timedelta
from typing import ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.collation import alphabetical
from tandem.core.languages import Localised
from tandem.core.models import Organization
from tandem.core.validators import single_line

LEVELS = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]
DEFAULT_MONTHS = 5
ALLOWED_MONTHS = (4, 6)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Topic(models.Model):
    """One entry of the organisation's topic catalogue, named in German and English."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("key"), max_length=60)
    name_de = models.CharField(_("name (German)"), max_length=120, validators=[single_line])
    name_en = models.CharField(_("name (English)"), max_length=120, validators=[single_line])
    description_de = models.CharField(
        _("description (German)"), max_length=300, blank=True, validators=[single_line]
    )
    description_en = models.CharField(
        _("description (English)"), max_length=300, blank=True, validators=[single_line]
    )
    active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.CONFIG,
            "key",
            "name_de",
            "name_en",
            "description_de",
            "description_en",
            "active",
            "position",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="topic_unique_key")
        ]

    def __str__(self) -> str:
        return self.name

    name = Localised()

    description = Localised()


class Program(models.Model):
    """An organisation's reverse mentoring program; it runs in cohorts."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150, validators=[single_line])
    goals = models.TextField(
        _("goals"),
        blank=True,
        help_text=_(
            "What the organisation wants to change, e.g. the leadership team's digital competence."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(inv.CONFIG, "name", "goals")
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = [*alphabetical("name", language="de"), "id"]

    def __str__(self) -> str:
        return self.name


class CohortState(models.TextChoices):
    PLANNING = "planning", _("in planning")
    REGISTRATION = "registration", _("registration open")
    MATCHING = "matching", _("matching")
    PUBLISHED = "published", _("tandems published")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")


class Objective(models.TextChoices):
    TOTAL = "total", _("best total fit")
    FAIRNESS = "fairness", _("fairest: the weakest tandem as good as possible")
    COVERAGE = "coverage", _("as many mentees as possible")


class Cohort(models.Model):
    """One run of a program, with its dates, topics, eligibility and matching settings."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150, validators=[single_line])
    goals = models.TextField(_("goals of this cohort"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CohortState.choices, default=CohortState.PLANNING
    )
    topics = models.ManyToManyField(Topic, related_name="cohorts", verbose_name=_("topics"))
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("program team")
    )

    # The phases, in order.
    registration_opens = models.DateField(_("registration opens"))
    registration_closes = models.DateField(_("registration closes"))
    matching_until = models.DateField(_("tandems published by"))
    kickoff = models.DateField(_("kick-off"))
    midterm = models.DateField(_("mid-term evaluation"))
    wrapup = models.DateField(_("wrap-up"))

    meeting_interval_weeks = models.PositiveSmallIntegerField(
        _("meet every … weeks"), default=2, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=45,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )
    response_days = models.PositiveSmallIntegerField(
        _("days to accept a tandem"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    # Eligibility: job levels that may register in each role (empty: everyone).
    mentor_levels = models.JSONField(_("job levels that may mentor"), default=list, blank=True)
    mentee_levels = models.JSONField(_("job levels that may be mentees"), default=list, blank=True)

    # The matching engine's settings (see docs/matching.md).
    rule_reporting_line = models.BooleanField(
        _("never pair people in the same reporting line"), default=True
    )
    rule_same_team = models.BooleanField(_("never pair people in the same team"), default=True)
    rule_appraisal = models.BooleanField(
        _("never pair a mentor with someone involved in their appraisal"), default=True
    )
    rule_same_department = models.BooleanField(
        _("never pair people in the same department"), default=False
    )
    rule_shared_language = models.BooleanField(_("partners must share a language"), default=True)
    rule_common_availability = models.BooleanField(
        _("partners must share a free time slot"), default=False
    )
    rule_earlier_pairing = models.BooleanField(
        _("never repeat a pairing from an earlier cohort"), default=True
    )
    weight_topic = models.PositiveSmallIntegerField(
        _("topic fit"), default=50, validators=[MaxValueValidator(100)]
    )
    weight_style = models.PositiveSmallIntegerField(
        _("similar working style"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_availability = models.PositiveSmallIntegerField(
        _("shared free time"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_cross_department = models.PositiveSmallIntegerField(
        _("different departments"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_location = models.PositiveSmallIntegerField(
        _("same place or remote"), default=10, validators=[MaxValueValidator(100)]
    )
    objective = models.CharField(
        _("matching goal"), max_length=10, choices=Objective.choices, default=Objective.TOTAL
    )

    invitation_token = models.CharField(max_length=64, default=new_token, unique=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(
            inv.CONFIG,
            "program",
            "name",
            "goals",
            "state",
            "registration_opens",
            "registration_closes",
            "matching_until",
            "kickoff",
            "midterm",
            "wrapup",
            "meeting_interval_weeks",
            "meeting_minutes",
            "response_days",
            "mentor_levels",
            "mentee_levels",
            "rule_reporting_line",
            "rule_same_team",
            "rule_appraisal",
            "rule_same_department",
            "rule_shared_language",
            "rule_common_availability",
            "rule_earlier_pairing",
            "weight_topic",
            "weight_style",
            "weight_availability",
            "weight_cross_department",
            "weight_location",
            "objective",
            "invitation_token",
            "copied_from",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-kickoff", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration_opens__lte=models.F("registration_closes"))
                & models.Q(registration_closes__lte=models.F("matching_until"))
                & models.Q(matching_until__lte=models.F("kickoff"))
                & models.Q(kickoff__lt=models.F("midterm"))
                & models.Q(midterm__lt=models.F("wrapup")),
                name="cohort_phases_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def months(self) -> float:
        """Length from kick-off to wrap-up in months (30.44 days each)."""
        return round((self.wrapup - self.kickoff).days / 30.44, 1)

    @property
    def length_unusual(self) -> bool:
        low, high = ALLOWED_MONTHS
        return not low <= self.months <= high

    # Which states allow what: the one place (queries filter by these, pages ask the properties).
    PREPARING: ClassVar[tuple[str, ...]] = (CohortState.PLANNING, CohortState.REGISTRATION)
    REVIEWABLE: ClassVar[tuple[str, ...]] = (*PREPARING, CohortState.MATCHING)
    MATCHABLE: ClassVar[tuple[str, ...]] = (CohortState.REGISTRATION, CohortState.MATCHING)
    PUBLISHED: ClassVar[tuple[str, ...]] = (CohortState.PUBLISHED, CohortState.RUNNING)
    WITH_TANDEMS: ClassVar[tuple[str, ...]] = (*PUBLISHED, CohortState.COMPLETED)

    @property
    def is_preparing(self) -> bool:
        """Still being planned or registering: the plan may follow the cohort it was copied from."""
        return self.state in self.PREPARING

    @property
    def pool_is_reviewable(self) -> bool:
        """Registrations may still be admitted, declined or verified."""
        return self.state in self.REVIEWABLE

    @property
    def is_matchable(self) -> bool:
        """A first matching may run and be published."""
        return self.state in self.MATCHABLE

    @property
    def is_published(self) -> bool:
        """Tandems are out and the cohort has not closed: a re-match is possible."""
        return self.state in self.PUBLISHED

    @property
    def has_tandems(self) -> bool:
        """Tandems were published (also once completed): surveys and results exist."""
        return self.state in self.WITH_TANDEMS

    def may_publish(self, *, rematch: bool) -> bool:
        """A run of this kind may be published now."""
        return self.is_published if rematch else self.is_matchable

    @property
    def registration_is_open(self) -> bool:
        today = timezone.localdate()
        return (
            self.state == CohortState.REGISTRATION
            and self.registration_opens <= today <= self.registration_closes
        )

    def admits(self, role: str, job_level: str) -> bool:
        """May someone at ``job_level`` register in ``role``? No levels set: everyone may."""
        levels = self.mentor_levels if role == Role.MENTOR else self.mentee_levels
        return not levels or job_level in levels

    def phases(self) -> list[tuple[str, date]]:
        return [
            (str(_("Registration")), self.registration_opens),
            (str(_("Matching")), self.registration_closes),
            (str(_("Kick-off")), self.kickoff),
            (str(_("Mid-term evaluation")), self.midterm),
            (str(_("Wrap-up")), self.wrapup),
        ]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_dates(kickoff: date) -> dict[str, date]:
    """Sensible phase dates around a kick-off: five months, three weeks of registration."""
    wrapup = add_months(kickoff, DEFAULT_MONTHS)
    return {
        "registration_opens": kickoff - timedelta(weeks=6),
        "registration_closes": kickoff - timedelta(weeks=3),
        "matching_until": kickoff - timedelta(weeks=1),
        "kickoff": kickoff,
        "midterm": kickoff + (wrapup - kickoff) / 2,
        "wrapup": wrapup,
    }


PHASE_FIELDS = (
    "registration_opens",
    "registration_closes",
    "matching_until",
    "kickoff",
    "midterm",
    "wrapup",
)


def dates_shifted(cohort: "Cohort", today: date) -> dict[str, date]:
    """``cohort``'s phase dates moved by whole weeks so that registration opens in a week or later.

    Used when a new cohort copies an earlier one: same rhythm, same weekdays, in the future.
    """
    earliest = today + timedelta(weeks=1)
    weeks = max(0, -(-(earliest - cohort.registration_opens).days // 7))
    return {name: getattr(cohort, name) + timedelta(weeks=weeks) for name in PHASE_FIELDS}


class Role(models.TextChoices):
    """A person's side in a program: of a registration, of a tandem, of what a partner wrote."""

    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")

    @property
    def other(self) -> "Role":
        """The partner's side."""
        return Role.MENTEE if self == Role.MENTOR else Role.MENTOR


class LessonTopic(models.TextChoices):
    """What part of running a cohort a lesson learned is about, in the order of a cohort."""

    RECRUITING = "recruiting", _("recruiting and registration")
    MATCHING = "matching", _("matching")
    MEETINGS = "meetings", _("meetings and tandems")
    EVENTS = "events", _("events")
    EVALUATION = "evaluation", _("evaluation")
    ORGANISATION = "organisation", _("organisation")
    OTHER = "other", _("other")


class Lesson(models.Model):
    """A lesson the program team learned from a cohort, for the next one.

    The program team's own words about running the program, never about a
    tandem: observers read them with the results, and a copied cohort shows them.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="lessons")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("about"), max_length=12, choices=LessonTopic.choices)
    text = models.TextField(_("lesson"), max_length=1000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(
            inv.NotPersonal("the program team's lesson about a cohort, not about a person"),
            "cohort",
            "topic",
            "text",
        )
        | inv.declare(
            inv.authorship(
                inv.WITH_ORGANISATION,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.OBSERVER,
            ),
            "author",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.text[:60]
