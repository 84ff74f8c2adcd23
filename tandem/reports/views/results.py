"""A cohort's results: the dashboard and the report to publish as a PDF, for the team and observers.

Both show counts of the cohort's records and aggregates the anonymity rules
let through (``reports.selectors``); nothing about one person.
"""

from uuid import UUID

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core import audit
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs.access import RESULT_ROLES, get_cohort, in_program_team
from tandem.reports import selectors
from tandem.reports.figures import figures
from tandem.reports.views import PDF, download


@organization_view(*RESULT_ROLES)
def cohort_results(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    results = selectors.cohort_results(cohort)
    context = {
        "cohort": cohort,
        "results": results,
        "figures": figures(results),
        "languages": settings.LANGUAGES,
        "is_team": in_program_team(request),
    }
    return render(request, "reports/cohort_results.html", context)


@organization_view(*RESULT_ROLES)
def report_pdf(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """The report in ``?lang=`` (German or English; else the reader's language), as a download."""
    cohort = get_cohort(organization, public_id)
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    audit.record(
        organization=organization,
        actor=request.user,
        action="reports.downloaded",
        obj=cohort,
        changes={"file": [None, f"report-{language}"]},
    )
    # WeasyPrint takes about a second to import (it parses its stylesheets): only on use.
    from tandem.reports.pdf import html_to_pdf  # noqa: PLC0415 (WeasyPrint: a second to import)

    with translation.override(language):
        results = selectors.cohort_results(cohort)
        context = {
            "cohort": cohort,
            "organization": organization,
            "results": results,
            "figures": figures(results),
            "language": language,
            "today": timezone.localdate(),
        }
        pdf = html_to_pdf(render_to_string("reports/report_pdf.html", context))
    return download(
        pdf, PDF, f"{slugify(cohort.name, allow_unicode=True) or 'cohort'}-{language}.pdf"
    )
