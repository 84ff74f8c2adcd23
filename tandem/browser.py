"""Shared plumbing for browser tests: Debian's Chromium, axe, CSP and network checks.

Imported by the browser tests of every app (pytest plugin registered in the
root conftest). Nothing here runs in production.
"""

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium phones home at start-up; the machines' network refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe no longer checks ids (WCAG 2.2 dropped 4.1.1), but labels and aria-* refer by id.
DUPLICATE_IDS = """() => {
  const counts = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    counts.set(element.id, (counts.get(element.id) || 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
}"""
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class PageAudit:
    """What a journey through the app must not produce."""

    expected_statuses: set[int] = field(default_factory=set)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)

    def check_page(self, page: Any) -> None:
        csp = page.evaluate("window.__cspViolations || []")
        assert not csp, f"CSP violations on {page.url}: {csp}"
        # Template syntax a reader sees is a template defect (a comment over two lines once).
        shown = page.evaluate("document.body.innerText")
        leaked = [mark for mark in ("{#", "#}", "{%", "%}", "{{", "}}") if mark in shown]
        assert not leaked, f"template syntax shown on {page.url}: {leaked}"
        duplicates = page.evaluate(DUPLICATE_IDS)
        if duplicates:
            self.axe_violations.append(f"{page.url}: duplicate ids {duplicates}")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        for violation in results.response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                nodes = [node["target"] for node in violation["nodes"]][:3]
                self.axe_violations.append(f"{page.url}: {violation['id']} {nodes}")

    def assert_clean(self) -> None:
        assert not self.foreign_requests, self.foreign_requests
        assert not self.console_errors, self.console_errors
        assert not self.axe_violations, self.axe_violations


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright's sync API runs an event loop in the test thread; the ORM calls made by
    # fixtures in that thread are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A German browser: German is the product's first language.
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


def watch(target: Any, audit: PageAudit, allowed_host: str | None, *also: str) -> None:
    """Record ``target``'s (a page's or a whole browser context's) foreign requests,
    console errors and CSP violations into ``audit``. ``also``: further hosts the journey
    may visit (an identity provider's)."""
    allowed = {allowed_host, *also}

    def on_request(request: Any) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "about:")):
            return
        if host not in allowed:
            audit.foreign_requests.append(request.url)

    def on_console(message: Any) -> None:
        expected = any(f"status of {status} " in message.text for status in audit.expected_statuses)
        if message.type == "error" and not expected:
            audit.console_errors.append(message.text)

    target.add_init_script(CSP_RECORDER)
    target.on("request", on_request)
    target.on("console", on_console)
    target.set_default_timeout(10_000)


@pytest.fixture
def audited_page(page: Any, live_server: Any) -> Iterator[tuple[Any, PageAudit]]:
    """A page whose every request, console error and CSP violation is recorded."""
    audit = PageAudit()
    watch(page, audit, urlsplit(live_server.url).hostname)
    yield page, audit
    audit.assert_clean()


@pytest.fixture
def journey(browser: Any, live_server: Any) -> Iterator[tuple[list[Any], PageAudit]]:  # noqa: ARG001
    """Browser contexts opened during the test (one per person), all recorded into one audit."""
    audit = PageAudit()
    contexts: list[Any] = []
    yield contexts, audit
    for context in contexts:
        context.close()
    audit.assert_clean()


# The last code window each login used: allauth accepts a code once, so a second login of
# the same person within half a minute waits for the next code.
_LAST_WINDOW: dict[str, int] = {}


def totp_code(secret: str, who: str = "") -> str:
    """The authenticator app's current code, clear of the window's end and unused by ``who``."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = 30
    while period - time.time() % period < 3 or _LAST_WINDOW.get(who) == int(time.time()) // period:
        time.sleep(period - time.time() % period + 0.1)
    window = int(time.time()) // period
    _LAST_WINDOW[who] = window
    return str(format_hotp_value(hotp_value(secret, window)))


def open_as(
    journey: tuple[list[Any], PageAudit],
    browser: Any,
    base: str,
    *,
    email: str,
    password: str,
    locale: str,
    totp_secret: str | None = None,
    also: tuple[str, ...] = (),
) -> Any:
    """A fresh browser in ``locale`` (e.g. "de-DE"), logged in as ``email`` through the real form.

    The page language follows the browser until login, then the user's saved language.
    A login with an authenticator app (administrators, program managers) enters its code,
    from the factories' secret unless ``totp_secret`` (the demo's) is given.
    """
    from playwright.sync_api import expect

    contexts, audit = journey
    context = browser.new_context(locale=locale, timezone_id="Europe/Berlin")
    watch(context, audit, urlsplit(base).hostname, *also)
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{base}/account/login/")
    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    audit.check_page(page)
    page.get_by_label(re.compile("^(E-Mail|Email)", re.I)).fill(email)
    page.get_by_label(re.compile("^(Passwort|Password)", re.I)).fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if "/account/2fa/authenticate/" in page.url:
        audit.check_page(page)
        from tandem.people.tests.factories import TOTP_SECRET

        secret = totp_secret or TOTP_SECRET
        page.get_by_label("Code", exact=True).fill(totp_code(secret, email))
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).not_to_have_text(
        re.compile("Anmelden|Sign in|Log in|Zwei-Faktor|Two-Factor", re.I)
    )
    audit.check_page(page)
    return page
