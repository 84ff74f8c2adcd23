"""The reports app's pages: ``results`` (dashboard, report) and ``documents`` (certificates,
exports)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """``content`` as a file to save (a report, a certificate, an export), not to show.

    ``filename`` keeps its umlauts (slugify with ``allow_unicode``): the header carries an
    ASCII fallback and the UTF-8 name (RFC 6266 ``filename*``, IO-08).
    """
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": disposition}
    )
