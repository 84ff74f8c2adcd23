"""AUTH-02 behind a real reverse proxy: throttling counts each client, not the proxy.

Debian's nginx runs in front of the test server on loopback; clients connect
to it from different loopback addresses (127.0.0.2, 127.0.0.3), as different
machines would. A control run without the trusted proxy count shows the fault
the setting removes: one client's failures lock out everyone behind the proxy.
"""

import http.client
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from conftest import World
from tandem.people.tests.factories import PASSWORD

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONFIG = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://{upstream};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Request-ID nginx-$request_id;
    }}
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def proxy(live_server, tmp_path: Path) -> Iterator[int]:
    """nginx on a free port, passing everything to the live server; its port."""
    port = _free_port()
    upstream = urlsplit(live_server.url).netloc
    config = tmp_path / "nginx.conf"
    config.write_text(CONFIG.format(tmp=tmp_path, port=port, upstream=upstream))
    server = subprocess.Popen(  # noqa: S603 (a fixed binary and our own file)
        [NGINX, "-c", str(config), "-p", str(tmp_path)], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


class Browser:
    """One client machine: its own loopback address and its own cookies."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "https://127.0.0.1/account/login/"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        content = response.read().decode()
        connection.close()
        return response.status, dict(response.getheaders()), content

    def log_in(self, email: str, password: str) -> bool:
        _status, _headers, page = self.request("GET", "/account/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, _page = self.request(
            "POST",
            "/account/login/",
            {"csrfmiddlewaretoken": token, "login": email, "password": password},
        )
        return (
            status == 302
            and headers.get("Location", "").startswith("/")
            and ("/account/login/" not in headers.get("Location", ""))
        )


def _one_client_fails_ten_times_then_another_logs_in(port: int, world: World) -> bool:
    noisy = Browser(port, "127.0.0.2")
    for attempt in range(10):
        assert not noisy.log_in(f"nobody{attempt}@example.org", "wrong password entirely")
    assert not noisy.log_in(world.mentee.email, PASSWORD)  # this client is throttled
    return Browser(port, "127.0.0.3").log_in(world.mentor.email, PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_failed_logins_from_one_client_do_not_lock_out_the_others(
    world: World, proxy: int, settings
) -> None:
    settings.TANDEM_BEHIND_PROXY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert _one_client_fails_ten_times_then_another_logs_in(proxy, world)


@pytest.mark.django_db(transaction=True)
def test_control_without_the_proxy_setting_everyone_shares_the_proxys_address(
    world: World, proxy: int, settings
) -> None:
    """The harness can fail: counted by the proxy's address, the second client is locked out."""
    settings.TANDEM_BEHIND_PROXY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert not _one_client_fails_ten_times_then_another_logs_in(proxy, world)


@pytest.mark.django_db(transaction=True)
def test_the_proxys_request_id_reaches_the_response(world: World, proxy: int, settings) -> None:
    settings.TANDEM_BEHIND_PROXY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    _status, headers, _page = Browser(proxy, "127.0.0.2").request("GET", "/account/login/")
    assert re.fullmatch(r"nginx-[0-9a-f]{32}", headers["X-Request-ID"])
