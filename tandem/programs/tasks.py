"""Background work of the programs: invitation mails to many people, decision mails."""

from django_scopes import scope, scopes_disabled

from tandem.core.tasks import mail_task
from tandem.people.models import Employee, LoginInvitation
from tandem.programs import mail
from tandem.programs.models import Cohort, Registration


@mail_task
def send_invitations(
    cohort_id: int,
    recipients: list[list[int]],
    only: list[int] | None = None,
) -> int:
    """Mail the cohort's invitation to ``recipients`` (``[employee id, login invitation id or 0]``).

    A retry after a mail-server failure names the employee ids still to reach in ``only``.
    """
    with scopes_disabled():
        cohort = Cohort.objects.select_related("organization").filter(pk=cohort_id).first()
    if cohort is None:
        return 0
    with scope(organization=cohort.organization):
        employees = Employee.objects.filter(
            organization=cohort.organization, pk__in=[employee for employee, _ in recipients]
        ).select_related("user")
        logins = LoginInvitation.objects.filter(
            organization=cohort.organization, pk__in=[login for _, login in recipients if login]
        ).select_related("organization", "employee")
        by_pk = {login.pk: login for login in logins}
        login_of = {employee: by_pk.get(login) for employee, login in recipients}
        return mail.send_invitations_now(
            cohort=cohort,
            recipients=[(employee, login_of[employee.pk]) for employee in employees.order_by("pk")],
            only=only,
        )


@mail_task
def send_decision(registration_id: int, stamp: str) -> int:
    """Tell a person the program team's decision; a decision taken since sends its own mail.

    ``stamp`` is the decision's time: a registration decided again (or withdrawn) before the
    worker came round sends nothing for the older decision.
    """
    with scopes_disabled():
        registration = (
            Registration.objects.select_related(
                "organization", "cohort__organization", "employee__user"
            )
            .filter(pk=registration_id)
            .first()
        )
    if registration is None or registration.decided_at is None:
        return 0
    if registration.decided_at.isoformat() != stamp:
        return 0
    with scope(organization=registration.organization):
        return mail.send_decision_mail(registration=registration)
