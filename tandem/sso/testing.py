"""An administrator's test sign-in: the provider answered, and whom it would find."""

from collections.abc import Mapping

from allauth.socialaccount.models import SocialLogin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.core.access import roles_of
from tandem.core.models import MembershipRole
from tandem.sso import services
from tandem.sso.linking import Refused, first_person, linking_value
from tandem.sso.models import IdentityProvider


def report(
    request: HttpRequest,
    provider: IdentityProvider,
    sociallogin: SocialLogin,
    claims: Mapping[str, object],
) -> HttpResponse:
    """What the test sign-in showed; nobody is signed in or linked by it.

    Reaching this means the provider's answer passed every check (signature,
    issuer, audience, nonce or assertion conditions), so the provider counts as
    tested; whom the claims find is shown so the administration can correct the
    claim before switching the sign-in on.
    """
    organization = provider.organization
    if MembershipRole.ADMIN not in roles_of(request.user, organization):
        raise PermissionDenied
    services.mark_tested(provider)
    person, refusal = None, None
    try:
        person = first_person(provider, claims)
    except Refused as refused:
        refusal = refused.message
    return render(
        request,
        "sso/test_result.html",
        {
            "organization": organization,
            "provider": provider,
            "subject": sociallogin.account.uid,
            "claim_names": sorted(str(name) for name in claims),
            "chosen_value": linking_value(provider, claims),
            "person": person,
            "refusal": refusal,
            "already_linked": sociallogin.is_existing,
        },
    )
