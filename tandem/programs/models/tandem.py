"""A tandem: a published pair of a mentor's and a mentee's registration, and its sides.

Its life (published, answered, dissolved, ended early) is ``tandem.matching.lifecycle``.
"""

import uuid
from dataclasses import dataclass
from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.accounts.models import User
from tandem.core import inventory as inv
from tandem.core.models import Organization
from tandem.people.models import Employee
from tandem.programs.models.program import Cohort, CohortState, Role
from tandem.programs.models.registration import Registration


class TandemState(models.TextChoices):
    PROPOSED = "proposed", _("waiting for both answers")
    ACCEPTED = "accepted", _("accepted by both")
    CHANGE_REQUESTED = "change", _("change requested")
    DISSOLVED = "dissolved", _("dissolved")


class ProposalAnswer(models.TextChoices):
    PENDING = "", _("no answer yet")
    ACCEPT = "accept", _("accepted")
    CHANGE = "change", _("asked for a change")


class EndReason(models.TextChoices):
    """Why the program team ended a tandem before the cohort's wrap-up."""

    MISMATCH = "mismatch", _("the pairing does not fit")
    TIME = "time", _("no time for the meetings")
    LEFT = "left", _("a partner left the organisation or changed role")
    OTHER = "other", _("another reason")


def took_part(path: str = "") -> models.Q:
    """Tandems both partners accepted, also those ended early since; not a proposal that never
    started. ``path`` leads from the filtered model to the tandem (e.g. ``"tandem__"``)."""
    return models.Q(**{f"{path}state": TandemState.ACCEPTED}) | models.Q(
        **{f"{path}accepted__isnull": False}
    )


def running(path: str = "") -> models.Q:
    """Tandems that still run: accepted by both, not ended, their cohort not closed.

    The query twin of :attr:`Tandem.is_running`; ``path`` as for :func:`took_part`.
    """
    return models.Q(**{f"{path}state": TandemState.ACCEPTED}) & ~models.Q(
        **{f"{path}cohort__state": CohortState.COMPLETED}
    )


class Tandem(models.Model):
    """A published pair. Both partners accept it or ask for a change within ``respond_by``."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="tandems")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentor = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="as_mentor", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="as_mentee", verbose_name=_("mentee")
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=TandemState.choices,
        default=TandemState.PROPOSED,
    )
    score = models.FloatField(_("score"))
    components = models.JSONField(default=dict, verbose_name=_("parts of the score"))
    reasons = models.JSONField(default=list, verbose_name=_("reasons for the proposal"))
    mentor_answer = models.CharField(
        max_length=6, choices=ProposalAnswer.choices, blank=True, verbose_name=_("mentor answer")
    )
    mentee_answer = models.CharField(
        max_length=6, choices=ProposalAnswer.choices, blank=True, verbose_name=_("mentee answer")
    )
    mentor_change_reason = models.CharField(
        max_length=500, blank=True, verbose_name=_("mentor change reason")
    )
    mentee_change_reason = models.CharField(
        max_length=500, blank=True, verbose_name=_("mentee change reason")
    )
    respond_by = models.DateField(_("answer by"))
    # When each partner who had not answered was reminded (once, before the deadline).
    mentor_reminded = models.DateTimeField(null=True, blank=True, verbose_name=_("mentor reminded"))
    mentee_reminded = models.DateTimeField(null=True, blank=True, verbose_name=_("mentee reminded"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    # When the second partner accepted: the tandem's meeting plan starts then (or at kick-off).
    accepted = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted"))
    ended = models.DateTimeField(null=True, blank=True, verbose_name=_("ended"))
    # Set only when the program team ends an accepted tandem early (not on a re-match
    # of a proposal): the reason is the program team's own words, never the tandem's.
    end_reason = models.CharField(
        _("reason for ending"), max_length=10, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note"), max_length=500, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.NotPersonal("the cohort of the tandem"), "cohort")
        | inv.declare(
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.MATCHING,
                inv.PARTICIPATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.PARTNERS,
                inv.Recipient.OPERATOR,
                aggregates=(inv.Recipient.OBSERVER,),
            ),
            "mentor",
            "mentee",
            "state",
            "score",
            "components",
            "reasons",
            "mentor_answer",
            "mentee_answer",
            "mentor_change_reason",
            "mentee_change_reason",
            "respond_by",
            "mentor_reminded",
            "mentee_reminded",
            "created",
            "accepted",
            "ended",
            "end_reason",
            "end_note",
        )
        | inv.declare(
            inv.authorship(inv.PARTICIPATION, inv.Recipient.ADMIN, inv.Recipient.PROGRAM_MANAGER),
            "ended_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("tandem")
        verbose_name_plural = _("tandems")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=~models.Q(state="dissolved"),
                name="tandem_one_active_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor.employee} & {self.mentee.employee}"

    @property
    def active(self) -> bool:
        return self.state != TandemState.DISSOLVED

    @property
    def ended_early(self) -> bool:
        return self.state == TandemState.DISSOLVED and bool(self.end_reason)

    @property
    def is_running(self) -> bool:
        """Whether its partners still meet and write: accepted by both, not ended, and the
        cohort not closed (a closed cohort's tandems, results and certificates stay as they
        are). See :func:`running` for the query."""
        return self.state == TandemState.ACCEPTED and self.cohort.state != CohortState.COMPLETED

    @property
    def status_label(self) -> str:
        """Its state in words for a page: a proposal says whose answer is still missing."""
        if self.state == TandemState.PROPOSED and bool(self.mentor_answer) != bool(
            self.mentee_answer
        ):
            if self.mentor_answer:
                return str(_("waiting for the mentee's answer"))
            return str(_("waiting for the mentor's answer"))
        if self.state == TandemState.ACCEPTED and self.cohort.state == CohortState.COMPLETED:
            return str(_("completed"))
        return str(self.get_state_display())

    def side_of(self, user: User | AnonymousUser) -> Role | None:
        """The user's side of the tandem; None for anyone but its two partners."""
        if user.pk is not None and user.pk == self.mentor.employee.user_id:
            return Role.MENTOR
        if user.pk is not None and user.pk == self.mentee.employee.user_id:
            return Role.MENTEE
        return None

    def member(self, role: Role) -> "Registration":
        """The registration on ``role``'s side."""
        return self.mentor if role == Role.MENTOR else self.mentee

    def partner(self, role: Role) -> "Registration":
        """The other partner's registration, seen from ``role``."""
        return self.member(Role(role).other)

    def sides(self) -> list["Side"]:
        """Both partners, each with the other: every mail to a tandem's partners starts here."""
        mentor, mentee = self.mentor.employee, self.mentee.employee
        return [Side(Role.MENTOR, mentor, mentee), Side(Role.MENTEE, mentee, mentor)]

    def not_running_reason(self) -> str:
        """Why nothing of it can change any more, in the reader's language."""
        if self.state == TandemState.ACCEPTED:
            return str(_("The cohort has been closed: its tandems can be read, not changed."))
        if self.state == TandemState.DISSOLVED:
            return str(_("This tandem has ended; what it wrote can be read but not changed."))
        return str(_("This can be done once both partners have accepted the tandem."))


@dataclass(frozen=True)
class Side:
    """One partner of a tandem as they see it: their side, themselves and the other."""

    role: Role
    me: Employee
    partner: Employee

    @property
    def recipient(self) -> User | None:
        """Their login if it can receive our mail (active, with an address); else None."""
        user = self.me.user
        return user if user is not None and user.is_active and user.email else None
