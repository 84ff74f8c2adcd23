"""What an organisation decides about company sign-in: set-up and test, the only way in, and
the second factor (ECO-01, AUTH-03), against the real provider on loopback."""

from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client
from django.urls import reverse

from conftest import World, fresh_client_for
from tandem.accounts.mfa import SSO_CONFIRMED_KEY
from tandem.accounts.tests.logins import login
from tandem.core.models import AuditEntry, MembershipRole, Organization
from tandem.people.models import Employee
from tandem.people.tests.factories import MembershipFactory, with_mfa
from tandem.sso.models import IdentityProvider
from tandem.sso.tests.oidc_peer import Peer, at_provider, callback_url, configure, sign_in

pytestmark = pytest.mark.django_db


def _home(world: World) -> str:
    return reverse("people:organization_home", args=[world.organization.slug])


def _lena_program_manager(world: World, oidc_peer: Peer, client: Client) -> None:
    """Lena signs in with her company account and becomes program manager."""
    assert sign_in(client, world.organization, "sub-lena").status_code == 302
    lena = Employee.objects.get(organization=world.organization, employee_id="E0200").user
    MembershipFactory(
        organization=world.organization,
        user=lena,
        role=MembershipRole.PROGRAM_MANAGER,
        mfa=False,  # the provider asks for it
    )


def test_after_company_sign_in_a_program_manager_needs_no_second_factor_in_tandem(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization)
    client = Client()
    _lena_program_manager(world, oidc_peer, client)
    assert client.get(_home(world), secure=True).status_code == 200


def test_unless_the_organisation_asks_for_tandems_second_factor_too(
    world: World, oidc_peer: Peer
) -> None:
    Organization.objects.filter(pk=world.organization.pk).update(sso_mfa=True)
    configure(oidc_peer, world.organization)
    client = Client()
    _lena_program_manager(world, oidc_peer, client)
    response = client.get(_home(world), secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_required"))


def test_sign_in_with_an_authenticator_skips_the_code_only_where_the_organisation_lets_it(
    world: World, oidc_peer: Peer
) -> None:
    with_mfa(world.mentor)
    configure(oidc_peer, world.organization)
    skipped = Client()
    assert sign_in(skipped, world.organization, "sub-mia")["Location"] != reverse(
        "mfa_authenticate"
    )
    assert int(skipped.session["_auth_user_id"]) == world.mentor.pk

    Organization.objects.filter(pk=world.organization.pk).update(sso_mfa=True)
    asked = Client()
    response = sign_in(asked, world.organization, "sub-mia")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in asked.session


def test_where_company_sign_in_is_the_only_way_in_a_password_session_is_sent_to_it(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization)
    Organization.objects.filter(pk=world.organization.pk).update(sso_required=True)
    by_password = Client()
    login(by_password, world.mentor.email)
    response = by_password.get(_home(world), secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sso:organization", args=["nordwind"]))
    through_idp = Client()
    sign_in(through_idp, world.organization, "sub-mia")
    assert through_idp.get(_home(world), secure=True).status_code == 200
    # The other organisation is not affected by this one's rule.
    other = Client()
    login(other, world.other_admin.email)
    other_home = reverse("people:organization_home", args=[world.other_organization.slug])
    assert other.get(other_home, secure=True).status_code == 200


@pytest.mark.parametrize("typed", ["lena@NORDWIND.example", "nordwind"])
def test_the_sign_in_is_found_by_the_address_domain_or_the_short_name(
    world: World, oidc_peer: Peer, typed: str
) -> None:
    configure(oidc_peer, world.organization, domains=["nordwind.example"])
    response = Client().post(reverse("sso:start"), {"who": typed})
    assert response["Location"] == reverse("sso:organization", args=["nordwind"])
    page = Client().get(response["Location"])
    assert page.status_code == 200
    assert "Peer IdP" in page.content.decode()


def test_an_unknown_domain_or_a_switched_off_sign_in_finds_nothing(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization, domains=["nordwind.example"], enabled=False)
    for typed in ("someone@nordwind.example", "nordwind", "someone@elsewhere.example"):
        response = Client().post(reverse("sso:start"), {"who": typed})
        assert response.status_code == 200, typed
    assert Client().get(reverse("sso:organization", args=["nordwind"])).status_code == 404


def test_the_administration_sets_up_tests_and_switches_on_the_sign_in(
    world: World, oidc_peer: Peer
) -> None:
    admin = fresh_client_for(world, "admin")
    page = reverse("sso:settings", args=[world.organization.slug])
    secure_callback = callback_url(world.organization, "https://testserver")
    assert secure_callback in admin.get(page, secure=True).content.decode()
    registered = oidc_peer.register(secure_callback)
    form = {
        "action": "oidc",
        "name": "Nordwind Entra",
        "server_url": oidc_peer.url,
        "client_id": registered["client_id"],
        "client_secret": registered["client_secret"],
        "link_by": "employee_id",
        "claim": "employee_id",
        "domains_text": "nordwind.example",
    }
    assert admin.post(page, form, secure=True).status_code == 302
    provider = IdentityProvider.objects.get(organization=world.organization)
    assert SocialApp.objects.get(pk=provider.app_id).secret == registered["client_secret"]
    shown = admin.get(page, secure=True).content.decode()
    assert registered["client_secret"] not in shown  # never shown again

    # Not before a successful test.
    refused = admin.post(page, {"action": "policy", "enabled": "on"}, secure=True)
    assert refused.status_code == 200
    assert not IdentityProvider.objects.get(pk=provider.pk).enabled

    # The test: the admin signs in at the provider as a colleague; nobody is linked.
    started = admin.post(reverse("sso:test", args=[world.organization.slug]), secure=True)
    back = urlsplit(at_provider(started["Location"], "sub-lena"))
    result = admin.get(f"{back.path}?{back.query}", secure=True)
    assert result.status_code == 200
    assert "Lena Leitung" in result.content.decode()
    assert int(admin.session["_auth_user_id"]) == world.admin.pk
    assert Employee.objects.get(organization=world.organization, employee_id="E0200").user is None
    assert IdentityProvider.objects.get(pk=provider.pk).tested is not None

    switched = admin.post(
        page, {"action": "policy", "enabled": "on", "sso_required": "on"}, secure=True
    )
    assert switched.status_code == 302
    assert IdentityProvider.objects.get(pk=provider.pk).enabled
    assert Organization.objects.get(pk=world.organization.pk).sso_required
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"sso.provider.created", "sso.policy.changed"} <= actions
    secrets = "".join(str(entry.changes) for entry in AuditEntry.objects.all())
    assert registered["client_secret"] not in secrets


def test_changing_the_provider_asks_for_a_new_test_and_switches_it_off(
    world: World, oidc_peer: Peer
) -> None:
    provider = configure(oidc_peer, world.organization)
    IdentityProvider.objects.filter(pk=provider.pk).update(tested="2026-01-01T00:00Z")
    Organization.objects.filter(pk=world.organization.pk).update(sso_required=True)
    admin = fresh_client_for(world, "admin")
    # sso_required: the admin signs in through the provider first… as an admin without a
    # link, the gate sends them there; switch the rule off by the test's hand instead.
    Organization.objects.filter(pk=world.organization.pk).update(sso_required=False)
    page = reverse("sso:settings", args=[world.organization.slug])
    form = {
        "action": "oidc",
        "name": "Other",
        "server_url": oidc_peer.url + "/",
        "client_id": "another-client",
        "client_secret": "",
        "link_by": "employee_id",
        "claim": "employee_id",
        "domains_text": "",
    }
    assert admin.post(page, form, secure=True).status_code == 302
    provider.refresh_from_db()
    assert (provider.enabled, provider.tested) == (False, None)


def test_a_broken_form_keeps_everything_and_says_why(world: World, oidc_peer: Peer) -> None:
    admin = fresh_client_for(world, "admin")
    page = reverse("sso:settings", args=[world.organization.slug])
    form = {
        "action": "oidc",
        "name": "X",
        "server_url": "http://idp.example.com",
        "client_id": "c",
        "client_secret": "",
        "link_by": "email",
        "claim": "",
        "domains_text": "not a domain",
    }
    response = admin.post(page, form, secure=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "HTTPS" in body
    assert not IdentityProvider.objects.exists()
    assert not SocialApp.objects.exists()
    del oidc_peer


def test_a_login_started_for_connecting_is_refused(world: World, oidc_peer: Peer) -> None:
    configure(oidc_peer, world.organization)
    client = Client()
    login(client, world.mentor.email)
    start = reverse("openid_connect_login", kwargs={"provider_id": f"org-{world.organization.pk}"})
    response = client.post(start, {"process": "connect"})
    back = urlsplit(at_provider(response["Location"], "sub-lena"))
    answer = client.get(f"{back.path}?{back.query}")
    assert answer.status_code == 403
    assert Employee.objects.get(organization=world.organization, employee_id="E0200").user is None


def test_a_login_without_password_confirms_sensitive_actions_at_its_provider(
    world: World, oidc_peer: Peer
) -> None:
    """allauth lets a login with neither password nor authenticator pass re-authentication;
    Tandem sends it to a fresh sign-in at its provider instead (AUTH-07)."""
    configure(oidc_peer, world.organization)
    client = Client()
    assert sign_in(client, world.organization, "sub-lena").status_code == 302
    lena = Employee.objects.get(organization=world.organization, employee_id="E0200").user
    MembershipFactory(organization=world.organization, user=lena, role="admin", mfa=False)
    page = reverse("people:organization_settings", args=[world.organization.slug])
    asked = client.post(page, {"name": "Umbenannt"}, HTTP_REFERER=page)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("sso:reauthenticate"))
    assert Organization.objects.get(pk=world.organization.pk).name != "Umbenannt"

    confirm_page = client.get(asked["Location"])
    assert confirm_page.status_code == 200
    started = client.post(asked["Location"], {"next": page})
    assert "prompt=login" in started["Location"]
    assert "max_age=0" in started["Location"]
    back = urlsplit(at_provider(started["Location"], "sub-lena"))
    returned = client.get(f"{back.path}?{back.query}")
    assert returned["Location"] == page
    assert int(client.session["_auth_user_id"]) == lena.pk
    assert client.get(page).status_code == 200


def test_confirming_as_someone_else_is_refused(world: World, oidc_peer: Peer) -> None:
    configure(oidc_peer, world.organization)
    client = Client()
    sign_in(client, world.organization, "sub-lena")
    started = client.post(reverse("sso:reauthenticate"), {"next": "/"})
    back = urlsplit(at_provider(started["Location"], "sub-mia"))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 403
    assert SSO_CONFIRMED_KEY not in client.session
