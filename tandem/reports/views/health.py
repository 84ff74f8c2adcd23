"""Program health of a cohort and ending a tandem early: pages of the program team.

They show that meetings happen and how they are rated on average over at least
five people, and who is in a tandem at risk, never what a tandem wrote.
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.matching import lifecycle
from tandem.people.access import organization_view
from tandem.programs.access import PROGRAM_ROLES, get_cohort
from tandem.programs.models import EndReason
from tandem.reports import health, health_rules
from tandem.reports.access import get_tandem_for_program_team
from tandem.reports.forms import EndTandemForm


@organization_view(*PROGRAM_ROLES)
def cohort_health(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    report = health.cohort_health(cohort)
    context = {
        "cohort": cohort,
        "health": report,
        "feedback_rows": [
            (_("Rated by mentors"), report.feedback.mentors),
            (_("Rated by mentees"), report.feedback.mentees),
            (_("All ratings"), report.feedback.overall),
        ],
        "quiet_weeks": health_rules.QUIET_PERIODS * cohort.meeting_interval_weeks,
        "can_rematch": report.mentees_without_tandem > 0 and cohort.is_published,
    }
    return render(request, "reports/cohort_health.html", context)


ENDED = gettext_lazy(
    "The tandem has ended. Both partners have been told; their meetings are cancelled."
)


def _end_form(request: AuthenticatedHttpRequest) -> EndTandemForm:
    if request.method == "POST":
        return EndTandemForm(request.POST)
    # The "re-match" action of a tandem that does not fit arrives with its reason chosen.
    preset = request.GET.get("reason")
    return EndTandemForm(initial={"reason": preset} if preset in EndReason.values else {})


@organization_view(*PROGRAM_ROLES)
def tandem_end(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Confirm and end a tandem early; once it has ended, the page only says so."""
    tandem = get_tandem_for_program_team(organization, public_id)
    health_page = redirect("reports:health", organization.slug, tandem.cohort.public_id)
    if not tandem.active:
        messages.info(request, _("This tandem has already ended."))
        return health_page
    form = _end_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.end_tandem_early(tandem=tandem, actor=request.user, **form.cleaned_data)
        except ValidationError as error:  # ended meanwhile (a second click, a colleague)
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, ENDED)
        return health_page
    return render(request, "reports/tandem_end.html", {"tandem": tandem, "form": form})
