"""A real OpenID Connect provider (oidc-provider, peers/oidc) and a browser-less sign-in through it.

The Django test client plays the browser at Tandem's end and ``requests`` plays it at the
provider's end: the redirects between them carry state, nonce and PKCE exactly as in a
browser; Tandem's server fetches discovery, keys and tokens from the provider over loopback.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialApp
from django.test import Client
from django.urls import reverse

from tandem.core.models import Organization
from tandem.core.tests.peers import running_peer
from tandem.sso.models import IdentityProvider, LinkBy, Protocol
from tandem.sso.services import provider_id_for

# Who can sign in at the provider (the subject, then the claims it releases).
ACCOUNTS: dict[str, dict[str, Any]] = {
    "sub-lena": {
        "employee_id": "E0200",
        "email": "lena.leitung@nordwind.example",
        "email_verified": True,
        "given_name": "Lena",
        "family_name": "Leitung",
    },
    "sub-martin": {
        "employee_id": "E0100",
        "email": "mentee@nordwind.example",
        "email_verified": True,
    },
    "sub-mia": {"employee_id": "E0300", "email": "mentor@nordwind.example", "email_verified": True},
    "sub-carla": {
        "employee_id": "E0001",
        "email": "carla@nordwind.example",
        "email_verified": False,
    },
    "sub-nobody": {
        "employee_id": "E9999",
        "email": "nobody@nordwind.example",
        "email_verified": True,
    },
    "sub-sina": {
        "employee_id": "E0400",
        "email": "sina.sommer@nordwind.example",
        "email_verified": True,
    },
    "sub-sued": {
        "employee_id": "S0003",
        "email": "s0003@suedstern.example",
        "email_verified": True,
    },
}


@dataclass
class Peer:
    url: str

    def register(self, redirect_uri: str) -> dict[str, Any]:
        """A client at the provider, by dynamic registration (RFC 7591)."""
        response = requests.post(
            f"{self.url}/reg", json={"redirect_uris": [redirect_uri]}, timeout=10
        )
        response.raise_for_status()
        client: dict[str, Any] = response.json()
        return client

    def tamper_next_id_token(self, **overrides: Any) -> None:
        """The next ID token the provider issues carries these claims instead (see server.mjs)."""
        requests.post(
            f"{self.url}/test/next-id-token", json=overrides, timeout=10
        ).raise_for_status()


@pytest.fixture(scope="session")
def oidc_peer() -> Iterator[Peer]:
    """The provider, started once per test process (each test registers its own client)."""
    with running_peer("oidc", "server.mjs", env={"OIDC_ACCOUNTS": json.dumps(ACCOUNTS)}) as ready:
        yield Peer(str(ready["url"]))


def callback_url(organization: Organization, host: str = "http://testserver") -> str:
    path = reverse("openid_connect_callback", kwargs={"provider_id": provider_id_for(organization)})
    return host + path


def configure(
    peer: Peer,
    organization: Organization,
    *,
    enabled: bool = True,
    link_by: str = LinkBy.EMPLOYEE_ID,
    domains: list[str] | None = None,
    host: str = "http://testserver",
) -> IdentityProvider:
    """The organisation signs in through ``peer`` (registered there as a new client)."""
    registered = peer.register(callback_url(organization, host))
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=provider_id_for(organization),
        name="Peer IdP",
        client_id=registered["client_id"],
        secret=registered["client_secret"],
        settings={"server_url": peer.url, "oauth_pkce_enabled": True},
    )
    return IdentityProvider.objects.create(
        organization=organization,
        protocol=Protocol.OIDC,
        app=app,
        link_by=link_by,
        claim="employee_id",
        domains=domains or [],
        enabled=enabled,
    )


def begin(client: Client, organization: Organization, next_url: str = "") -> str:
    """Press "Sign in with …" at Tandem; returns where Tandem sends the browser (the provider)."""
    login = reverse("openid_connect_login", kwargs={"provider_id": provider_id_for(organization)})
    response = client.post(login, {"process": "login", "next": next_url})
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def at_provider(authorize_url: str, login: str) -> str:
    """Sign in at the provider as ``login``; returns the redirect back to Tandem (with the code)."""
    browser = requests.Session()
    url = authorize_url
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "<form" in response.text:
            response = browser.post(url, data={"login": login}, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), response.text[:500]
        url = urljoin(url, response.headers["Location"])
        if not url.startswith(authorize_url.split("/auth", maxsplit=1)[0]):
            return url
    raise AssertionError("the provider never sent the browser back")


def sign_in(client: Client, organization: Organization, login: str, next_url: str = "") -> Any:
    """The whole sign-in: Tandem → provider → Tandem's callback; returns the callback's response."""
    back = at_provider(begin(client, organization, next_url), login)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")
