"""Uploaded IdP metadata: what Tandem reads from a real IdP's file, and what it refuses."""

from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from conftest import World
from tandem.core.models import Organization
from tandem.people.tests.factories import OrganizationFactory
from tandem.sso import saml
from tandem.sso.forms_saml import SamlForm, SamlLinkForm
from tandem.sso.models import IdentityProvider, LinkBy
from tandem.sso.tests.saml_peer import DS, MD, Idp, running_idp


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    with running_idp() as running:
        yield running


def changed(metadata: bytes, change: Callable[[etree._Element], None]) -> bytes:
    root = etree.fromstring(metadata)
    change(root)
    return bytes(etree.tostring(root))


def _remove(path: str) -> Callable[[etree._Element], None]:
    def remove(root: etree._Element) -> None:
        for element in root.iterfind(path, {"md": MD, "ds": DS}):
            parent = element.getparent()
            assert parent is not None
            parent.remove(element)

    return remove


def _no_entity_id(root: etree._Element) -> None:
    del root.attrib["entityID"]


def _garbled_certificate(root: etree._Element) -> None:
    certificate = root.find(f".//{{{DS}}}X509Certificate")
    assert certificate is not None
    certificate.text = "bm90IGEgY2VydGlmaWNhdGU="


def test_metadata_of_the_idp_is_read(idp: Idp) -> None:
    read = saml.read_idp_metadata(idp.metadata())
    assert read.entity_id == idp.entity_id
    assert read.sso_url == f"{idp.url}/sso"
    assert read.x509cert.startswith("MII")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_no_entity_id, "no_entity_id"),
        (_remove(".//md:SingleSignOnService"), "no_sso_url"),
        (_remove(".//md:KeyDescriptor"), "no_certificate"),
        (_garbled_certificate, "bad_certificate"),
    ],
)
def test_incomplete_metadata_is_refused(
    idp: Idp, change: Callable[[etree._Element], None], code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        saml.read_idp_metadata(changed(idp.metadata(), change))
    assert [error.code for error in refused.value.error_list] == [code]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"Name;Personalnummer\nKim;4711\n", "not_xml"),
        # An entity defined in a DTD (XXE, billion laughs) is not even parsed.
        (
            b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            b'entityID="&x;"/>',
            "not_xml",
        ),
        (b"<x>" + b" " * saml.MAX_METADATA_BYTES + b"</x>", "too_large"),
    ],
)
def test_what_is_no_metadata_is_refused(content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        saml.read_idp_metadata(content)
    assert [error.code for error in refused.value.error_list] == [code]


def test_form_reads_the_uploaded_metadata(idp: Idp) -> None:
    upload = SimpleUploadedFile("metadata.xml", idp.metadata(), "application/xml")
    form = SamlForm({}, {"metadata": upload}, has_metadata=False)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["metadata"].entity_id == idp.entity_id
    # Later, the metadata Tandem has is kept unless a new file comes.
    kept = SamlForm({}, {}, has_metadata=True)
    assert kept.is_valid(), kept.errors
    assert kept.cleaned_data["metadata"] is None
    assert not SamlForm({}, {}, has_metadata=False).is_valid()


def test_form_shows_the_metadata_errors_in_german(idp: Idp) -> None:
    broken = changed(idp.metadata(), _remove(".//md:KeyDescriptor"))
    upload = SimpleUploadedFile("metadata.xml", broken, "application/xml")
    form = SamlForm({}, {"metadata": upload}, has_metadata=True)
    assert not form.is_valid()
    assert form.errors["metadata"] == ["Die Metadaten enthalten kein Signaturzertifikat."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "claim"),
    [
        ({"employee_id_source": "name_id"}, saml.NAME_ID),
        ({"employee_id_source": "attribute", "attribute": "employeeNumber"}, "employeeNumber"),
    ],
)
def test_employee_id_is_in_the_name_id_or_a_named_attribute(
    world: World, data: dict[str, str], claim: str
) -> None:
    form = SamlLinkForm(data, instance=IdentityProvider(organization=world.organization))
    assert form.is_valid(), form.errors
    assert form.instance.claim == claim
    assert form.instance.link_by == LinkBy.EMPLOYEE_ID


@pytest.mark.django_db
def test_an_attribute_must_be_named(world: World) -> None:
    form = SamlLinkForm(
        {"employee_id_source": "attribute", "attribute": " "},
        instance=IdentityProvider(organization=world.organization),
    )
    assert not form.is_valid()
    assert list(form.errors) == ["attribute"]


@pytest.mark.django_db
def test_new_metadata_keeps_tandems_entity_id(idp: Idp, settings: Any) -> None:
    """The IdP knows Tandem by its entity id: a later upload or a new address must not change it."""
    organization = cast(Organization, OrganizationFactory())
    read = saml.read_idp_metadata(idp.metadata())
    app = saml.configure_app(SocialApp(), organization=organization, idp=read)
    app.save()
    first = app.settings["sp"]["entity_id"]
    assert first == f"https://tandem.example/account/saml/{organization.slug}/metadata/"

    settings.TANDEM_BASE_URL = "https://tandem.example.net"
    again = saml.configure_app(app, organization=organization, idp=read)
    assert again.settings["sp"]["entity_id"] == first
    assert again.client_id == organization.slug
