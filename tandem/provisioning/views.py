"""The SCIM endpoint the organisation's directory talks to, and the token's settings page."""

import json

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_scopes import scope
from scim2_models import PayloadTooLargeException, SCIMException, UnauthorizedException
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse
from scim2_server.service import ScimService

from tandem.accounts.decorators import reauthentication_required
from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.links import absolute_url
from tandem.core.models import MembershipRole, Organization
from tandem.people.access import organization_view
from tandem.provisioning import tokens
from tandem.provisioning.models import ScimToken
from tandem.provisioning.schema import PROVIDER
from tandem.provisioning.storage import EmployeeStorage

SERVICE = ScimService(PROVIDER)


def scim_base_url() -> str:
    """The SCIM base URL a directory is configured with (``…/scim/v2``)."""
    return absolute_url(reverse("scim:endpoint", kwargs={"path": ""})).rstrip("/")


@csrf_exempt
def endpoint(request: HttpRequest, path: str) -> HttpResponse:
    """Every SCIM request: the bearer token names the organisation, and nothing else does.

    The discovery endpoints too ask for the token: only the organisation's directory calls.
    """
    try:
        scim_request = _read(request, path)
        organization = _authenticate(scim_request)
        with scope(organization=organization), transaction.atomic():
            handler = ScimHandler(SERVICE, EmployeeStorage(organization))
            response = handler.handle(scim_request)
    except SCIMException as error:
        response = SERVICE.error_response(error)
    return _response(response)


def _read(request: HttpRequest, path: str) -> ScimRequest:
    try:
        body = request.body
    except RequestDataTooBig:
        raise PayloadTooLargeException(detail="The request body is too large") from None
    return ScimRequest(
        method=request.method or "GET",
        base_url=scim_base_url(),
        path=f"/{path}",
        query=request.GET.dict(),
        headers=dict(request.headers),
        body=body,
    )


def _authenticate(scim_request: ScimRequest) -> Organization:
    scheme, _space, token = (scim_request.header("Authorization") or "").partition(" ")
    organization = (
        tokens.organization_for_token(token.strip()) if scheme.lower() == "bearer" else None
    )
    if organization is None:
        raise UnauthorizedException(detail="A valid bearer token is required")
    return organization


def _response(scim_response: ScimResponse) -> HttpResponse:
    body = b"" if scim_response.body is None else json.dumps(scim_response.body).encode()
    response = HttpResponse(body, status=scim_response.status.value)
    for name, value in scim_response.headers.items():
        response[name] = value
    # The answers name people: no cache along the way keeps them (SEC-04).
    response["Cache-Control"] = "no-store"
    return response


@organization_view(MembershipRole.ADMIN)
@reauthentication_required(allow_get=True)
def provisioning_settings(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    """Issue, rotate or revoke the directory's token; a new token is shown on this answer only."""
    token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if tokens.revoke_token(organization=organization, actor=request.user):
                messages.success(
                    request, _("The token has been revoked; provisioning has stopped.")
                )
            return redirect("provisioning:settings", org_slug=organization.slug)
        token = tokens.issue_token(organization=organization, actor=request.user)
    context = {
        "stored": ScimToken.objects.filter(organization=organization).first(),
        "token": token,
        "base_url": scim_base_url(),
    }
    return render(request, "provisioning/settings.html", context)
