"""html_to_pdf: a tagged PDF/UA document that loads only data: URIs and our static files (IO-09)."""

import base64
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from tandem.reports.pdf import RefusedURL, StaticOnlyFetcher, html_to_pdf, static_file

# A 1×1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = PNG if self.path.endswith(".png") else b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "image/png" if self.path.endswith(".png") else "text/css")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_Recorder,), {"hits": hits})
    httpd = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], hits
    httpd.shutdown()
    httpd.server_close()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _page(body: str, head: str = "", lang: str = "de") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Test</title>{head}</head><body>{body}</body></html>"
    )


def _hostile(port: int) -> str:
    origin = f"http://127.0.0.1:{port}"
    head = (
        f'<link rel="stylesheet" href="{origin}/a.css">'
        f'<link rel="stylesheet" href="file:///etc/passwd">'
        f"<style>@import url('{origin}/imported.css');"
        f"@import 'file:///etc/passwd';"
        f"body {{ background: url('{origin}/background.png') }}"
        f"@font-face {{ font-family: X; src: url('{origin}/font.woff') }}"
        f"h1 {{ background-image: url('file:///etc/passwd') }}</style>"
    )
    body = (
        f'<h1>Hallo</h1><img src="{origin}/x.png" alt="x">'
        f'<img src="https://127.0.0.1:{port}/secure.png" alt="y">'
        f'<img src="ftp://127.0.0.1:{port}/f.png" alt="z">'
        f'<object data="file:///etc/passwd"></object>'
        f'<iframe src="file:///etc/passwd"></iframe>'
        f'<embed src="{origin}/embed.png">'
        f'<img src="//127.0.0.1:{port}/protocol-relative.png" alt="p">'
    )
    return _page(body, head)


def test_weasyprint_alone_would_fetch_from_the_server(server):
    # The trap works: WeasyPrint's own fetcher loads the same document's resources.
    port, hits = server

    # (http only: a TLS or FTP handshake with this plain server would just time out)
    HTML(string=_hostile(port), url_fetcher=URLFetcher(allowed_protocols={"http"})).write_pdf()

    assert "/x.png" in hits
    assert "/a.css" in hits


def test_remote_and_local_file_urls_are_never_fetched(server):
    port, hits = server

    pdf = html_to_pdf(_hostile(port))

    assert hits == []
    text = _text(pdf)
    assert "Hallo" in text
    assert "root:" not in text


def test_a_static_file_is_served_and_a_data_uri_too():
    fetcher = StaticOnlyFetcher()

    css = fetcher.fetch("https://tandem.invalid/static/tandem/tandem.css")
    data = fetcher.fetch("data:text/plain;base64,SGFsbG8=")

    assert css.content_type == "text/css"
    assert b"{" in css.read()
    assert data.read() == b"Hallo"


def test_a_static_stylesheet_and_image_are_applied_in_the_pdf(settings, tmp_path):
    (tmp_path / "print-test.css").write_text('h1::after { content: " gestaltet" }')
    (tmp_path / "print-test.png").write_bytes(PNG)
    settings.STATIC_ROOT = tmp_path
    head = '<link rel="stylesheet" href="/static/print-test.css">'
    body = '<h1>Urkunde</h1><img src="/static/print-test.png" alt="Logo" width="20">'

    reader = PdfReader(io.BytesIO(html_to_pdf(_page(body, head))))

    assert "Urkunde gestaltet" in reader.pages[0].extract_text()
    assert list(reader.pages[0].images)  # the PNG is embedded


@pytest.mark.parametrize(
    "url",
    [
        "https://tandem.invalid/static/../config/settings.py",
        "https://tandem.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://tandem.invalid/static/tandem/..%2f..%2fpyproject.toml",
        "https://tandem.invalid/static//etc/passwd",
        "https://tandem.invalid/media/upload.png",
        "https://example.com/static/tandem/tandem.css",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
    ],
)
def test_the_fetcher_refuses_traversal_and_other_places(url):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)


def test_static_file_stays_inside_static_root(settings, tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    (root / "inside.css").write_text("p {}")
    (tmp_path / "outside.css").write_text("p {}")
    settings.STATIC_ROOT = root

    assert static_file("inside.css") == (root / "inside.css").resolve()
    assert static_file("../outside.css") is None
    assert static_file("tandem/tandem.css") is not None  # the app's own, via the finders


def test_the_pdf_is_tagged_with_its_language():
    pdf = PdfReader(io.BytesIO(html_to_pdf(_page("<h1>Urkunde</h1><p>Text</p>", lang="en"))))

    root = pdf.root_object
    assert "/StructTreeRoot" in root
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject)
    assert mark_info["/Marked"] == BooleanObject(True)
    assert str(root["/Lang"]) == "en"
