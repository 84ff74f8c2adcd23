"""Logging in through the real forms in tests: password, then the second factor when asked."""

from django.test import Client
from django.urls import reverse

from tandem.people.tests.factories import PASSWORD, totp_code


def login(client: Client, email: str, password: str = PASSWORD):
    """allauth's login form; a login with an authenticator then enters the app's current code."""
    response = client.post(
        reverse("account_login"), {"login": email, "password": password}, secure=True
    )
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code()}, secure=True)
    return response


def reauthenticate(client: Client, password: str = PASSWORD) -> None:
    """Confirm the password again (allauth's re-authentication), as before a sensitive action."""
    response = client.post(reverse("account_reauthenticate"), {"password": password}, secure=True)
    assert response.status_code == 302, response.content[:500]
