"""The user's own account pages (login, password, two-factor and sessions come from allauth)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from tandem.accounts import mfa
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


@login_required
def mfa_required(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The guided set-up of a second factor (AUTH-03): why, what is needed, then allauth's pages.

    The page that asked is remembered, and the recovery codes page leads back to it.
    """
    target = mfa.safe_next(request, request.GET.get("next"))
    if mfa.enrolled(request.user):
        return redirect(target)
    request.session[mfa.NEXT_KEY] = target
    return render(request, "accounts/mfa_required.html")


@login_required
def mfa_continue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the set-up: back to the page that asked for it."""
    return redirect(mfa.safe_next(request, request.session.pop(mfa.NEXT_KEY, None)))


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: Django's, and for a signed-in user also their saved
    preference (which wins over the browser on every later page and in their mail)."""
    response: HttpResponse = django_set_language(request)
    chosen = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and chosen in dict(settings.LANGUAGES):
        user.language = chosen
        user.save(update_fields=["language"])
    return response
