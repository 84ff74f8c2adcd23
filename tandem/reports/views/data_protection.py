"""The data inventory as documents: the works agreement's annex and the Art. 30 record (PRIV-09).

Both are rendered from ``core.inventory``, the declarations next to each model, in German or
English (``?lang=``); nothing here is a hand-kept copy. Administrators and observers (works
councils often are) read them; the program team's own pages say what they show.
"""

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core import inventory
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.reports.access import DATA_PROTECTION_ROLES
from tandem.reports.views import PDF, download


def _language(request: AuthenticatedHttpRequest) -> str:
    """``?lang=`` if it names one of our languages, else the reader's own."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    return language


def _context(organization: Organization, language: str) -> dict[str, Any]:
    categories = inventory.by_category()
    return {
        "organization": organization,
        "language": language,
        "languages": settings.LANGUAGES,
        "categories": categories,
        "never_per_person": inventory.never_per_person(),
        "retention_rules": inventory.retention_rules_in_use(),
        "recipients": [
            r for r in inventory.Recipient if any(r in c.recipients for c in categories)
        ],
        "bases": [b for b in inventory.LegalBasis if any(b in c.bases for c in categories)],
        "purposes": [p for p in inventory.Purpose if any(p in c.purposes for c in categories)],
        "today": timezone.localdate(),
    }


@organization_view(*DATA_PROTECTION_ROLES)
def data_inventory(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    language = _language(request)
    return render(request, "reports/data_inventory.html", _context(organization, language))


@organization_view(*DATA_PROTECTION_ROLES)
def data_inventory_pdf(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    """The annex and the record in ``?lang=`` as an accessible PDF to attach to the agreement."""
    language = _language(request)
    # WeasyPrint takes about a second to import (it parses its stylesheets): only on use.
    from tandem.reports.pdf import html_to_pdf  # noqa: PLC0415 (WeasyPrint: a second to import)

    with translation.override(language):
        html = render_to_string("reports/data_inventory_pdf.html", _context(organization, language))
        pdf = html_to_pdf(html)
    return download(pdf, PDF, f"{organization.slug}-data-protection-{language}.pdf")
