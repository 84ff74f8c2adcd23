"""The start pages: which organisations a login belongs to, and one organisation's overview."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core import startpage
from tandem.core.models import Organization
from tandem.people.access import organization_view, organizations_for_user
from tandem.people.models import Employee


@login_required
def home(request: HttpRequest) -> HttpResponse:
    organizations = organizations_for_user(request.user)
    if len(organizations) == 1:
        return redirect("people:organization_home", org_slug=organizations[0].slug)
    return render(request, "people/home.html", {"organizations": organizations})


@organization_view()
def organization_home(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    employee = Employee.objects.filter(organization=organization, user=request.user).first()
    context = {"employee": employee, "start_cards": startpage.cards()}
    return render(request, "people/organization_home.html", context)
