"""AUTH-08: security events as structured records, tied to the request, with nothing secret in them.

The records are read as the JSON lines production writes (python-json-logger,
configured in settings), so what is checked is what an operator's log holds.
"""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from conftest import World, fresh_client_for
from tandem.accounts.tests.logins import login
from tandem.core.security import RequestIdFilter
from tandem.people import invitations, mail
from tandem.people.imports import apply_import, check_import

FIELDS = {"event", "actor", "object_type", "object_id", "outcome", "request_id", "timestamp"}
SENTINEL_PASSWORD = "SENTINEL-pa55word-7c1e"
SENTINEL_LOGIN = "sentinel-typed-address@example.org"


def lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, str]]:
    """Every captured record as production's JSON line."""
    formatter = JsonFormatter(
        "%(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp=True,
    )
    request_id = RequestIdFilter()
    out = []
    for record in caplog.records:
        if not hasattr(record, "request_id"):
            request_id.filter(record)
        out.append(json.loads(formatter.format(record)))
    return out


def events(caplog: pytest.LogCaptureFixture) -> list[dict[str, str]]:
    return [line for line in lines(caplog) if line["logger"] == "tandem.security"]


@pytest.mark.django_db
def test_a_login_and_a_failed_login_are_logged_with_who_when_and_which_request(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tandem.security")
    client = Client()
    failed = client.post(
        reverse("account_login"),
        {"login": SENTINEL_LOGIN, "password": SENTINEL_PASSWORD},
        secure=True,
    )
    login(client, world.mentor.email)
    failure, success = (line for line in events(caplog) if line["event"] == "auth.login")
    assert failure["outcome"] == "failed"
    assert failure["actor"] == ""
    assert failure["request_id"] == failed["X-Request-ID"]
    assert success["outcome"] == "ok"
    assert success["actor"] == str(world.mentor.public_id)
    assert set(success) >= FIELDS
    assert success["timestamp"].endswith("+00:00")  # UTC


@pytest.mark.django_db
def test_second_factor_reauthentication_role_changes_and_leavers_are_logged(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tandem.security")
    client = Client()
    client.post(
        reverse("account_login"),
        {"login": world.admin.email, "password": "correct horse battery staple"},
        secure=True,
    )
    client.post(reverse("mfa_authenticate"), {"code": "000000"}, secure=True)
    admin = fresh_client_for(world, "admin")
    admin.post(
        reverse("people:role_list", kwargs={"org_slug": world.organization.slug}),
        {"employee_id": "E0100", "role": "observer"},
        secure=True,
    )
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=b"Personalnummer;Vorname;Nachname;Status\nE0300;Mia;Mentorin;T\n",
        deactivate_missing=False,
    )
    apply_import(run=run, actor=world.admin)

    seen = {(line["event"], line["outcome"]) for line in events(caplog)}
    assert {
        ("auth.mfa.used", "failed"),
        ("auth.reauthenticated", "ok"),
        ("core.role.granted", "ok"),
        ("people.login.unlinked", "ok"),
        ("accounts.user.deactivated", "ok"),
    } <= seen
    granted = next(line for line in events(caplog) if line["event"] == "core.role.granted")
    assert (granted["actor"], granted["object_id"], granted["organization"]) == (
        str(world.admin.public_id),
        str(world.mentee.public_id),
        world.organization.slug,
    )


@pytest.mark.django_db
def test_no_log_line_holds_a_password_an_address_typed_a_code_or_a_link_secret(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    Client().post(
        reverse("account_login"),
        {"login": SENTINEL_LOGIN, "password": SENTINEL_PASSWORD},
        secure=True,
    )
    Client().post(
        reverse("account_login"),
        {"login": world.admin.email, "password": SENTINEL_PASSWORD},
        secure=True,
    )
    invitation = invitations.create_invitation(
        organization=world.organization, actor=world.admin, employee=world.ceo
    )
    link = mail.issue_link(invitation)
    token = link.rstrip("/").rsplit("/", 1)[1]
    path = link.removeprefix(settings.TANDEM_BASE_URL)
    Client().post(
        path, {"password1": SENTINEL_PASSWORD, "password2": SENTINEL_PASSWORD}, secure=True
    )
    written = json.dumps(lines(caplog))
    assert caplog.records
    for secret in (SENTINEL_PASSWORD, SENTINEL_LOGIN, token, world.admin.email):
        assert secret not in written


@pytest.mark.django_db
def test_each_response_names_its_request_id_and_a_proxys_id_is_kept_only_behind_one(
    settings,
) -> None:
    first = Client().get(reverse("account_login"), secure=True)["X-Request-ID"]
    second = Client().get(reverse("account_login"), secure=True)["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    given = {"X-Request-ID": "proxy-request-0042"}
    assert Client().get(reverse("account_login"), secure=True, headers=given)["X-Request-ID"] != (
        "proxy-request-0042"
    )
    settings.TANDEM_BEHIND_PROXY = True
    assert (
        Client().get(reverse("account_login"), secure=True, headers=given)["X-Request-ID"]
        == "proxy-request-0042"
    )
    odd = {"X-Request-ID": "bad id\nwith a line break"}
    assert (
        "\n" not in Client().get(reverse("account_login"), secure=True, headers=odd)["X-Request-ID"]
    )
