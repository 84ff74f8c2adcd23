"""SEC-08: errors fail safely — generic pages, no traceback, paths or settings."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config import urls as project_urls


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: /srv/tandem/config/settings.py SECRET_KEY")


urlpatterns = [path("explode/", explode), *project_urls.urlpatterns]
handler500 = project_urls.handler500
handler404 = project_urls.handler404


@pytest.mark.django_db
@pytest.mark.urls("tandem.core.tests.test_errors")
def test_server_error_page_reveals_nothing(settings) -> None:
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/explode/", secure=True)
    assert response.status_code == 500
    body = response.content.decode()
    for leak in ("Traceback", "secret internals", "settings.py", "SECRET_KEY", "/srv/"):
        assert leak not in body
    assert "Fehler" in body


@pytest.mark.django_db
def test_not_found_page_is_generic() -> None:
    response = Client().get("/no/such/page/", secure=True)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "urlpatterns" not in response.content.decode()


@pytest.mark.django_db
def test_health_check_for_anonymous_is_minimal() -> None:
    response = Client().get("/-/health/", secure=True)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
