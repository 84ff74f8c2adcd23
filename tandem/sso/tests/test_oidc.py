"""Company sign-in with OpenID Connect, against a real provider on loopback (ECO-01, AUTH-09)."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from conftest import World
from tandem.accounts.mfa import SSO_ORGANIZATION_KEY
from tandem.people.models import Employee, EmployeeStatus
from tandem.people.tests.factories import EmployeeFactory
from tandem.sso.models import LinkBy
from tandem.sso.tests.oidc_peer import Peer, at_provider, begin, configure, sign_in

pytestmark = pytest.mark.django_db


def _linked(world: World, employee_id: str) -> Employee:
    return Employee.objects.get(organization=world.organization, employee_id=employee_id)


def test_first_sign_in_links_the_person_by_employee_id_and_makes_their_login(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization)
    client = Client()
    response = sign_in(client, world.organization, "sub-lena")
    assert response.status_code == 302, response.content[:800]
    lena = _linked(world, "E0200")
    assert lena.user is not None
    assert lena.user.email == lena.email  # HR's address, not the claim's
    assert not lena.user.has_usable_password()
    account = SocialAccount.objects.get(user=lena.user)
    assert account.uid == f"{oidc_peer.url} sub-lena"  # issuer + subject
    assert client.session[SSO_ORGANIZATION_KEY] == world.organization.pk
    home = client.get(reverse("people:organization_home", args=[world.organization.slug]))
    assert home.status_code == 200


def test_later_sign_ins_go_by_the_subject_and_an_existing_login_is_kept(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization)
    sign_in(Client(), world.organization, "sub-martin")
    assert SocialAccount.objects.get(uid__endswith=" sub-martin").user == world.mentee
    # The employee ID changes in HR; the subject still finds the same login.
    Employee.objects.filter(pk=world.mentee_employee.pk).update(employee_id="E0101")
    client = Client()
    response = sign_in(client, world.organization, "sub-martin")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.mentee.pk


def test_the_redirect_is_the_next_page_asked_for(world: World, oidc_peer: Peer) -> None:
    configure(oidc_peer, world.organization)
    target = reverse("people:organization_home", args=[world.organization.slug])
    response = sign_in(Client(), world.organization, "sub-mia", next_url=target)
    assert response["Location"] == target


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"nonce": "not-the-one-sent"}, "a replayed or injected token"),
        ({"aud": "another-client"}, "a token for another client"),
        ({"iss": "http://127.0.0.1:1"}, "a token from another issuer"),
        ({"exp": 1_000_000_000}, "an expired token"),
        ({"sign": "other-key"}, "a token signed with a key the provider does not publish"),
        ({"sign": "none"}, "an unsigned token"),
    ],
)
def test_an_id_token_that_fails_a_check_signs_nobody_in(
    world: World, oidc_peer: Peer, overrides: dict[str, object], why: str
) -> None:
    configure(oidc_peer, world.organization)
    client = Client()
    authorize = begin(client, world.organization)
    oidc_peer.tamper_next_id_token(**overrides)
    back = at_provider(authorize, "sub-lena")
    response = client.get(back.split("testserver", 1)[1])
    assert "_auth_user_id" not in client.session, why
    assert response.status_code != 302 or "login" in response["Location"], why
    assert not SocialAccount.objects.exists(), why
    assert _linked(world, "E0200").user is None, why


def test_an_idp_of_one_organisation_cannot_sign_in_a_person_of_another(
    world: World, oidc_peer: Peer
) -> None:
    """Organisation A's provider asserts an employee ID that only organisation B has."""
    EmployeeFactory(organization=world.other_organization, employee_id="S0003")
    configure(oidc_peer, world.organization)
    client = Client()
    response = sign_in(client, world.organization, "sub-sued")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not Employee.objects.filter(user__isnull=False, employee_id="S0003").exists()
    assert not SocialAccount.objects.exists()


def test_a_subject_linked_through_one_organisation_does_not_enter_another(
    world: World, oidc_peer: Peer
) -> None:
    """The same provider, set up by two organisations: each link is its own organisation's."""
    configure(oidc_peer, world.organization)
    sign_in(Client(), world.organization, "sub-lena")
    configure(oidc_peer, world.other_organization)
    client = Client()
    response = sign_in(client, world.other_organization, "sub-lena")
    assert response.status_code == 403  # nobody at Südstern has E0200
    assert "_auth_user_id" not in client.session


def test_nobody_in_the_org_chart_is_refused_with_a_clear_message(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization)
    client = Client()
    response = sign_in(client, world.organization, "sub-nobody")
    assert response.status_code == 403
    assert "org chart" in response.content.decode() or "Organigramm" in response.content.decode()


def test_an_unverified_address_links_nobody(world: World, oidc_peer: Peer) -> None:
    Employee.objects.filter(pk=world.ceo.pk).update(email="carla@nordwind.example")
    configure(oidc_peer, world.organization, link_by=LinkBy.EMAIL, domains=["nordwind.example"])
    client = Client()
    response = sign_in(client, world.organization, "sub-carla")
    assert response.status_code == 403
    assert _linked(world, "E0001").user is None


def test_a_verified_address_in_the_organisations_domain_links_the_person(
    world: World, oidc_peer: Peer
) -> None:
    Employee.objects.filter(pk=world.ceo.pk).update(email="lena.leitung@nordwind.example")
    configure(oidc_peer, world.organization, link_by=LinkBy.EMAIL, domains=["nordwind.example"])
    response = sign_in(Client(), world.organization, "sub-lena")
    assert response.status_code == 302
    assert _linked(world, "E0001").user is not None


def test_a_verified_address_outside_the_organisations_domains_links_nobody(
    world: World, oidc_peer: Peer
) -> None:
    configure(oidc_peer, world.organization, link_by=LinkBy.EMAIL, domains=["nordwind.de"])
    response = sign_in(Client(), world.organization, "sub-lena")
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_an_address_that_matches_an_existing_login_is_not_that_login(
    world: World, oidc_peer: Peer
) -> None:
    """Lena's HR address is already someone else's login: the sign-in is refused, not merged."""
    Employee.objects.filter(pk=world.ceo.pk).update(email=world.admin.email)
    Employee.objects.filter(employee_id="E0200", organization=world.organization).update(
        email=world.admin.email
    )
    configure(oidc_peer, world.organization)
    client = Client()
    response = sign_in(client, world.organization, "sub-lena")
    assert response.status_code == 403
    assert not SocialAccount.objects.filter(user=world.admin).exists()
    assert "_auth_user_id" not in client.session


def test_a_person_who_left_is_refused_and_their_link_ends(world: World, oidc_peer: Peer) -> None:
    configure(oidc_peer, world.organization)
    sign_in(Client(), world.organization, "sub-mia")
    assert SocialAccount.objects.filter(user=world.mentor).exists()
    Employee.objects.filter(pk=world.mentor_employee.pk).update(status=EmployeeStatus.TERMINATED)
    client = Client()
    response = sign_in(client, world.organization, "sub-mia")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(user=world.mentor).exists()


def test_a_switched_off_provider_signs_nobody_in(world: World, oidc_peer: Peer) -> None:
    configure(oidc_peer, world.organization, enabled=False)
    client = Client()
    response = sign_in(client, world.organization, "sub-lena")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
