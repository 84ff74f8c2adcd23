"""A login's address: the organisation's for people in its org chart; verified before it counts."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import World, client_for, fresh_client_for


@pytest.mark.django_db
def test_a_participants_address_is_shown_as_their_organisations_and_cannot_be_changed(
    world: World,
) -> None:
    client = fresh_client_for(world, "mentor")
    page = client.get(reverse("account_email"), secure=True)
    assert page.status_code == 200
    body = page.content.decode()
    assert "mentor@nordwind.example" in body
    assert "Nordwind Logistik AG" in body
    assert "Personalabteilung" in body
    refused = client.post(
        reverse("account_email"), {"action_add": "", "email": "private@example.org"}, secure=True
    )
    assert refused.status_code == 403
    assert not EmailAddress.objects.filter(email="private@example.org").exists()


@pytest.mark.django_db
def test_an_added_address_counts_only_once_its_owner_followed_the_mailed_link(
    world: World,
) -> None:
    client = fresh_client_for(world, "observer")
    assert b'name="email"' in client.get(reverse("account_email"), secure=True).content
    client.post(
        reverse("account_email"), {"action_add": "", "email": "otto@beirat.example"}, secure=True
    )
    world.observer.refresh_from_db()
    assert world.observer.email == "observer@nordwind.example"  # not yet
    assert not EmailAddress.objects.get(email="otto@beirat.example").verified
    (message,) = mail.outbox
    assert message.to == ["otto@beirat.example"]
    path = re.search(r"https?://testserver(/account/\S+/)", message.body).group(1)
    owner = client_for(world, "observer")
    owner.post(path, secure=True)
    world.observer.refresh_from_db()
    assert world.observer.email == "otto@beirat.example"
    assert EmailAddress.objects.get(user=world.observer).email == "otto@beirat.example"


@pytest.mark.django_db
def test_an_unverified_address_cannot_be_made_the_login(world: World) -> None:
    client = fresh_client_for(world, "observer")
    client.post(
        reverse("account_email"), {"action_add": "", "email": "otto@beirat.example"}, secure=True
    )
    client.post(
        reverse("account_email"),
        {"action_primary": "", "email": "otto@beirat.example"},
        secure=True,
    )
    world.observer.refresh_from_db()
    assert world.observer.email == "observer@nordwind.example"
    assert not Client().login(email="otto@beirat.example", password="correct horse battery staple")


@pytest.mark.django_db
def test_a_login_whose_address_was_never_verified_confirms_it_at_the_next_sign_in(
    world: World,
) -> None:
    """Addresses typed in before verification was required count once confirmed (ADR 0014)."""
    EmailAddress.objects.filter(user=world.mentor).update(verified=False)
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": world.mentor.email, "password": "correct horse battery staple"},
        secure=True,
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get("/account/preferences/", secure=True).status_code == 302  # not signed in
    (message,) = mail.outbox
    assert message.to == ["mentor@nordwind.example"]
    path = re.search(r"https?://testserver(/account/\S+/)", message.body).group(1)
    Client().post(path, secure=True)
    assert EmailAddress.objects.get(user=world.mentor).verified
    again = Client()
    again.post(
        reverse("account_login"),
        {"login": world.mentor.email, "password": "correct horse battery staple"},
        secure=True,
    )
    assert again.get("/account/preferences/", secure=True).status_code == 200
