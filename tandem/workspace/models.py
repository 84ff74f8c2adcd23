"""What a tandem writes, readable by the tandem only (AZ-03).

Takeaways are shared by the two partners; a private note is its author's alone; a feedback
comment is its author's alone too, while its rating counts towards averages over at least five
people (PRIV-01); the fit check after the first meeting, the mentee's action plan and the quote
for the report likewise belong to the tandem. Nothing here is shown to the program team,
observers, supervisors, administrators, exports, the API or e-mails: a sentinel test proves it
for every persona (``tests/test_confidentiality.py``). Only ``workspace/access.py`` hands these
rows out, and only to a partner.
"""

import uuid
from typing import ClassVar, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.models import Organization
from tandem.core.validators import single_line
from tandem.meetings.models import Meeting
from tandem.programs.models import Role, Tandem


class GoalStatus(models.TextChoices):
    OPEN = "open", _("not started")
    ACTIVE = "active", _("in progress")
    REACHED = "reached", _("reached")
    DROPPED = "dropped", _("set aside")


class Goal(models.Model):
    """One learning goal of the mentee's action plan; the plan starts from the registration."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    tandem = models.ForeignKey(
        Tandem, on_delete=models.CASCADE, related_name="goals", verbose_name=_("tandem")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.ForeignKey(
        "programs.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    title = models.CharField(_("goal"), max_length=200, blank=True, validators=[single_line])
    detail = models.TextField(_("what success looks like"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GoalStatus.choices,
        default=GoalStatus.OPEN,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(inv.NotPersonal("order on the tandem's page"), "position")
        | inv.declare(
            inv.tandem_writing(inv.Recipient.PARTNERS),
            "tandem",
            "topic",
            "title",
            "detail",
            "status",
            "progress",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="goal_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(title="") | models.Q(topic__isnull=False),
                name="goal_has_title_or_topic",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.topic)


class ActionPlan(models.Model):
    """Marks that a tandem's action plan has been started from the mentee's registration.

    The plan is seeded once: the unique row is taken in the same transaction as
    the first goals, so two first visits at once seed one set, and a plan whose
    goals were all removed stays empty.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    tandem = models.OneToOneField(
        Tandem, on_delete=models.CASCADE, related_name="action_plan", verbose_name=_("tandem")
    )
    started = models.DateTimeField(auto_now_add=True, verbose_name=_("started"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.tandem_writing(inv.Recipient.PARTNERS),
            "tandem",
            "started",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return str(self.tandem)


class Takeaway(models.Model):
    """A key takeaway from a meeting, shared by the two partners (AZ-03: confidential)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="takeaways", verbose_name=_("meeting")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.CharField(max_length=6, choices=Role.choices, verbose_name=_("author"))
    text = models.TextField(_("takeaway"), max_length=2000)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(
            inv.tandem_writing(inv.Recipient.PARTNERS),
            "meeting",
            "author",
            "text",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("takeaway")
        verbose_name_plural = _("takeaways")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.author}"


class PrivateNote(models.Model):
    """A partner's own note on a meeting, readable by its author alone (AZ-03)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="notes", verbose_name=_("meeting")
    )
    author = models.CharField(max_length=6, choices=Role.choices, verbose_name=_("author"))
    text = models.TextField(_("private note"), max_length=5000)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(
            inv.tandem_writing(inv.Recipient.SELF),
            "meeting",
            "author",
            "text",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="note_one_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.author}"


class Feedback(models.Model):
    """A partner's short feedback on a meeting: a rating and an optional comment (its author's).

    Ratings reach the program team only as averages over at least five people (PRIV-01);
    the comment never leaves the author (AZ-03).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("meeting")
    )
    author = models.CharField(max_length=6, choices=Role.choices, verbose_name=_("author"))
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(
            inv.tandem_writing(inv.Recipient.SELF),
            "comment",
        )
        | inv.declare(
            # Whether feedback is missing shows in program health; ratings only as averages.
            inv.tandem_writing(
                inv.Recipient.SELF,
                aggregates=(inv.Recipient.PROGRAM_MANAGER, inv.Recipient.OBSERVER),
            ),
            "meeting",
            "author",
            "rating",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="feedback_one_per_author"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.author}"


class FitCheck(models.Model):
    """After the first meeting each partner says whether the pairing fits.

    Only the answer travels: "doesn't fit" alerts the program team, who can re-match.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    tandem = models.ForeignKey(
        Tandem, on_delete=models.CASCADE, related_name="fit_checks", verbose_name=_("tandem")
    )
    author = models.CharField(max_length=6, choices=Role.choices, verbose_name=_("author"))
    fits = models.BooleanField(_("the pairing fits"))
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(
            # "Does not fit" alerts the program team, who can re-match.
            inv.tandem_writing(
                inv.Recipient.PARTNERS, inv.Recipient.PROGRAM_MANAGER, inv.Recipient.ADMIN
            ),
            "tandem",
            "author",
            "fits",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("fit check")
        verbose_name_plural = _("fit checks")
        constraints = [
            models.UniqueConstraint(fields=["tandem", "author"], name="fit_check_one_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.tandem} · {self.author}: {self.fits}"


QUOTE_MAX_LENGTH = 400


class Quote(models.Model):
    """A tandem's short quote for the cohort's results report, printed without names.

    It is published only while both partners agree to its exact words: a change of the
    text keeps the writer's agreement and clears the other partner's, and either partner
    may withdraw theirs or delete the quote at any time. Until both agree, the quote is
    the tandem's own writing (AZ-03).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    tandem = models.OneToOneField(
        Tandem, on_delete=models.CASCADE, related_name="quote", verbose_name=_("tandem")
    )
    text = models.TextField(_("quote"), max_length=QUOTE_MAX_LENGTH)
    # Counts the changes of ``text``: an agreement names the version its partner read.
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    written_by = models.CharField(max_length=6, choices=Role.choices, verbose_name=_("written by"))
    mentor_agreed = models.BooleanField(_("the mentor agrees"), default=False)
    mentee_agreed = models.BooleanField(_("the mentee agrees"), default=False)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "updated")
        | inv.declare(
            # Published in the cohort's results only once both partners agree to its words.
            inv.tandem_writing(
                inv.Recipient.PARTNERS, inv.Recipient.PROGRAM_MANAGER, inv.Recipient.OBSERVER
            ),
            "tandem",
            "text",
            "version",
            "written_by",
            "mentor_agreed",
            "mentee_agreed",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("quote for the report")
        verbose_name_plural = _("quotes for the report")

    def __str__(self) -> str:
        return f"{self.tandem} · {self.written_by}"

    def agreed_by(self, role: Role) -> bool:
        return self.mentor_agreed if role == Role.MENTOR else self.mentee_agreed

    @property
    def published(self) -> bool:
        """Both partners agree to these words: the report may print them."""
        return self.mentor_agreed and self.mentee_agreed


# The confidential text fields: what the sentinel test plants and what no page but the
# tandem's own may show (AZ-03). A new field with tandem content belongs here.
CONFIDENTIAL_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Goal: ("title", "detail"),
    Takeaway: ("text",),
    PrivateNote: ("text",),
    Feedback: ("comment",),
    # A quote both partners agreed to leaves the tandem in the results report, without names.
    Quote: ("text",),
}
