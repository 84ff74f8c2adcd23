"""AUTH-03: a second factor where it matters, set up on a guided page that leads back."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from conftest import World, client_for
from tandem.accounts.tests.logins import login, reauthenticate
from tandem.core.models import MfaPolicy
from tandem.core.tests.test_permission_matrix import (  # noqa: F401 (fixtures)
    MATRIX,
    _kwargs,
    event,
    import_run,
    matching,
    meetings,
    survey,
)
from tandem.people.tests.factories import MembershipFactory, UserFactory

# Every page behind the login that a program manager may open in the permission matrix.
PROGRAM_MANAGER_PAGES = sorted(
    name
    for name, (method, expected) in MATRIX.items()
    if method == "get"
    and expected["program_manager"] == 200
    and expected["anonymous"] == 302
    and name.count(":")
    and not name.startswith("accounts:")
)
MATRIX_FIXTURES = ("import_run", "cohort", "matching", "meetings", "event", "survey")


def code_for(secret: str, at: float) -> str:
    return format_hotp_value(hotp_value(secret, int(at) // 30))


@pytest.fixture
def manager_without_mfa(world: World):
    user = UserFactory(email="neu.pm@nordwind.example", first_name="Nele")
    MembershipFactory(organization=world.organization, user=user, role="program_manager", mfa=False)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("name", PROGRAM_MANAGER_PAGES)
def test_a_program_manager_without_a_second_factor_reaches_no_page_of_the_role(
    world: World, manager_without_mfa, request: pytest.FixtureRequest, name: str
) -> None:
    fixtures = [request.getfixturevalue(fixture) for fixture in MATRIX_FIXTURES]
    url = reverse(name, kwargs=_kwargs(name, world, *fixtures))
    client = Client()
    client.force_login(manager_without_mfa)
    response = client.get(url, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_required"))


@pytest.mark.django_db
def test_an_organisation_may_require_a_second_factor_of_everyone(world: World) -> None:
    home = reverse("people:organization_home", kwargs={"org_slug": world.organization.slug})
    mentee = client_for(world, "mentee")
    assert mentee.get(home, secure=True).status_code == 200
    world.organization.mfa_policy = MfaPolicy.EVERYONE
    world.organization.save(update_fields=["mfa_policy"])
    response = mentee.get(home, secure=True)
    assert response["Location"] == f"{reverse('accounts:mfa_required')}?next=%2Fnordwind%2F"
    # The other organisation asks nothing of its own people.
    other_home = reverse(
        "people:organization_home", kwargs={"org_slug": world.other_organization.slug}
    )
    assert client_for(world, "other_admin").get(other_home, secure=True).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("de", "Sichern Sie Ihren Zugang"), ("en", "Secure your login")],
)
def test_the_guided_set_up_leads_back_to_the_page_that_asked(
    world: World, manager_without_mfa, language: str, heading: str
) -> None:
    manager_without_mfa.language = language
    manager_without_mfa.save(update_fields=["language"])
    client = Client()
    client.force_login(manager_without_mfa)
    wanted = reverse("programs:program_list", kwargs={"org_slug": world.organization.slug})
    guide = client.get(client.get(wanted, secure=True)["Location"], secure=True)
    assert guide.status_code == 200
    assert heading in guide.content.decode()

    # Step 1: the password again; step 2: the app's code for the secret shown.
    activate = reverse("mfa_activate_totp")
    assert client.get(activate, secure=True)["Location"].startswith(
        reverse("account_reauthenticate")
    )
    reauthenticate(client)
    page = client.get(activate, secure=True).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    secret = secret or re.search(r'value="([A-Z2-7]{32})"[^>]*id="authenticator_secret"', page)
    assert secret is not None, page
    response = client.post(activate, {"code": code_for(secret.group(1), time.time())}, secure=True)
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    # Step 3: the recovery codes, and the way on to the page that asked.
    codes = client.get(response["Location"], secure=True).content.decode()
    assert reverse("accounts:mfa_continue") in codes
    back = client.get(reverse("accounts:mfa_continue"), secure=True)
    assert back["Location"] == wanted
    assert client.get(wanted, secure=True).status_code == 200
    assert Authenticator.objects.filter(user=manager_without_mfa, type="recovery_codes").exists()


@pytest.mark.django_db
def test_the_guide_sends_nowhere_outside_the_site(world: World, manager_without_mfa) -> None:
    client = Client()
    client.force_login(manager_without_mfa)
    client.get(reverse("accounts:mfa_required") + "?next=https://evil.example/", secure=True)
    assert client.session["tandem_mfa_next"] == reverse("home")


@pytest.mark.django_db
def test_a_required_second_factor_cannot_be_switched_off(world: World) -> None:
    client = client_for(world, "program_manager")
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"), secure=True)
    assert Authenticator.objects.filter(user=world.program_manager, type="totp").exists()
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_signing_in_with_a_password_then_asks_for_the_code(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": world.program_manager.email, "password": "correct horse battery staple"},
        secure=True,
    )
    assert response["Location"] == reverse("mfa_authenticate")
    home = reverse("people:organization_home", kwargs={"org_slug": world.organization.slug})
    assert client.get(home, secure=True).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"}, secure=True)
    assert wrong.status_code == 200
    client = Client()
    login(client, world.program_manager.email)
    assert client.get(home, secure=True).status_code == 200
