"""Computing a matching run: the engine on the admitted pool, the result stored on the run.

Called in the request for small pools and by ``tasks.run_matching`` for large ones; it
imports no services, so the services enqueue that task without an import loop.
"""

import logging
from typing import Any

from django.utils import timezone

from tandem.matching import adapters
from tandem.matching.engine import ProblemError, result_to_dict, solve
from tandem.matching.models import MatchingRun, RunStatus

logger = logging.getLogger(__name__)


def execute_run(*, run_id: int) -> None:
    """Compute a queued run and store its result; a second call does nothing (REL-05)."""
    claimed = MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=10
    )
    if not claimed:
        return
    run = MatchingRun.objects.select_related("cohort").get(pk=run_id)
    try:
        problem = adapters.build_problem(run.cohort, rematch=run.rematch)
        MatchingRun.objects.filter(pk=run_id).update(progress=40)
        result = result_to_dict(solve(problem))
    except ProblemError as error:
        _finish(run_id, status=RunStatus.FAILED, error="; ".join(error.errors))
    except Exception:
        logger.exception("matching run %s failed", run_id)
        _finish(run_id, status=RunStatus.FAILED, error="internal error")
    else:
        _finish(run_id, status=RunStatus.DONE, result=result)


def _finish(
    run_id: int, *, status: str, result: dict[str, Any] | None = None, error: str = ""
) -> None:
    MatchingRun.objects.filter(pk=run_id).update(
        status=status,
        progress=100,
        result=result or {},
        error=error[:500],
        finished=timezone.now(),
    )
