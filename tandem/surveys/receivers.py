"""The surveys app's answers to what happens elsewhere."""

from typing import Any

from django.dispatch import receiver

from tandem.programs.models import Cohort
from tandem.programs.signals import tandems_published
from tandem.surveys.services import ensure_surveys


@receiver(tandems_published, dispatch_uid="surveys.create_on_publish")
def create_surveys(sender: type[Cohort], cohort: Cohort, **kwargs: Any) -> None:  # noqa: ARG001
    """A cohort whose tandems are published gets its two surveys, with the default dates."""
    ensure_surveys(cohort)
