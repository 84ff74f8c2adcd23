"""From an empty database to a working, empty organisation: the operator's command, the
invitation over real SMTP, the first administrator's login with a second factor."""

import re
import time
from email import message_from_bytes, policy
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.accounts.tests.test_mfa import code_for
from tandem.core.models import AuditEntry, Membership, Organization
from tandem.core.tests.mail import Inbox

PASSWORD = "ein langer Satz zum Anfangen"


def _text(raw: bytes) -> str:
    message = message_from_bytes(raw, policy=policy.default)
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.django_db
def test_create_organization_leads_the_first_administrator_to_an_empty_organisation(
    smtp: Inbox, settings
) -> None:
    settings.TANDEM_BASE_URL = "https://testserver"
    assert not Organization.objects.exists()
    assert not User.objects.exists()

    call_command(
        "create_organization",
        "--name=Nordwind Logistik AG",
        "--slug=nordwind",
        "--admin-email=it-leitung@nordwind.example",
        stdout=StringIO(),
    )

    ((recipients, raw),) = smtp.messages
    assert recipients == ["it-leitung@nordwind.example"]
    text = _text(raw)
    assert "Nordwind Logistik AG" in text
    assert "Administration" in text  # the role, in German (the organisation's language)
    path = re.search(r"https://testserver(/account/invitation/\S+/)", text).group(1)

    admin = Client()
    assert admin.get(path, secure=True).status_code == 200
    response = admin.post(path, {"password1": PASSWORD, "password2": PASSWORD}, secure=True)
    home = reverse("people:organization_home", kwargs={"org_slug": "nordwind"})
    assert response["Location"] == home

    # An administrator needs a second factor before the first page of the role.
    guide = admin.get(home, secure=True)["Location"]
    assert guide.startswith(reverse("accounts:mfa_required"))
    assert admin.get(guide, secure=True).status_code == 200
    admin.post(reverse("account_reauthenticate"), {"password": PASSWORD}, secure=True)
    page = admin.get(reverse("mfa_activate_totp"), secure=True).content.decode()
    secret = re.search(r'value="([A-Z2-7]{32})"', page).group(1)
    admin.post(reverse("mfa_activate_totp"), {"code": code_for(secret, time.time())}, secure=True)
    assert admin.get(reverse("accounts:mfa_continue"), secure=True)["Location"] == home

    assert admin.get(home, secure=True).status_code == 200
    people = admin.get(
        reverse("people:employee_list", kwargs={"org_slug": "nordwind"}), secure=True
    )
    assert people.status_code == 200
    roles = admin.get(reverse("people:role_list", kwargs={"org_slug": "nordwind"}), secure=True)
    assert "it-leitung@nordwind.example" in roles.content.decode()
    user = User.objects.get(email="it-leitung@nordwind.example")
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["admin"]
    assert AuditEntry.objects.filter(action="people.invitation.created").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--slug=account", "--admin-email=a@b.example"], "reserviert"),
        (["--slug=nordwind", "--admin-email=not-an-address"], "gültige E-Mail"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_created(
    smtp: Inbox, arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("create_organization", "--name=X", *arguments)
    assert not Organization.objects.exists()
    assert smtp.messages == []


@pytest.mark.django_db
def test_another_administrator_can_be_invited_when_the_last_one_left(smtp: Inbox) -> None:
    Organization.objects.create(name="Nordwind", slug="nordwind")
    call_command(
        "invite_admin",
        "nordwind",
        "neu@nordwind.example",
        stdout=StringIO(),
    )
    ((recipients, _raw),) = smtp.messages
    assert recipients == ["neu@nordwind.example"]
