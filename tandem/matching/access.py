"""Obtaining matching runs and pair decisions for the program team (404 across organisations)."""

from uuid import UUID

from django.shortcuts import get_object_or_404

from tandem.core.models import Organization
from tandem.matching.models import MatchingRun, PairDecision
from tandem.programs.models import Cohort


def get_run(
    organization: Organization, public_id: UUID, *, cohort: Cohort | None = None
) -> MatchingRun:
    """A run of ``organization`` (and of ``cohort``, when given)."""
    runs = MatchingRun.objects.filter(organization=organization, public_id=public_id)
    if cohort is not None:
        runs = runs.filter(cohort=cohort)
    return get_object_or_404(runs.select_related("cohort", "cohort__program", "started_by"))


def get_decision(organization: Organization, public_id: UUID) -> PairDecision:
    return get_object_or_404(
        PairDecision.objects.filter(organization=organization, public_id=public_id).select_related(
            "cohort", "cohort__organization"
        )
    )
