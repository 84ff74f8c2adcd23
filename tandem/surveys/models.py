"""Surveys of a cohort's participants, anonymous towards the program team (ADR 0012).

A :class:`Questionnaire` holds questions in German and English. A
:class:`Survey` asks a cohort's mentors and mentees at one phase (mid-term or
final), each role its own questionnaire. Who is asked and whether they have
answered is a :class:`Respondent` row; what they answered is a
:class:`Response` with its :class:`Answer` rows, which name no person, carry
no time and have random keys, so nothing in the database joins an answer to
the person who gave it. The program team sees answers only as aggregates over
at least k people (``core.anonymity``).
"""

import uuid
from datetime import date
from typing import ClassVar, Self

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.languages import Localised, english_reader
from tandem.core.models import Organization
from tandem.core.validators import single_line
from tandem.programs.models import Cohort, Registration, Role

SCALE = range(1, 6)


class Phase(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term evaluation")
    FINAL = "final", _("Final evaluation")


class Group(models.TextChoices):
    """Whose answers a result shows: a role's, or everybody's."""

    MENTOR = "mentor", _("Mentors")
    MENTEE = "mentee", _("Mentees")
    ALL = "all", _("Everybody")


def group_name(group: str) -> str:
    """Mentors, mentees or everybody: the heading of a result column."""
    return str(Group(group).label) if group in Group.values else group


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("rating from 1 to 5")
    SINGLE = "single", _("one choice")
    MULTIPLE = "multiple", _("several choices")
    TEXT = "text", _("free text")
    COMPETENCE = "competence", _("self-assessment per topic (1 to 5)")


class Questionnaire(models.Model):
    """A questionnaire for one role; the ready-made ones are copied into every organisation."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("key"), max_length=60)
    role = models.CharField(_("for"), max_length=6, choices=Role.choices)
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices)
    name_de = models.CharField(_("name (German)"), max_length=150, validators=[single_line])
    name_en = models.CharField(_("name (English)"), max_length=150, validators=[single_line])
    intro_de = models.TextField(_("introduction (German)"), max_length=2000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=2000, blank=True)
    builtin = models.BooleanField(default=False, editable=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(
            inv.CONFIG,
            "key",
            "role",
            "phase",
            "name_de",
            "name_en",
            "intro_de",
            "intro_en",
            "builtin",
            "copied_from",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["phase", "role", "name_de"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="questionnaire_key")
        ]

    def __str__(self) -> str:
        return self.name

    name = Localised()

    intro = Localised()


class Question(models.Model):
    """A question of a questionnaire. ``key`` pairs the mentors' and the mentees' answers."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_de = models.CharField(_("question (German)"), max_length=300, validators=[single_line])
    text_en = models.CharField(_("question (English)"), max_length=300, validators=[single_line])
    # For one or several choices: [{"key": "time", "de": "…", "en": "…"}, …]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.CONFIG,
            "questionnaire",
            "key",
            "position",
            "kind",
            "text_de",
            "text_en",
            "choices",
            "required",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="survey_question_key")
        ]

    def __str__(self) -> str:
        return self.text

    text = Localised()

    def choice_labels(self) -> list[tuple[str, str]]:
        english = english_reader()
        return [(c["key"], (c.get("en") if english else None) or c["de"]) for c in self.choices]


class Survey(models.Model):
    """A cohort's survey at one phase: open from ``opens`` to ``closes`` (both Berlin dates)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="surveys")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices)
    mentor_questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("questionnaire for mentors"),
    )
    mentee_questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("questionnaire for mentees"),
    )
    opens = models.DateField(_("sent on"))
    closes = models.DateField(_("closes after"))
    remind_days = models.PositiveSmallIntegerField(
        _("reminder (days before closing)"), default=3, validators=[MaxValueValidator(30)]
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(
            inv.CONFIG,
            "cohort",
            "phase",
            "mentor_questionnaire",
            "mentee_questionnaire",
            "opens",
            "closes",
            "remind_days",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["cohort", "opens"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "phase"], name="survey_cohort_phase"),
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")), name="survey_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.get_phase_display()}"

    def questionnaire_for(self, role: str) -> Questionnaire | None:
        return self.mentor_questionnaire if role == Role.MENTOR else self.mentee_questionnaire

    @property
    def is_planned(self) -> bool:
        """Only on the cohort's timeline, not stored yet (``timeline.planned``): nobody asked."""
        return self._state.adding

    def is_open(self, today: date) -> bool:
        return self.opens <= today <= self.closes

    def is_closed(self, today: date) -> bool:
        return today > self.closes

    def is_released(self, today: date) -> bool:
        """Whether its results may be read (PRIV-11): once it has closed, all at once.

        While a survey is open, two reads of its results would differ by the
        answers given in between, one person's at a time; after it has closed,
        no answer is added and it cannot be reopened.
        """
        return self.is_closed(today)


class Respondent(models.Model):
    """Someone a survey asks, and whether they answered; never what (that is a Response)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("registration")
    )
    role = models.CharField(max_length=6, choices=Role.choices, verbose_name=_("side"))
    invited = models.DateTimeField(null=True, blank=True, verbose_name=_("invited"))
    reminded = models.DateTimeField(null=True, blank=True, verbose_name=_("reminded"))
    # Only whether, not when: a time would let the database join the answer by order.
    answered = models.BooleanField(default=False, verbose_name=_("answered"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.NotPersonal("the survey asked"), "survey")
        | inv.declare(
            # The program team sees the response rate, not who has answered.
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.EVALUATION,
                inv.SURVEY_ANSWERS,
                inv.LegalBasis.CONSENT,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
                aggregates=(inv.Recipient.PROGRAM_MANAGER, inv.Recipient.OBSERVER),
            ),
            "registration",
            "role",
            "invited",
            "reminded",
            "answered",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "registration"], name="survey_respondent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.role}"


# What a response holds: readable by nobody one by one, counted only in groups of k or more.
ANONYMOUS_ANSWER = inv.entry(
    inv.Category.SURVEY,
    inv.Purpose.EVALUATION,
    inv.SURVEY_ANSWERS,
    inv.LegalBasis.CONSENT,
    inv.Recipient.OPERATOR,
    aggregates=(inv.Recipient.ADMIN, inv.Recipient.PROGRAM_MANAGER, inv.Recipient.OBSERVER),
)


class Response(models.Model):
    """One filled-in questionnaire: the role and nothing else about who gave it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    role = models.CharField(max_length=6, choices=Role.choices, verbose_name=_("side"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.NotPersonal("the survey answered"), "survey")
        | inv.declare(
            # Names no person and carries no time: a role and answers only (ADR 0012).
            ANONYMOUS_ANSWER,
            "role",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey} · {self.role}"


class Answer(models.Model):
    """One answer of a response: nothing that could be matched with its author's registration.

    (It once kept the registration's level for growth; that level is a fingerprint of the
    person, so growth now compares the two groups' averages instead.)
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=60, blank=True, verbose_name=_("topic"))
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("number answered")
    )
    choices = models.JSONField(default=list, blank=True, verbose_name=_("choices"))
    text = models.TextField(max_length=2000, blank=True, verbose_name=_("text"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.NotPersonal("the response and question it belongs to"), "response", "question"
        )
        | inv.declare(
            ANONYMOUS_ANSWER,
            "topic",
            "number",
            "choices",
            "text",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return str(self.question_id)


# What a person wrote in their own words: readable by nobody as such (PRIV-03), only in the
# results as a list over at least k people. The confidentiality test plants sentinels here.
CONFIDENTIAL_FIELDS: dict[type[models.Model], tuple[str, ...]] = {Answer: ("text",)}
