"""Re-authentication before sensitive actions (AUTH-07)."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast, overload
from urllib.parse import urlencode, urlsplit

from allauth.account.decorators import reauthentication_required as allauth_reauthentication
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

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
    comes back to the page it was made from. Put this below the access
    decorator, so strangers get their 404 before any prompt.
    """

    def decorator(func: View) -> View:
        guarded = allauth_reauthentication(func, allow_get=allow_get)

        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return cast(HttpResponse, guarded(request, *args, **kwargs))
            except ReauthenticationRequired:
                if not getattr(request, "htmx", False):
                    raise
                current = urlsplit(request.headers.get("HX-Current-URL", ""))
                back = current.path + (f"?{current.query}" if current.query else "")
                return redirect_page(
                    request,
                    reverse("account_reauthenticate")
                    + "?"
                    + urlencode({REDIRECT_FIELD_NAME: back or request.path}),
                )

        return wrapper

    return decorator(view) if view is not None else decorator
