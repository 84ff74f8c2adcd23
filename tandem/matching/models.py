"""The web side of matching: runs of the engine on a cohort's pool, and pair decisions.

A :class:`MatchingRun` stores the engine's result (``result_to_dict``) as it
was computed, with the settings it was computed under, so two runs can be
compared and the one the program team chose can be published. A
:class:`PairDecision` is the program team's word on one pair (fix or
exclude); it holds for every later run of the cohort.
"""

import uuid
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.models import Organization
from tandem.programs.models import Cohort, Registration


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class MatchingRun(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="matching_runs")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField(_("run"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # Only people without a published tandem take part; published tandems stay as they are.
    rematch = models.BooleanField(default=False)
    settings = models.JSONField(default=dict)
    problem_size = models.JSONField(default=dict)
    result = models.JSONField(default=dict, blank=True, verbose_name=_("result"))
    error = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    published = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "finished", "published")
        | inv.declare(
            inv.NotPersonal("the run's settings, size and state"),
            "cohort",
            "number",
            "status",
            "progress",
            "rematch",
            "settings",
            "problem_size",
            "error",
        )
        | inv.declare(
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.MATCHING,
                inv.PARTICIPATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.OPERATOR,
            ),
            "result",
        )
        | inv.declare(
            inv.authorship(inv.PARTICIPATION, inv.Recipient.ADMIN, inv.Recipient.PROGRAM_MANAGER),
            "started_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="matching_run_number")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} #{self.number}"

    @property
    def quality(self) -> dict[str, Any]:
        return dict(self.result.get("quality", {}))

    @property
    def finished_ok(self) -> bool:
        return self.status == RunStatus.DONE


class PairKind(models.TextChoices):
    FIXED = "fixed", _("always pair")
    EXCLUDED = "excluded", _("never pair")


class PairDecision(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pair_decisions")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentor = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    kind = models.CharField(
        max_length=8, choices=PairKind.choices, verbose_name=_("kind of decision")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created")
        | inv.declare(inv.NotPersonal("the cohort of the decision"), "cohort")
        | inv.declare(
            inv.entry(
                inv.Category.PARTICIPATION,
                inv.Purpose.MATCHING,
                inv.PARTICIPATION,
                inv.LegalBasis.CONSENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.OPERATOR,
            ),
            "mentor",
            "mentee",
            "kind",
        )
        | inv.declare(
            inv.authorship(inv.PARTICIPATION, inv.Recipient.ADMIN, inv.Recipient.PROGRAM_MANAGER),
            "decided_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("pair decision")
        verbose_name_plural = _("pair decisions")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="pair_decision_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor} & {self.mentee}"
