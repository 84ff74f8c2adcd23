"""Background work of the programs: invitation mails to many people, decision mails."""

from django_scopes import scope, scopes_disabled

from tandem.accounts.models import User
from tandem.core.tasks import mail_task
from tandem.programs import services
from tandem.programs.models import Cohort, Enrollment


@mail_task
def send_invitations(
    cohort_id: int,
    recipients: list[list[int | bool]],
    base_url: str,
    only: list[int] | None = None,
) -> int:
    """Mail the cohort's invitation to ``recipients`` (``[user id, is new]`` pairs).

    A retry after a mail-server failure names the user ids still to reach in ``only``.
    """
    with scopes_disabled():
        cohort = Cohort.objects.select_related("organization").filter(pk=cohort_id).first()
    if cohort is None:
        return 0
    new_by_id = {int(user_id): bool(new) for user_id, new in recipients}
    if only is not None:
        left = set(only)
        new_by_id = {user_id: new for user_id, new in new_by_id.items() if user_id in left}
    users = User.objects.filter(pk__in=new_by_id, is_active=True).order_by("pk")
    with scope(organization=cohort.organization):
        return services.send_invitations_now(
            cohort=cohort,
            recipients=[(user, new_by_id[user.pk]) for user in users],
            base_url=base_url,
        )


@mail_task
def send_decision(enrollment_id: int, stamp: str, base_url: str) -> int:
    """Tell a person the program team's decision; a decision taken since sends its own mail.

    ``stamp`` is the decision's time: a registration decided again (or withdrawn) before the
    worker came round sends nothing for the older decision.
    """
    with scopes_disabled():
        enrollment = (
            Enrollment.objects.select_related(
                "organization", "cohort__organization", "employee__user"
            )
            .filter(pk=enrollment_id)
            .first()
        )
    if enrollment is None or enrollment.decided_at is None:
        return 0
    if enrollment.decided_at.isoformat() != stamp:
        return 0
    with scope(organization=enrollment.organization):
        return services.send_decision_mail(enrollment=enrollment, base_url=base_url)
