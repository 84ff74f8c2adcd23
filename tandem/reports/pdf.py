"""HTML to an accessible PDF (PDF/UA-1) that loads nothing but data: URIs and our static files.

The HTML of a report or certificate carries names and text people typed, so a
resource it points to must never be fetched from the network or the disk at
large (IO-09: no SSRF, no ``file:///etc/passwd`` in a PDF). WeasyPrint asks its
URL fetcher for every image, stylesheet, ``@import`` and font; this one answers
``data:`` URIs, and URLs under ``STATIC_URL`` from the app's own static files,
and refuses the rest before any connection is opened.
"""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL in the reserved .invalid domain: relative and root-relative
# references ("/static/…") resolve against it, and nothing under it can be reached.
BASE_URL = "https://tandem.invalid/"


class RefusedURL(ValueError):
    """A resource the document may not load (WeasyPrint logs it and renders without it)."""


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serve ``data:`` URIs and our static files; refuse every other URL without fetching it."""

    def __init__(self) -> None:
        # No redirects and only data: for the parent's opener, as a second fence:
        # every other URL is answered (or refused) in ``fetch`` before it gets there.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self._static_prefix = urljoin(BASE_URL, settings.STATIC_URL)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(self._static_prefix):
            return self._static(url)
        raise RefusedURL(f"Refused to fetch {url[:200]!r} for a PDF")

    def _static(self, url: str) -> URLFetcherResponse:
        relative = unquote(urlsplit(url[len(self._static_prefix) :]).path)
        path = static_file(relative)
        if path is None:
            raise RefusedURL(f"No static file {relative[:200]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


def static_file(relative: str) -> Path | None:
    """The file a static path names, from the finders or STATIC_ROOT; None for ``..`` or outside."""
    parts = relative.split("/")
    if not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative:
        return None
    if any(part in ("", ".", "..") for part in parts):
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    root = getattr(settings, "STATIC_ROOT", None)
    if not root:
        return None
    base = Path(root).resolve()
    candidate = (base / relative).resolve()
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document of ``html`` (give it ``<html lang>`` and a ``<title>``)."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
