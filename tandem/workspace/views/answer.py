"""A published tandem's own page: who the partner is, why they were paired, and the answer."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.matching import adapters, lifecycle
from tandem.meetings.access import own_role
from tandem.people.access import organization_view
from tandem.programs.access import get_tandem_for_partner
from tandem.workspace.forms import AnswerForm


def _tandem_page(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID, form: AnswerForm
) -> HttpResponse:
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    side = own_role(request.user, tandem)
    context = {
        "tandem": tandem,
        "side": side.value,
        "partner": tandem.partner(side),
        "my_answer": getattr(tandem, f"{side.value}_answer"),
        "topics": adapters.topic_catalogue(tandem.cohort),
        "form": form,
    }
    return render(request, "workspace/tandem_detail.html", context)


@organization_view()
def tandem_detail(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """A tandem, for its two partners only: everyone else, the program team too, gets 404."""
    return _tandem_page(request, organization, public_id, AnswerForm())


@require_POST
@organization_view()
def tandem_answer(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    tandem = get_tandem_for_partner(request.user, organization, public_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.answer_tandem(
                tandem=tandem,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you, your answer has been saved."))
            return redirect("workspace:tandem_detail", organization.slug, tandem.public_id)
    return _tandem_page(request, organization, public_id, form)
