"""Background work of surveys: the scheduler's pass that sends and reminds."""

from django.tasks import task

from tandem.surveys import dispatch


@task()
def run_surveys() -> int:
    """One pass: surveys on the cohorts' timelines, invitations and reminders (each once)."""
    return dispatch.run_pass()
