"""The tandem's quote for the cohort's results report (partners only, everyone else 404).

Either partner writes or changes it; each agrees to its words or withdraws; either deletes it.
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.meetings.access import own_role
from tandem.people.access import organization_view
from tandem.programs.access import get_tandem_for_partner
from tandem.programs.models import Tandem
from tandem.workspace import quotes
from tandem.workspace.access import get_quote_for_partner
from tandem.workspace.forms import QuoteAgreementForm, QuoteForm


def _quote_page(
    request: AuthenticatedHttpRequest, tandem: Tandem, form: QuoteForm | None = None
) -> HttpResponse:
    role = own_role(request.user, tandem)
    quote = get_quote_for_partner(request.user, tandem)
    context = {
        "tandem": tandem,
        "side": role.value,
        "partner": tandem.partner(role),
        "quote": quote,
        "i_agree": quote is not None and quote.agreed_by(role),
        "partner_agrees": quote is not None and quote.agreed_by(role.other),
        "open": quotes.is_open(tandem),
        "form": form or QuoteForm(initial={"text": quote.text if quote else ""}),
    }
    return render(request, "workspace/quote.html", context)


def _back(organization: Organization, tandem: Tandem) -> HttpResponse:
    return redirect("workspace:quote", organization.slug, tandem.public_id)


@organization_view()
def quote(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """The quote with both partners' agreement; a POST writes or changes its words."""
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    if request.method != "POST":
        return _quote_page(request, tandem)
    form = QuoteForm(request.POST)
    if form.is_valid():
        try:
            quotes.save_quote(
                tandem=tandem,
                role=own_role(request.user, tandem),
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The quote has been saved. It goes into the report once both of you agree."),
            )
            return _back(organization, tandem)
    return _quote_page(request, tandem, form)


@require_POST
@organization_view()
def quote_agree(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Agree to the quote's present words, or withdraw one's agreement."""
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    form = QuoteAgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say whether you agree to the quote."))
        return _back(organization, tandem)
    agreed: bool = form.cleaned_data["agreed"]
    try:
        quotes.agree_to_quote(
            tandem=tandem,
            role=own_role(request.user, tandem),
            agreed=agreed,
            version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You agree to the quote.")
            if agreed
            else _("You have withdrawn your agreement; the quote is left out of the report."),
        )
    return _back(organization, tandem)


@require_POST
@organization_view()
def quote_delete(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Delete the quote, whoever wrote it: it is left out of the report from now on."""
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    if quotes.delete_quote(tandem=tandem):
        messages.success(request, _("The quote has been deleted."))
    else:
        messages.error(request, _("There is no quote to delete."))
    return _back(organization, tandem)
