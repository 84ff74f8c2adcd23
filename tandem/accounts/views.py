"""The user's own account page (login, password and MFA pages come from allauth)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from tandem.accounts.forms import PreferencesForm
from tandem.accounts.models import AuthenticatedHttpRequest


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your preferences have been saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
