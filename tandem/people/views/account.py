"""The login's e-mail address: the organisation's to change where the login belongs to a person."""

from allauth.account.views import email as allauth_email
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.people import selectors


@login_required
def email(request: AuthenticatedHttpRequest) -> HttpResponse:
    """allauth's page (a new address counts once verified), unless the login belongs to a
    person in an organisation: then the address is the one HR holds, shown but not changed."""
    employers = selectors.employers_of(request.user)
    if not employers:
        response: HttpResponse = allauth_email(request)
        return response
    status = 403 if request.method == "POST" else 200
    return render(request, "people/email_managed.html", {"employers": employers}, status=status)
