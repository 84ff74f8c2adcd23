"""Login, password policy, throttling, session lifetime, logout and deprovisioning."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import World
from tandem.accounts.models import User
from tandem.accounts.services import deactivate_user
from tandem.accounts.tests.logins import login

START = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
PROTECTED = "/account/preferences/"


def is_logged_in(client: Client) -> bool:
    return client.get(PROTECTED, secure=True).status_code == 200


# --- AUTH-01 password policy --------------------------------------------------------


def test_short_password_is_rejected() -> None:
    with pytest.raises(ValidationError):
        validate_password("Kurz-12345a")  # 11 characters


def test_common_password_is_rejected() -> None:
    with pytest.raises(ValidationError):
        validate_password("password1234")


def test_long_passphrase_without_composition_rules_is_accepted() -> None:
    validate_password("meine katze mag keine gurken")


@pytest.mark.django_db
def test_password_of_64_characters_round_trips() -> None:
    password = "ä" + "x" * 62 + "!"
    assert len(password) == 64
    validate_password(password)
    user = User.objects.create_user("long@example.org", password)
    assert User.objects.get(pk=user.pk).check_password(password)


# --- login, logout, sessions ------------------------------------------------------


@pytest.mark.django_db
def test_login_with_email_and_password(world: World) -> None:
    client = Client()
    response = login(client, world.admin.email)
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_login_with_wrong_password_fails_with_a_message(world: World) -> None:
    client = Client()
    response = login(client, world.admin.email, "wrong password entirely")
    assert response.status_code == 200
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_login_rotates_the_session_id(world: World) -> None:
    client = Client()
    client.get(reverse("account_login"), secure=True)
    client.session.save()
    before = client.session.session_key
    login(client, world.admin.email)
    assert client.session.session_key != before


@pytest.mark.django_db
def test_self_signup_is_closed(world: World) -> None:
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a long new passphrase",
            "password2": "a long new passphrase",
        },
        secure=True,
    )
    assert response.status_code in (200, 403)
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(world: World) -> None:
    client = Client()
    login(client, world.mentor.email)
    stolen_cookie = client.cookies.output()
    client.post(reverse("account_logout"), secure=True)
    replay = Client()
    replay.cookies.load(stolen_cookie.replace("Set-Cookie: ", ""))
    response = replay.get(PROTECTED, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_idle_session_expires_after_30_minutes(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        login(client, world.mentor.email)
        traveller.shift(dt.timedelta(minutes=29))
        assert is_logged_in(client)
        traveller.shift(dt.timedelta(minutes=31))
        assert not is_logged_in(client)


@pytest.mark.django_db
def test_active_session_ends_after_12_hours(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        login(client, world.mentor.email)
        for _ in range(12 * 60 // 25):
            traveller.shift(dt.timedelta(minutes=25))
            assert is_logged_in(client)
        traveller.shift(dt.timedelta(minutes=25))
        assert not is_logged_in(client)


@pytest.mark.django_db
def test_deactivated_user_is_logged_out_everywhere(world: World) -> None:
    laptop, phone = Client(), Client()
    login(laptop, world.mentee.email)
    login(phone, world.mentee.email)
    assert is_logged_in(laptop)
    assert is_logged_in(phone)
    deactivate_user(user=world.mentee)
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)
    again = Client()
    login(again, world.mentee.email)
    assert not is_logged_in(again)


# --- AUTH-02 throttling -----------------------------------------------------------


@pytest.mark.django_db
def test_five_failed_logins_block_even_the_right_password_for_five_minutes(world: World) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            assert not is_logged_in_after(login(Client(), world.admin.email, "not the password"))
        blocked = Client()
        login(blocked, world.admin.email)
        assert not is_logged_in(blocked)
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        allowed = Client()
        login(allowed, world.admin.email)
        assert is_logged_in(allowed)


def is_logged_in_after(response) -> bool:
    return response.status_code == 302


# --- SEC-03 cookies ---------------------------------------------------------------


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_host_prefixed_secure_and_same_site_lax(world: World) -> None:
    client = Client()
    page = client.get(reverse("account_login"), secure=True)
    # Rarely (2 of about 8 full runs) this cookie was missing; say what the page was when it is.
    assert "__Host-csrftoken" in page.cookies, (page.status_code, dict(page.headers))
    csrf = page.cookies["__Host-csrftoken"]
    response = login(client, world.admin.email)
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"]
        assert cookie["path"] == "/"
        assert not cookie["domain"]
        assert cookie["samesite"] == "Lax"
    assert session["httponly"]


# --- language -------------------------------------------------------------------------


@pytest.mark.django_db
def test_saved_language_wins_over_the_browser(world: World) -> None:
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    client = Client()
    client.force_login(world.mentor)
    response = client.get(PROTECTED, secure=True, headers={"accept-language": "de"})
    assert response["Content-Language"] == "en"
    assert b'<html lang="en">' in response.content


@pytest.mark.django_db
def test_anonymous_visitors_get_german_by_default() -> None:
    response = Client().get(reverse("account_login"), secure=True)
    assert response["Content-Language"] == "de"


@pytest.mark.django_db
def test_preferences_form_saves_the_language(world: World) -> None:
    client = Client()
    client.force_login(world.observer)
    response = client.post(
        PROTECTED, {"first_name": "Otto", "last_name": "Beobachter", "language": "en"}, secure=True
    )
    assert response.status_code == 302
    world.observer.refresh_from_db()
    assert world.observer.language == "en"


@pytest.mark.django_db
def test_preferences_form_rejects_an_unknown_language_at_the_field(world: World) -> None:
    client = Client()
    client.force_login(world.observer)
    response = client.post(
        PROTECTED, {"first_name": "Otto", "last_name": "B", "language": "xx"}, secure=True
    )
    assert response.status_code == 200
    assert b'id="id_language_error"' in response.content


@pytest.mark.django_db
def test_the_header_language_switch_works_for_a_signed_in_user_and_is_remembered(
    world: World,
) -> None:
    """The saved preference used to win over the switch, so it did nothing (issue 14)."""
    client = Client()
    client.force_login(world.mentor)
    assert client.get(PROTECTED, secure=True).headers["Content-Language"] == "de"
    response = client.post(
        reverse("set_language"), {"language": "en", "next": PROTECTED}, secure=True
    )
    assert response["Location"] == PROTECTED
    assert client.get(PROTECTED, secure=True).headers["Content-Language"] == "en"
    world.mentor.refresh_from_db()
    assert world.mentor.language == "en"  # also in the next session and in mail
    client.post(reverse("set_language"), {"language": "xx", "next": PROTECTED}, secure=True)
    world.mentor.refresh_from_db()
    assert world.mentor.language == "en"
