"""SAML per organisation against a real identity provider (samlify in peers/saml, ECO-02).

The IdP runs as its own process on loopback. The test plays the browser: it asks Tandem to
sign in, follows the redirect to the IdP, and posts the IdP's form back to Tandem's assertion
consumer service. Each refusal test changes one thing about an otherwise good response.
"""

import base64
from collections.abc import Callable, Iterator
from typing import Any, cast
from urllib.parse import urlsplit

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.signals import pre_social_login
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse
from lxml import etree

from tandem.core.models import Organization
from tandem.people.tests.factories import OrganizationFactory
from tandem.sso import saml
from tandem.sso.tests.saml_peer import DS, MD, SAML, SAMLP, Idp, running_idp

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    with running_idp() as running:
        yield running


@pytest.fixture
def client() -> Client:
    # A browser always names the host (allauth's SAML views read it); Django's client does not.
    return Client(HTTP_HOST="testserver")


@pytest.fixture
def organization(idp: Idp, client: Client) -> Organization:
    """An organisation whose admin uploaded the IdP's metadata and gave the IdP Tandem's."""
    organization = cast(Organization, OrganizationFactory())
    saml.configure_app(
        organization=organization, idp=saml.read_idp_metadata(idp.metadata()), app=None
    ).save()
    sp_metadata = client.get(sp_url("saml_metadata", organization)).content
    assert idp.trust(sp_metadata) == saml.sp_entity_id(organization.slug)
    return organization


def sp_url(name: str, organization: Organization) -> str:
    return reverse(name, kwargs={"organization_slug": organization.slug})


@pytest.fixture
def logins() -> Iterator[list[SocialLogin]]:
    """The logins that passed every SAML check; each stops there with a 204."""
    seen: list[SocialLogin] = []

    def stop(sender: object, request: HttpRequest, sociallogin: SocialLogin, **kwargs: Any) -> None:
        seen.append(sociallogin)
        raise ImmediateHttpResponse(HttpResponse(status=204))

    pre_social_login.connect(stop, dispatch_uid="test_saml")
    yield seen
    pre_social_login.disconnect(dispatch_uid="test_saml")


def start(client: Client, organization: Organization) -> str:
    """Ask Tandem to sign in through the organisation's IdP; the IdP address it sends us to."""
    response = client.post(sp_url("saml_login", organization))
    assert response.status_code == 302
    location: str = response["Location"]
    return location


def post_back(client: Client, action: str, fields: dict[str, str]):
    """What the browser does with the IdP's form: post it, then follow Tandem's redirect."""
    response = client.post(urlsplit(action).path, fields)
    assert response.status_code == 302
    return client.get(response["Location"])


def sign_in(client: Client, idp: Idp, organization: Organization, **shape: Any):
    idp.shape_next(**shape)
    action, fields = idp.form(start(client, organization))
    return post_back(client, action, fields)


def refused(response: HttpResponse, logins: list[SocialLogin]) -> bool:
    return response.status_code == 401 and not logins


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
    client: Client, organization: Organization
) -> None:
    response = client.get(sp_url("saml_metadata", organization))
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.get("entityID") == saml.sp_entity_id(organization.slug)
    assert root.get("entityID") == (
        f"https://tandem.example/account/saml/{organization.slug}/metadata/"
    )
    descriptor = root.find(f"{{{MD}}}SPSSODescriptor")
    assert descriptor is not None
    assert descriptor.get("WantAssertionsSigned") == "true"
    acs = descriptor.find(f"{{{MD}}}AssertionConsumerService")
    assert acs is not None
    assert acs.get("Location") == f"http://testserver/account/saml/{organization.slug}/acs/"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


# --- a good response ----------------------------------------------------------------------


def test_signed_assertion_passes_with_issuer_qualified_subject(
    client: Client, idp: Idp, organization: Organization, logins: list[SocialLogin]
) -> None:
    response = sign_in(
        client,
        idp,
        organization,
        variant="normal",
        name_id="E-4711",
        attributes={"employeeNumber": "4711", "email": "kim@example.com"},
    )
    assert response.status_code == 204
    [login] = logins
    assert login.account.uid == f"{idp.entity_id}!E-4711"
    assert login.account.provider == f"saml-{organization.slug}"
    assert saml.claims(login) == {
        "NameID": "E-4711",
        "employeeNumber": "4711",
        "email": "kim@example.com",
    }


def test_signed_message_and_assertion_pass(
    client: Client, idp: Idp, organization: Organization, logins: list[SocialLogin]
) -> None:
    response = sign_in(client, idp, organization, variant="both-signed")
    assert response.status_code == 204
    assert len(logins) == 1


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
    organization: Organization,
    logins: list[SocialLogin],
    caplog: pytest.LogCaptureFixture,
    variant: str,
    reason: str,
) -> None:
    assert refused(sign_in(client, idp, organization, variant=variant), logins)
    assert reason in saml_errors(caplog)


def test_response_read_and_written_again_unchanged_passes(
    client: Client, idp: Idp, organization: Organization, logins: list[SocialLogin]
) -> None:
    """The control for the tampering tests: rewriting the XML alone breaks no signature."""
    idp.shape_next(variant="normal")
    action, fields = idp.form(start(client, organization))
    assert post_back(client, action, edited(fields, lambda root: None)).status_code == 204
    assert len(logins) == 1


def _other_person(root: etree._Element) -> None:
    root.find(f".//{{{SAML}}}NameID").text = "E-2"


def _other_employee(root: etree._Element) -> None:
    root.find(f".//{{{SAML}}}AttributeValue").text = "2"


def _wrapped(root: etree._Element) -> None:
    """XML signature wrapping: the signed assertion moved aside, a forged one in its place."""
    signed = root.find(f"{{{SAML}}}Assertion")
    assert signed is not None
    forged = etree.fromstring(etree.tostring(signed))
    for signature in forged.findall(f"{{{DS}}}Signature"):
        forged.remove(signature)
    forged.set("ID", "_forged")
    forged.find(f".//{{{SAML}}}NameID").text = "E-2"
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
    organization: Organization,
    logins: list[SocialLogin],
    caplog: pytest.LogCaptureFixture,
    tamper: Callable[[etree._Element], None],
    reason: str,
) -> None:
    idp.shape_next(variant="normal", name_id="E-1", attributes={"employeeNumber": "1"})
    action, fields = idp.form(start(client, organization))
    assert refused(post_back(client, action, edited(fields, tamper)), logins)
    assert reason in saml_errors(caplog)


def test_idp_initiated_sign_in_is_refused(
    client: Client,
    idp: Idp,
    organization: Organization,
    logins: list[SocialLogin],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A response Tandem never asked for (no InResponseTo) is refused, however well signed."""
    idp.shape_next(variant="normal")
    action, fields = idp.form(f"{idp.url}/unsolicited")
    assert refused(post_back(client, action, fields), logins)
    assert "IdP initiated SSO rejected" in saml_errors(caplog)


def test_replayed_response_is_refused(
    client: Client, idp: Idp, organization: Organization, logins: list[SocialLogin]
) -> None:
    """A good response posted a second time finds no request waiting for it."""
    idp.shape_next(variant="normal")
    action, fields = idp.form(start(client, organization))
    assert post_back(client, action, fields).status_code == 204
    assert post_back(client, action, fields).status_code == 403
    assert len(logins) == 1


def test_transient_name_id_is_refused(
    client: Client, idp: Idp, organization: Organization, logins: list[SocialLogin]
) -> None:
    """A NameID that changes with every sign-in names nobody."""
    assert refused(sign_in(client, idp, organization, name_id_format=saml.TRANSIENT), logins)
