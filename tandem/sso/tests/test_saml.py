"""SAML per organisation against a real identity provider (samlify in peers/saml, ECO-02).

The IdP runs as its own process on loopback. The test plays the browser: it asks Tandem to
sign in, follows the redirect to the IdP, and posts the IdP's form back to Tandem's assertion
consumer service. Each refusal test changes one thing about an otherwise good response, one
that signs Lena (E0200 at Nordwind) in; a refused response signs nobody in and links nobody.
"""

import base64
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.test import Client, RequestFactory
from django.urls import reverse
from lxml import etree

from conftest import World
from tandem.accounts.mfa import SSO_CONFIRMED_KEY
from tandem.core.models import Organization
from tandem.people.models import Employee
from tandem.people.tests.factories import EmployeeFactory
from tandem.sso import saml
from tandem.sso.models import IdentityProvider, LinkBy, Protocol
from tandem.sso.services import provider_id_for
from tandem.sso.tests.saml_peer import DS, MD, SAML, SAMLP, Idp, running_idp

pytestmark = pytest.mark.django_db

# What the IdP says of Lena unless a test says otherwise.
LENA = {
    "name_id": "lena.leitung@nordwind.example",
    "attributes": {"employeeNumber": "E0200", "mail": "lena.leitung@nordwind.example"},
}


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    with running_idp() as running:
        yield running


@pytest.fixture
def client() -> Client:
    return browser()


def browser() -> Client:
    # A browser always names the host (allauth's SAML views read it); Django's client does not.
    return Client(HTTP_HOST="testserver")


def configure(
    idp: Idp, organization: Organization, *, claim: str = "employeeNumber"
) -> IdentityProvider:
    """The organisation's admin uploads the IdP's metadata and gives the IdP Tandem's."""
    app = SocialApp(provider="saml", provider_id=provider_id_for(organization))
    saml.configure_app(app, organization=organization, idp=saml.read_idp_metadata(idp.metadata()))
    app.save()
    provider = IdentityProvider.objects.create(
        organization=organization,
        protocol=Protocol.SAML,
        app=app,
        link_by=LinkBy.EMPLOYEE_ID,
        claim=claim,
        enabled=True,
    )
    sp_metadata = browser().get(sp_url("saml_metadata", organization)).content
    assert idp.trust(sp_metadata) == app.settings["sp"]["entity_id"]
    return provider


@pytest.fixture
def provider(world: World, idp: Idp) -> IdentityProvider:
    return configure(idp, world.organization)


def sp_url(name: str, organization: Organization) -> str:
    return reverse(name, kwargs={"organization_slug": organization.slug})


def start(client: Client, organization: Organization) -> str:
    """Ask Tandem to sign in through the organisation's IdP; the IdP address it sends us to."""
    response = client.post(sp_url("saml_login", organization), {"process": "login"})
    assert response.status_code == 302
    location: str = response["Location"]
    return location


def post_back(client: Client, action: str, fields: dict[str, str]):
    """What the browser does with the IdP's form: post it, then follow Tandem's redirect."""
    response = client.post(urlsplit(action).path, fields)
    assert response.status_code == 302
    return client.get(response["Location"])


def at_idp(client: Client, idp: Idp, organization: Organization, **shape: Any):
    """Start at Tandem and have the IdP answer as ``shape`` says (Lena, signed, by default)."""
    idp.shape_next(**{"variant": "normal", **LENA, **shape})
    return idp.form(start(client, organization))


def sign_in(client: Client, idp: Idp, organization: Organization, **shape: Any):
    action, fields = at_idp(client, idp, organization, **shape)
    return post_back(client, action, fields)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def refused(response: Any, client: Client) -> bool:
    """Refused before anyone was found: no session, no link, Lena's login not even made."""
    return (
        response.status_code == 401
        and not signed_in(client)
        and not SocialAccount.objects.exists()
        and lena().user is None
    )


def lena() -> Employee:
    return Employee.objects.get(organization__slug="nordwind", employee_id="E0200")


def saml_errors(caplog: pytest.LogCaptureFixture) -> str:
    """Why allauth's SAML views refused a response, as they logged it."""
    return " ".join(
        record.getMessage()
        for record in caplog.records
        if record.name == "allauth.socialaccount.providers.saml.views"
    )


def edited(fields: dict[str, str], change: Any) -> dict[str, str]:
    """``fields`` with the SAMLResponse's XML changed by ``change(root)`` after signing."""
    root = etree.fromstring(base64.b64decode(fields["SAMLResponse"]))
    change(root)
    return {**fields, "SAMLResponse": base64.b64encode(etree.tostring(root)).decode()}


# --- what Tandem tells the IdP ------------------------------------------------------------


def test_sp_metadata_names_the_acs_and_entity_id(
    client: Client, provider: IdentityProvider
) -> None:
    slug = provider.organization.slug
    response = client.get(sp_url("saml_metadata", provider.organization))
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.get("entityID") == f"https://tandem.example/account/saml/{slug}/metadata/"
    descriptor = root.find(f"{{{MD}}}SPSSODescriptor")
    assert descriptor is not None
    assert descriptor.get("WantAssertionsSigned") == "true"
    acs = descriptor.find(f"{{{MD}}}AssertionConsumerService")
    assert acs is not None
    assert acs.get("Location") == f"http://testserver/account/saml/{slug}/acs/"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


# --- a good response ----------------------------------------------------------------------


def test_signed_assertion_signs_in_and_links_by_the_issuer_qualified_subject(
    client: Client, idp: Idp, provider: IdentityProvider
) -> None:
    response = sign_in(client, idp, provider.organization)
    assert response.status_code == 302, response.content[:800]
    user = lena().user
    assert user is not None
    assert int(client.session["_auth_user_id"]) == user.pk
    account = SocialAccount.objects.get(user=user)
    assert account.provider == provider.provider_id
    assert account.uid == f"{idp.entity_id} lena.leitung@nordwind.example"
    claims = provider.app.get_provider(RequestFactory().get("/")).claims(account.extra_data)
    auth_time = claims.pop("auth_time")
    assert isinstance(auth_time, int)
    assert abs(auth_time - time.time()) < 120
    assert claims == {
        "NameID": "lena.leitung@nordwind.example",
        "employeeNumber": "E0200",
        "mail": "lena.leitung@nordwind.example",
    }


def test_later_sign_ins_go_by_the_subject(
    client: Client, idp: Idp, provider: IdentityProvider
) -> None:
    sign_in(browser(), idp, provider.organization)
    linked = lena()
    # HR gives Lena another employee ID; the IdP's subject still finds her login.
    Employee.objects.filter(pk=linked.pk).update(employee_id="E0201")
    response = sign_in(client, idp, provider.organization, attributes={"employeeNumber": "E0201"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == linked.user_id


def test_the_employee_id_may_be_the_name_id(client: Client, idp: Idp, world: World) -> None:
    configure(idp, world.organization, claim=saml.NAME_ID)
    response = sign_in(client, idp, world.organization, name_id="E0200", attributes={})
    assert response.status_code == 302
    assert lena().user is not None


def test_signed_message_and_assertion_sign_in(
    client: Client, idp: Idp, provider: IdentityProvider
) -> None:
    assert sign_in(client, idp, provider.organization, variant="both-signed").status_code == 302
    assert signed_in(client)


# --- refusals: each changes one thing -----------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "reason"),
    [
        # No signature at all.
        ("unsigned", "The Assertion of the Response is not signed"),
        # The message is signed, the assertion inside it not: want_assertion_signed.
        ("message-signed-only", "The Assertion of the Response is not signed"),
        # Signed by a key the metadata does not name.
        ("other-key", "Signature validation failed"),
        # Meant for another service provider (Audience).
        ("wrong-audience", "is not a valid audience"),
        # Meant to be posted elsewhere: SubjectConfirmationData Recipient, Response Destination.
        ("wrong-recipient", "A valid SubjectConfirmation was not found"),
        ("wrong-destination", "instead of https://elsewhere.example/saml/acs/"),
        # Issued by another IdP than the organisation's (the uid's qualifier rests on it).
        ("wrong-issuer", "Invalid issuer"),
        # Outside the validity window (beyond python3-saml's 5 minutes of clock drift).
        ("expired", "expired"),
        ("not-yet-valid", "not yet valid"),
    ],
)
def test_response_is_refused(
    client: Client,
    idp: Idp,
    provider: IdentityProvider,
    caplog: pytest.LogCaptureFixture,
    variant: str,
    reason: str,
) -> None:
    assert refused(sign_in(client, idp, provider.organization, variant=variant), client)
    assert reason in saml_errors(caplog)


def test_response_read_and_written_again_unchanged_signs_in(
    client: Client, idp: Idp, provider: IdentityProvider
) -> None:
    """The control for the tampering tests: rewriting the XML alone breaks no signature."""
    action, fields = at_idp(client, idp, provider.organization)
    assert post_back(client, action, edited(fields, lambda root: None)).status_code == 302
    assert signed_in(client)


def _other_person(root: etree._Element) -> None:
    root.find(f".//{{{SAML}}}NameID").text = "lena.leitung@nordwind.example"


def _other_employee(root: etree._Element) -> None:
    root.find(f".//{{{SAML}}}AttributeValue").text = "E0200"


def _wrapped(root: etree._Element) -> None:
    """XML signature wrapping: the signed assertion moved aside, a forged one in its place."""
    signed = root.find(f"{{{SAML}}}Assertion")
    assert signed is not None
    forged = etree.fromstring(etree.tostring(signed))
    for signature in forged.findall(f"{{{DS}}}Signature"):
        forged.remove(signature)
    forged.set("ID", "_forged")
    forged.find(f".//{{{SAML}}}NameID").text = "lena.leitung@nordwind.example"
    forged.find(f".//{{{SAML}}}AttributeValue").text = "E0200"
    extensions = etree.SubElement(root, f"{{{SAMLP}}}Extensions")
    root.remove(signed)
    extensions.append(signed)
    root.insert(1, extensions)
    root.append(forged)


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (_other_person, "Signature validation failed"),
        (_other_employee, "Signature validation failed"),
        (_wrapped, "must contain 1 assertion"),
    ],
)
def test_response_changed_after_signing_is_refused(
    client: Client,
    idp: Idp,
    provider: IdentityProvider,
    caplog: pytest.LogCaptureFixture,
    tamper: Callable[[etree._Element], None],
    reason: str,
) -> None:
    """Signed for nobody (E9999), changed to name Lena."""
    nobody = {"name_id": "nobody@nordwind.example", "attributes": {"employeeNumber": "E9999"}}
    action, fields = at_idp(client, idp, provider.organization, **nobody)
    assert refused(post_back(client, action, edited(fields, tamper)), client)
    assert reason in saml_errors(caplog)


def test_idp_initiated_sign_in_is_refused(
    client: Client, idp: Idp, provider: IdentityProvider, caplog: pytest.LogCaptureFixture
) -> None:
    """A response Tandem never asked for (no InResponseTo) is refused, however well signed."""
    idp.shape_next(variant="normal", **LENA)
    action, fields = idp.form(f"{idp.url}/unsolicited")
    assert refused(post_back(client, action, fields), client)
    assert "IdP initiated SSO rejected" in saml_errors(caplog)


def test_replayed_response_is_refused(client: Client, idp: Idp, provider: IdentityProvider) -> None:
    """A good response posted again, from another browser, finds no request waiting for it."""
    action, fields = at_idp(client, idp, provider.organization)
    assert post_back(client, action, fields).status_code == 302
    thief = browser()
    assert post_back(thief, action, fields).status_code == 403
    assert not signed_in(thief)


def test_transient_name_id_is_refused(client: Client, idp: Idp, provider: IdentityProvider) -> None:
    """A NameID that changes with every sign-in names nobody."""
    response = sign_in(client, idp, provider.organization, name_id_format=saml.TRANSIENT)
    assert refused(response, client)


# --- whom a good response may find ---------------------------------------------------------


def test_idp_of_one_organisation_cannot_sign_in_a_person_of_another(
    client: Client, idp: Idp, world: World, provider: IdentityProvider
) -> None:
    """Nordwind's IdP asserts an employee ID that only Südstern has: refused, B unlinked."""
    sued = EmployeeFactory(organization=world.other_organization, employee_id="S0003")
    response = sign_in(client, idp, provider.organization, attributes={"employeeNumber": "S0003"})
    assert response.status_code == 403
    assert not signed_in(client)
    sued.refresh_from_db()
    assert sued.user is None
    assert not SocialAccount.objects.exists()


def test_a_subject_linked_through_one_organisation_does_not_enter_another(
    idp: Idp, world: World, provider: IdentityProvider
) -> None:
    """The same IdP set up by two organisations: Lena's link is Nordwind's alone."""
    sign_in(browser(), idp, world.organization)
    configure(idp, world.other_organization)
    client = browser()
    response = sign_in(client, idp, world.other_organization)
    assert response.status_code == 403  # nobody at Südstern has E0200
    assert not signed_in(client)
    assert SocialAccount.objects.count() == 1


# --- a fresh sign-in before a sensitive action (AUTH-07) -------------------------------------


def confirm(client: Client, idp: Idp, **shape: Any):
    """Lena, signed in through SAML, confirms herself at the IdP before a sensitive action."""
    target = reverse("sso:settings", args=["nordwind"])
    response = client.post(reverse("sso:reauthenticate"), {"next": target})
    assert response.status_code == 302
    idp.shape_next(**{"variant": "normal", **LENA, **shape})
    action, fields = idp.form(response["Location"])
    posted = client.post(urlsplit(action).path, fields)
    return client.get(posted["Location"])


def test_confirming_forces_a_new_sign_in_at_the_idp(
    client: Client, idp: Idp, provider: IdentityProvider
) -> None:
    sign_in(client, idp, provider.organization)
    assert not idp.last_request()["force_authn"]
    response = confirm(client, idp)
    assert idp.last_request()["force_authn"]
    assert response.status_code == 302
    assert response["Location"] == reverse("sso:settings", args=["nordwind"])
    assert SSO_CONFIRMED_KEY in client.session


def test_a_remembered_sign_in_at_the_idp_does_not_confirm(
    client: Client, idp: Idp, provider: IdentityProvider
) -> None:
    """The IdP answered from an hour-old session (its AuthnInstant), not a new sign-in."""
    sign_in(client, idp, provider.organization)
    response = confirm(client, idp, variant="stale-sign-in")
    assert response.status_code == 403
    assert SSO_CONFIRMED_KEY not in client.session
