"""Re-authentication before sensitive actions (AUTH-07)."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast, overload
from urllib.parse import urlencode, urlsplit

from allauth.account.decorators import reauthentication_required as allauth_reauthentication
from allauth.account.internal.flows.reauthentication import get_reauthentication_flows
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from tandem.accounts.mfa import SSO_CONFIRMED_KEY
from tandem.core.links import redirect_page

View = Callable[..., HttpResponse]


@overload
def reauthentication_required(view: View) -> View: ...


@overload
def reauthentication_required(*, allow_get: bool = False) -> Callable[[View], View]: ...


def reauthentication_required(
    view: View | None = None, *, allow_get: bool = False
) -> View | Callable[[View], View]:
    """The password (or a second factor) again, unless given in the last few minutes.

    allauth asks on its re-authentication page and then carries out the
    suspended request, a POST with its data. Signing in does not count: only
    an explicit confirmation within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` does.
    An htmx request is sent to that page as a whole (``HX-Redirect``) and
    comes back to the page it was made from. A login that signs in only through its
    organisation's identity provider confirms there (``sso:reauthenticate``, which asks the
    provider for a fresh sign-in), then comes back to the page. Put this below the access
    decorator, so strangers get their 404 before any prompt.
    """

    def decorator(func: View) -> View:
        guarded = allauth_reauthentication(func, allow_get=allow_get)

        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if _needs_company_confirmation(request, allow_get=allow_get):
                return _confirm_at(request, "sso:reauthenticate")
            try:
                return cast(HttpResponse, guarded(request, *args, **kwargs))
            except ReauthenticationRequired:
                if not getattr(request, "htmx", False):
                    raise
                return _confirm_at(request, "account_reauthenticate")

        return wrapper

    return decorator(view) if view is not None else decorator


def _needs_company_confirmation(request: HttpRequest, *, allow_get: bool) -> bool:
    """A login with neither password nor authenticator signs in only through its company:
    allauth has no way to ask it again and lets it pass, so it confirms at its provider."""
    user = request.user
    if not user.is_authenticated or (allow_get and request.method == "GET"):
        return False
    if get_reauthentication_flows(user):
        return False
    confirmed = request.session.get(SSO_CONFIRMED_KEY)
    return not (
        isinstance(confirmed, (int, float))
        and time.time() - confirmed < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    )


def _confirm_at(request: HttpRequest, viewname: str) -> HttpResponse:
    """To the confirmation page, coming back to the page the request was made from."""
    if getattr(request, "htmx", False):
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = current.path + (f"?{current.query}" if current.query else "")
    elif request.method == "GET":
        back = request.get_full_path()
    else:
        referer = urlsplit(request.headers.get("Referer", ""))
        back = referer.path + (f"?{referer.query}" if referer.query else "")
    return redirect_page(
        request,
        reverse(viewname) + "?" + urlencode({REDIRECT_FIELD_NAME: back or request.path}),
    )
