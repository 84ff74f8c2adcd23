"""Absolute links for mail, calendars and pages, all from the configured ``TANDEM_BASE_URL``.

A link never comes from the request: the worker and the scheduler have none, and a request's
Host header is the client's to choose (healthchecks' ``SITE_ROOT`` and ``absolute_reverse``).
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


def absolute_url(path: str) -> str:
    """The site's address followed by ``path`` (which starts with a slash)."""
    return settings.TANDEM_BASE_URL.rstrip("/") + path


def absolute_reverse(viewname: str, *args: Any, **kwargs: Any) -> str:
    """``reverse(viewname, args=…, kwargs=…)`` as an absolute link."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))


def redirect_page(request: HttpRequest, url: str) -> HttpResponse:
    """Send the browser to ``url``; for an htmx request the whole page moves (``HX-Redirect``)."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
