"""Background work of the matching: large runs are computed by the task worker."""

from django.tasks import task
from django_scopes import scope, scopes_disabled

from tandem.matching import services
from tandem.matching.models import MatchingRun


@task()
def run_matching(run_id: int) -> None:
    """Compute one queued run; running it again for the same run does nothing (REL-05)."""
    with scopes_disabled():
        run = MatchingRun.objects.select_related("organization").filter(pk=run_id).first()
    if run is None:
        return
    with scope(organization=run.organization):
        services.execute_run(run_id=run_id)
