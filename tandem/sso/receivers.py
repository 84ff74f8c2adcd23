"""A session that began with an organisation's identity provider remembers which one."""

from typing import Any

from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from tandem.accounts.mfa import SSO_ORGANIZATION_KEY
from tandem.sso.adapter import provider_of


@receiver(user_logged_in)
def remember_company_sign_in(request: HttpRequest, **kwargs: Any) -> None:
    sociallogin = kwargs.get("sociallogin")
    provider = provider_of(sociallogin) if sociallogin is not None else None
    if provider is not None:
        request.session[SSO_ORGANIZATION_KEY] = provider.organization_id
    else:
        request.session.pop(SSO_ORGANIZATION_KEY, None)
