"""Documents to download: mentors' certificates (PDF) and a cohort's results as CSV or XLSX.

Certificates go to the program team (one or all of a cohort's) and to each
mentor (their own). The exports hold the same aggregates as the dashboard,
for the program team and observers.
"""

from dataclasses import replace
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.accounts.decorators import reauthentication_required
from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core import audit
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs.access import PROGRAM_ROLES, RESULT_ROLES, get_cohort, in_program_team
from tandem.programs.models import Cohort
from tandem.reports import exports, selectors
from tandem.reports.access import get_mentor_for_certificate
from tandem.reports.certificates import Certificate, certificate_mentors, certificates_pdf
from tandem.reports.views import PDF, download

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _certificate(
    request: AuthenticatedHttpRequest, cohort: Cohort, certificate: Certificate
) -> HttpResponse:
    """The certificate in its mentor's language, or in the one asked for (``?lang=de|en``)."""
    _audit_download(request, cohort, "certificate", mentor=str(certificate.mentor.public_id))
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        certificate = replace(certificate, chosen_language=asked)
    pdf = certificates_pdf(cohort=cohort, certificates=[certificate], language=certificate.language)
    # Outside the f-string: makemessages does not look inside one.
    prefix = slugify(_("certificate"), allow_unicode=True)
    return download(pdf, PDF, f"{prefix}-{slugify(certificate.name, allow_unicode=True)}.pdf")


def _audit_download(
    request: AuthenticatedHttpRequest, cohort: Cohort, kind: str, **details: object
) -> None:
    """AZ-06: every download of certificates and exports names who took what, and when."""
    audit.record(
        organization=cohort.organization,
        actor=request.user,
        action="reports.downloaded",
        obj=cohort,
        changes={"file": [None, kind], **{key: [None, value] for key, value in details.items()}},
    )


# --- certificates ---------------------------------------------------------------------------


@organization_view()
def own_certificate(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """A mentor's certificate, for the mentor (and the program team); else, or not yet, 404."""
    team = in_program_team(request)
    mentor = get_mentor_for_certificate(request.user, organization, public_id, team=team)
    found = certificate_mentors(mentor.cohort, mentor=mentor)
    if not found:
        raise Http404
    return _certificate(request, mentor.cohort, found[0])


@organization_view(*PROGRAM_ROLES)
@reauthentication_required  # someone else's personal data leaves the app (AUTH-07)
def certificate(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID, mentor_id: UUID
) -> HttpResponse:
    """One mentor's certificate from the cohort's page, in the mentor's language."""
    cohort = get_cohort(organization, public_id)
    mentor = get_mentor_for_certificate(request.user, organization, mentor_id, team=True)
    found = certificate_mentors(cohort, mentor=mentor) if mentor.cohort_id == cohort.pk else []
    if not found:
        raise Http404
    return _certificate(request, cohort, found[0])


@organization_view(*PROGRAM_ROLES)
@reauthentication_required  # every mentor's personal data leaves the app (AUTH-07)
def certificates(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Every certificate of the cohort in one PDF, a page each, each in its mentor's language."""
    cohort = get_cohort(organization, public_id)
    found = certificate_mentors(cohort)
    if not found:
        messages.info(
            request,
            _(
                "There are no certificates yet: mentors of tandems that were not ended early get "
                "one once the cohort is closed or its wrap-up has passed."
            ),
        )
        return redirect("programs:cohort_detail", organization.slug, cohort.public_id)
    language = translation.get_language() or settings.LANGUAGE_CODE
    _audit_download(request, cohort, "certificates", count=len(found))
    pdf = certificates_pdf(cohort=cohort, certificates=found, language=language)
    prefix = slugify(_("certificates"), allow_unicode=True)
    return download(pdf, PDF, f"{prefix}-{slugify(cohort.name, allow_unicode=True)}.pdf")


# --- exports --------------------------------------------------------------------------------


def _export_name(cohort: Cohort, extension: str) -> str:
    prefix = slugify(_("results"), allow_unicode=True)
    return f"{prefix}-{slugify(cohort.name, allow_unicode=True)}.{extension}"


@organization_view(*RESULT_ROLES)
def results_csv(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    _audit_download(request, cohort, "csv")
    table = exports.rows(selectors.cohort_results(cohort))
    language = translation.get_language() or settings.LANGUAGE_CODE
    return download(exports.to_csv(table, language=language), CSV, _export_name(cohort, "csv"))


@organization_view(*RESULT_ROLES)
def results_xlsx(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    _audit_download(request, cohort, "xlsx")
    table = exports.rows(selectors.cohort_results(cohort))
    return download(exports.to_xlsx(table), XLSX, _export_name(cohort, "xlsx"))
