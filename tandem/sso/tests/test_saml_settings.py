"""The administration sets up SAML on the company sign-in page, then tests it at the real IdP."""

from collections.abc import Iterator

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import etree

from conftest import World, fresh_client_for
from tandem.core.models import AuditEntry
from tandem.sso.models import IdentityProvider, Protocol
from tandem.sso.tests.oidc_peer import Peer, configure
from tandem.sso.tests.saml_peer import MD, Idp, running_idp

pytestmark = pytest.mark.django_db

SETTINGS = "sso:settings"


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    with running_idp() as running:
        yield running


@pytest.fixture
def admin(world: World) -> Client:
    client = fresh_client_for(world, "admin")
    # A browser always names the host (allauth's SAML views read it); Django's client does not.
    client.defaults["HTTP_HOST"] = "testserver"
    return client


def upload(admin: Client, world: World, metadata: bytes, **fields: str):
    return admin.post(
        reverse(SETTINGS, args=[world.organization.slug]),
        {
            "action": "saml",
            "saml-metadata": SimpleUploadedFile("idp.xml", metadata, "application/xml"),
            "saml-employee_id_source": "attribute",
            "saml-attribute": "employeeNumber",
            "saml-domains_text": "nordwind.example",
            **fields,
        },
        secure=True,
    )


def without_certificate(metadata: bytes) -> bytes:
    root = etree.fromstring(metadata)
    for key in root.iter(f"{{{MD}}}KeyDescriptor"):
        parent = key.getparent()
        assert parent is not None
        parent.remove(key)
    return bytes(etree.tostring(root))


def test_page_shows_tandems_addresses_to_copy(admin: Client, world: World) -> None:
    page = admin.get(reverse(SETTINGS, args=[world.organization.slug]), secure=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="https://tandem.example/account/saml/nordwind/metadata/"' in html
    assert 'value="https://tandem.example/account/saml/nordwind/acs/"' in html


def test_uploaded_metadata_sets_up_saml_switched_off_until_tested(
    admin: Client, world: World, idp: Idp
) -> None:
    response = upload(admin, world, idp.metadata())
    assert response.status_code == 302, response.content.decode()[-3000:]
    provider = IdentityProvider.objects.get(organization=world.organization)
    assert provider.protocol == Protocol.SAML
    assert provider.claim == "employeeNumber"
    assert provider.domains == ["nordwind.example"]
    assert not provider.enabled
    assert provider.tested is None
    assert provider.app.client_id == "nordwind"
    assert provider.app.settings["idp"]["entity_id"] == idp.entity_id
    assert AuditEntry.objects.filter(action="sso.provider.created").exists()
    page = admin.get(reverse(SETTINGS, args=[world.organization.slug]), secure=True)
    assert 'download="tandem-metadata.xml"' in page.content.decode()
    metadata = admin.get(reverse("saml_metadata", args=["nordwind"]))
    assert metadata.status_code == 200
    assert b"https://tandem.example/account/saml/nordwind/metadata/" in metadata.content


def test_metadata_without_a_certificate_saves_nothing(
    admin: Client, world: World, idp: Idp
) -> None:
    response = upload(admin, world, without_certificate(idp.metadata()))
    assert response.status_code == 200
    assert "Die Metadaten enthalten kein Signaturzertifikat." in response.content.decode()
    assert not IdentityProvider.objects.exists()
    assert not SocialApp.objects.exists()


def test_changed_metadata_asks_for_a_new_test(admin: Client, world: World, idp: Idp) -> None:
    upload(admin, world, idp.metadata())
    IdentityProvider.objects.update(enabled=True, tested="2026-01-01T00:00Z")
    # The same metadata again changes nothing that matters; the attribute may change.
    upload(admin, world, idp.metadata(), **{"saml-attribute": "personnelNumber"})
    provider = IdentityProvider.objects.get()
    assert provider.enabled
    assert provider.claim == "personnelNumber"
    # Another sign-in address is another provider until tested.
    root = etree.fromstring(idp.metadata())
    for service in root.iter(f"{{{MD}}}SingleSignOnService"):
        service.set("Location", f"{idp.url}/elsewhere")
    assert upload(admin, world, bytes(etree.tostring(root))).status_code == 302
    changed = IdentityProvider.objects.get()
    assert not changed.enabled
    assert changed.tested is None
    assert changed.app.settings["idp"]["sso_url"] == f"{idp.url}/elsewhere"


def test_test_sign_in_through_the_idp_marks_it_tested_and_links_nobody(
    admin: Client, world: World, idp: Idp
) -> None:
    upload(admin, world, idp.metadata())
    idp.trust(admin.get(reverse("saml_metadata", args=["nordwind"])).content)
    start = admin.post(reverse("sso:test", args=["nordwind"]), secure=True)
    assert start.status_code == 302
    assert start["Location"].startswith(f"{idp.url}/sso?")
    idp.shape_next(variant="normal", name_id="lena", attributes={"employeeNumber": "E0200"})
    action, fields = idp.form(start["Location"])
    posted = admin.post(action.split("testserver", 1)[1], fields)
    result = admin.get(posted["Location"])
    assert result.status_code == 200
    assert "Lena" in result.content.decode()
    assert IdentityProvider.objects.get().tested is not None
    assert not SocialAccount.objects.exists()


def test_one_protocol_at_a_time_a_post_for_the_other_changes_nothing(
    admin: Client, world: World, idp: Idp, oidc_peer: Peer
) -> None:
    """The page offers only the current protocol's form; a post for the other one (a stale
    tab, a crafted request) is refused with a message and leaves the provider as it was."""
    oidc = configure(oidc_peer, world.organization)
    response = upload(admin, world, idp.metadata())
    assert response.status_code == 200
    assert "entfernen" in response.content.decode()  # remove the current sign-in first
    provider = IdentityProvider.objects.get(organization=world.organization)
    assert (provider.pk, provider.protocol, provider.app_id) == (oidc.pk, "oidc", oidc.app_id)
    app = SocialApp.objects.get(pk=oidc.app_id)
    assert (app.provider, "idp" in app.settings) == ("openid_connect", False)
