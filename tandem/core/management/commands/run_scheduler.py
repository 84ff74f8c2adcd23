"""The clock of the task worker: enqueue each periodic task every few minutes (ADR 0011).

The scheduler does no work itself; it enqueues the tasks named in
``TANDEM_PERIODIC_TASKS`` for ``db_worker``, and skips a task whose previous
run has not finished yet, so a stopped worker does not pile up passes. Every
periodic task is idempotent: a second scheduler, a restart or a pass run by
hand sends nothing twice.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.tasks import TaskResult
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils.module_loading import import_string


def _finished(result: TaskResult[..., Any] | None) -> bool:
    if result is None:
        return True
    try:
        result.refresh()
    except TaskResultDoesNotExist:
        return True
    return result.is_finished


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (reminders) every TANDEM_SCHEDULER_SECONDS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue once and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        last: dict[str, TaskResult[..., Any]] = {}
        while True:
            for path in settings.TANDEM_PERIODIC_TASKS:
                if _finished(last.get(path)):
                    last[path] = import_string(path).enqueue()
            if options["once"]:
                return
            time.sleep(settings.TANDEM_SCHEDULER_SECONDS)
