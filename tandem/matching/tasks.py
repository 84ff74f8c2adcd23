"""Background work of the matching: large runs, and the partners' mails after publishing."""

from django.tasks import task
from django_scopes import scope, scopes_disabled

from tandem.core.tasks import mail_task
from tandem.matching import notices, runs
from tandem.matching.models import MatchingRun
from tandem.programs.models import Tandem


@task()
def run_matching(run_id: int) -> None:
    """Compute one queued run; running it again for the same run does nothing (REL-05)."""
    with scopes_disabled():
        run = MatchingRun.objects.select_related("organization").filter(pk=run_id).first()
    if run is None:
        return
    with scope(organization=run.organization):
        runs.execute_run(run_id=run_id)


@mail_task
def send_tandem_mails(tandem_ids: list[int], only: list[str] | None = None) -> int:
    """Tell both partners of each published tandem (retried on a mail-server failure)."""
    with scopes_disabled():
        tandems = list(
            Tandem.objects.filter(pk__in=tandem_ids)
            .select_related(
                "organization",
                "cohort__organization",
                "mentor__employee__user",
                "mentee__employee__user",
            )
            .order_by("pk")
        )
    if not tandems:
        return 0
    with scope(organization=tandems[0].organization):
        return notices.send_tandem_mails(tandems=tandems, only=only)


@task()
def remind_unanswered() -> int:
    """The scheduler's pass: remind partners who have not answered their tandem (each once)."""
    return notices.remind_unanswered()
