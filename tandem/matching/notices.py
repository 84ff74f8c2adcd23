"""Who hears what when a matching leaves them out or a tandem comes apart (issue 14).

Three messages, each from the worker after the change is committed, in the
recipient's language, each naming no reason anyone gave:

- people a published run leaves without a tandem;
- both partners of a tandem dissolved for a re-match;
- the cohort's program team when a partner asks for a change (the reason is on
  the answers page, for the program team only; the mail only points there).

Renderers and tasks live together here and import nothing of the services, so
the services enqueue these tasks without a loop.
"""

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from tandem.accounts.mail import render_localised
from tandem.accounts.models import User
from tandem.core.tasks import mail_task, send_each
from tandem.programs.models import Cohort, Enrollment, Tandem
from tandem.programs.selectors import program_team


def _link(base_url: str, name: str, **kwargs: object) -> str:
    return base_url.rstrip("/") + reverse(name, kwargs=kwargs)


@mail_task
def send_unmatched(
    cohort_id: int, enrollment_ids: list[int], base_url: str, only: list[int] | None = None
) -> int:
    """Tell each person a published run left without a tandem (retried on mail failures)."""
    with scopes_disabled():
        cohort = Cohort.objects.select_related("organization").filter(pk=cohort_id).first()
    if cohort is None:
        return 0
    with scope(organization=cohort.organization):
        people = {
            e.pk: e
            for e in Enrollment.objects.filter(cohort=cohort, pk__in=enrollment_ids)
            .select_related("employee__user")
            .order_by("pk")
        }
        home = _link(base_url, "people:organization_home", org_slug=cohort.organization.slug)

        def render(pk: int) -> EmailMessage | None:
            user = people[pk].employee.user
            if user is None or not user.is_active or not user.email:
                return None
            return render_localised(
                to=user,
                subject=gettext_lazy("No tandem for you in %(cohort)s this time"),
                subject_params={"cohort": cohort.name},
                template="matching/email/unmatched",
                context={"cohort": cohort, "enrollment": people[pk], "link": home},
            )

        return send_each(sorted(people), render, only)


@mail_task
def send_dissolved(tandem_id: int, base_url: str, only: list[int] | None = None) -> int:
    """Tell both partners that their tandem was dissolved for a re-match."""
    tandem = _tandem(tandem_id)
    if tandem is None:
        return 0
    with scope(organization=tandem.organization):
        home = _link(base_url, "people:organization_home", org_slug=tandem.organization.slug)
        sides = {
            side.employee.user_id: (side, other)
            for side, other in ((tandem.mentor, tandem.mentee), (tandem.mentee, tandem.mentor))
            if side.employee.user_id
        }

        def render(user_id: int) -> EmailMessage | None:
            side, other = sides[user_id]
            user = side.employee.user
            if user is None or not user.is_active or not user.email:
                return None
            return render_localised(
                to=user,
                subject=gettext_lazy("Your tandem in %(cohort)s has been dissolved"),
                subject_params={"cohort": tandem.cohort.name},
                template="matching/email/dissolved",
                context={"tandem": tandem, "me": side, "partner": other, "link": home},
            )

        return send_each(sorted(sides), render, only)


@mail_task
def send_change_requested(tandem_id: int, base_url: str, only: list[int] | None = None) -> int:
    """Tell the cohort's program team that a tandem asks for a change (not why)."""
    tandem = _tandem(tandem_id)
    if tandem is None:
        return 0
    with scope(organization=tandem.organization):
        cohort = tandem.cohort
        team: dict[int, User] = {user.pk: user for user in program_team(cohort) if user.email}
        link = _link(
            base_url,
            "matching:answers",
            org_slug=cohort.organization.slug,
            cohort_id=cohort.public_id,
        )

        def render(user_id: int) -> EmailMessage:
            return render_localised(
                to=team[user_id],
                subject=gettext_lazy("A tandem in %(cohort)s asks for a change"),
                subject_params={"cohort": cohort.name},
                template="matching/email/change_requested",
                context={"cohort": cohort, "link": link},
            )

        return send_each(sorted(team), render, only)


def _tandem(tandem_id: int) -> Tandem | None:
    with scopes_disabled():
        return (
            Tandem.objects.select_related(
                "organization",
                "cohort__organization",
                "mentor__employee__user",
                "mentee__employee__user",
            )
            .filter(pk=tandem_id)
            .first()
        )


def unmatched_enrollments(cohort: Cohort, employee_ids: Sequence[str]) -> list[int]:
    """The registrations of the people a run's result names as unmatched (one query)."""
    return list(
        Enrollment.objects.filter(cohort=cohort, employee__employee_id__in=list(employee_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
