"""allauth adapters: logins come from the organisation, and a required second factor stays."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from tandem.accounts import mfa


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:  # noqa: ARG002 (allauth's hook)
        # Logins are made only by following an organisation's invitation (AUTH-09).
        return False


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Someone whose organisation requires a second factor cannot switch it off (AUTH-03).
        return not mfa.required_for(authenticator.user)
