"""The SAML identity provider of peers/saml as the tests see it: its admin's and user's side."""

import json
import re
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from typing import Any

from tandem.core.tests.peers import running_peer

# The XML namespaces of SAML 2.0 and XML signatures, for reading what the IdP and Tandem send.
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"


@dataclass
class Idp:
    """The peer's control surface: what an IdP admin and the IdP's user would do."""

    url: str
    entity_id: str

    def _call(self, path: str, data: bytes | None = None, content_type: str = "") -> bytes:
        request = urllib.request.Request(self.url + path, data=data)  # noqa: S310 (loopback)
        if content_type:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body: bytes = response.read()
            return body

    def metadata(self) -> bytes:
        return self._call("/metadata")

    def trust(self, sp_metadata: bytes) -> str:
        """Give the IdP Tandem's SP metadata; returns the entity id it read."""
        answer: dict[str, str] = json.loads(self._call("/sp", sp_metadata, "application/xml"))
        return answer["entity_id"]

    def shape_next(self, **shape: Any) -> None:
        self._call("/next", json.dumps(shape).encode(), "application/json")

    def last_request(self) -> dict[str, Any]:
        """What the last AuthnRequest asked for: its id and whether it forced a new sign-in."""
        answer: dict[str, Any] = json.loads(self._call("/last-request"))
        return answer

    def form(self, url: str) -> tuple[str, dict[str, str]]:
        """The auto-posting form the IdP answers ``url`` with: its action and fields."""
        assert url.startswith(self.url), url
        html = self._call(url.removeprefix(self.url)).decode()
        action = re.search(r'<form method="post" action="([^"]+)"', html)
        assert action is not None, html
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
        return unescape(action.group(1)), {k: unescape(v) for k, v in fields.items()}


@contextmanager
def running_idp() -> Iterator[Idp]:
    """The IdP for a test module (a module-scoped fixture holds it)."""
    with running_peer("saml", "idp.mjs") as ready:
        yield Idp(url=ready["url"], entity_id=ready["entity_id"])
