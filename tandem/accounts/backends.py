"""Signing in by address: only by the login's own, verified address (AUTH-09)."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class AuthenticationBackend(AllauthBackend):  # type: ignore[misc]
    """allauth's backend, except that an address added but not yet verified signs nobody in.

    allauth also tries a login's unverified addresses. Here an address counts
    only once its owner followed the link mailed to it, and then it is the
    login's address (one per login, ``ACCOUNT_CHANGE_EMAIL``).
    """

    def authenticate(
        self, request: HttpRequest | None, **credentials: Any
    ) -> AbstractBaseUser | None:
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        typed = str(credentials.get("email") or credentials.get("username") or "")
        if user is None or not typed:
            return user
        return user if getattr(user, "email", "").casefold() == typed.casefold() else None
