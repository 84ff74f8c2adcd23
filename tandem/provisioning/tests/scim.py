"""Talking SCIM to the endpoint in tests, as a directory does: JSON bodies and a bearer token."""

import json
from typing import Any

from django.http import HttpResponse as Response
from django.test import Client

from tandem.core.models import Organization
from tandem.people.tests.factories import UserFactory
from tandem.provisioning import tokens

BASE = "/scim/v2"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MEDIA_TYPE = "application/scim+json"


def issue(organization: Organization) -> str:
    """A token for ``organization``, issued by one of its administrators."""
    return tokens.issue_token(organization=organization, actor=UserFactory())


class Directory:
    """A directory holding ``token``: every request carries it, as Entra ID and Okta do."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.token = token

    def request(self, method: str, path: str, body: Any = None, **extra: Any) -> Response:
        data = body if isinstance(body, str | bytes) else json.dumps(body) if body else ""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.client.generic(
            method,
            f"{BASE}{path}",
            data,
            content_type=MEDIA_TYPE,
            headers=headers,
            secure=True,
            **extra,
        )

    def get(self, path: str, **query: str) -> Response:
        return self.client.get(
            f"{BASE}{path}",
            query,
            headers={"Authorization": f"Bearer {self.token}"},
            secure=True,
        )

    def post(self, path: str, body: Any) -> Response:
        return self.request("POST", path, body)

    def put(self, path: str, body: Any) -> Response:
        return self.request("PUT", path, body)

    def patch(self, path: str, *operations: dict[str, Any]) -> Response:
        return self.request("PATCH", path, {"schemas": [PATCH_OP], "Operations": list(operations)})

    def delete(self, path: str) -> Response:
        return self.request("DELETE", path)


def user(user_name: str, **fields: Any) -> dict[str, Any]:
    """A SCIM User as Entra ID sends one, with the enterprise extension when given."""
    enterprise = fields.pop("enterprise", None)
    body: dict[str, Any] = {"schemas": [USER_SCHEMA], "userName": user_name, **fields}
    if enterprise is not None:
        body["schemas"].append(ENTERPRISE)
        body[ENTERPRISE] = enterprise
    return body
