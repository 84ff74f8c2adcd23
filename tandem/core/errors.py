"""Generic error pages: they reveal nothing about the request or the system (SEC-08)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:  # noqa: ARG001
    return render(request, "core/error.html", {"status": 404}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:  # noqa: ARG001
    return render(request, "core/error.html", {"status": 403}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:  # noqa: ARG001 (Django's handler500)
    # Rendered without the request context: nothing that failed may run again here.
    return render(None, "core/error.html", {"status": 500}, status=500)
