"""The account pages (allauth) answer in Tandem's layout, in German and English, and say "Sie"."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from conftest import World, client_for
from tandem.accounts.tests.test_formal_german import INFORMAL
from tandem.people.tests.factories import PASSWORD

LANGUAGES = ["de", "en"]
# url name -> the page's heading in German and in English
ANONYMOUS_PAGES = {
    "account_login": ("Anmelden", "Log in"),
    "account_reset_password": ("Passwort zurücksetzen", "Password Reset"),
    "account_reset_password_done": ("Passwort zurücksetzen", "Password Reset"),
    # Where a login whose address is not yet verified is sent when signing in (AUTH-09).
    "account_email_verification_sent": (
        "Bestätigen Sie Ihre E-Mail-Adresse",
        "Verify Your Email Address",
    ),
}
MEMBER_PAGES = {
    "account_logout": ("Abmelden", "Sign Out"),
    "account_change_password": ("Passwort ändern", "Change Password"),
    "mfa_index": ("Zwei-Faktor-Authentifizierung", "Two-Factor Authentication"),
    "usersessions_list": ("Sitzungen", "Sessions"),
    "account_reauthenticate": ("Zugriff bestätigen", "Confirm Access"),
}
# allauth asks for the password again before these (reauthentication, 5 minutes); the
# recovery-code pages exist once two-factor authentication is on, activation before.
SENSITIVE_PAGES = {
    "mfa_activate_totp": ("Authenticator-App aktivieren", "Activate Authenticator App"),
    "mfa_view_recovery_codes": ("Wiederherstellungscodes", "Recovery Codes"),
    "mfa_generate_recovery_codes": ("Wiederherstellungscodes", "Recovery Codes"),
}


def heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no <h1>"
    return " ".join(match.group(1).split())


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def assert_page(html: str, language: str, headings: tuple[str, str]) -> None:
    assert f'<html lang="{language}">' in html
    assert heading(html) == headings[LANGUAGES.index(language)]
    assert 'class="site-header"' in html  # Tandem's layout, not allauth's bare one
    if language == "de":
        assert not INFORMAL.search(visible_text(html)), INFORMAL.findall(visible_text(html))


def member_client(world: World, language: str) -> Client:
    world.mentor.language = language
    world.mentor.save(update_fields=["language"])
    return client_for(world, "mentor")


def reauthenticate(client: Client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD}, secure=True)
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_anonymous_pages_answer_in_both_languages(url_name: str, language: str) -> None:
    response = Client().get(reverse(url_name), secure=True, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert_page(response.content.decode(), language, ANONYMOUS_PAGES[url_name])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url_name", MEMBER_PAGES)
def test_member_pages_answer_in_the_users_language(
    world: World, url_name: str, language: str
) -> None:
    response = member_client(world, language).get(reverse(url_name), secure=True)
    assert response.status_code == 200
    assert_page(response.content.decode(), language, MEMBER_PAGES[url_name])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url_name", SENSITIVE_PAGES)
def test_sensitive_pages_ask_for_the_password_first(
    world: World, url_name: str, language: str
) -> None:
    if url_name != "mfa_activate_totp":
        TOTP.activate(world.mentor, generate_totp_secret())
        RecoveryCodes.activate(world.mentor)
    client = member_client(world, language)
    url = reverse(url_name)

    response = client.get(url, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))

    reauthenticate(client)
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert_page(response.content.decode(), language, SENSITIVE_PAGES[url_name])


@pytest.mark.parametrize("url_name", [*MEMBER_PAGES, *SENSITIVE_PAGES])
def test_anonymous_visitors_are_sent_to_the_login(world: World, url_name: str) -> None:
    response = Client().get(reverse(url_name), secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logged_in_member_skips_the_login_page(world: World) -> None:
    response = client_for(world, "mentor").get(reverse("account_login"), secure=True)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("de", "Melden Sie sich mit Ihrer geschäftlichen E-Mail-Adresse an."),
        ("en", "Log in with your work email address."),
    ],
)
def test_login_page_offers_password_reset_but_no_sign_up(language: str, line: str) -> None:
    html = (
        Client()
        .get(reverse("account_login"), secure=True, HTTP_ACCEPT_LANGUAGE=language)
        .content.decode()
    )
    assert line in html
    assert f'href="{reverse("account_reset_password")}"' in html
    assert reverse("account_signup") not in html
    assert not re.search(r"sign.?up|registr", visible_text(html), re.I)


@pytest.mark.django_db
def test_login_fields_use_tandem_markup() -> None:
    html = Client().get(reverse("account_login"), secure=True).content.decode()
    assert '<label for="id_login">E-Mail-Adresse</label>' in html
    assert '<label for="id_password">Passwort</label>' in html
    assert '<p class="help" id="id_password_helptext">' in html
    assert 'aria-describedby="id_password_helptext"' in html


def test_form_errors_follow_the_input_and_are_announced(world: World) -> None:
    client = member_client(world, "de")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "falsch", "password1": "kurz", "password2": "anders"},
        secure=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    field = re.search(r'<div class="field">\s*<label for="id_oldpassword">.*?</div>', html, re.S)
    assert field, "the current-password field is missing"
    markup = field.group(0)
    assert '<label for="id_oldpassword">Aktuelles Passwort</label>' in markup
    assert 'aria-invalid="true"' in markup
    assert re.search(r'aria-describedby="[^"]*\bid_oldpassword_error\b', markup)
    assert markup.index("<input") < markup.index('id="id_oldpassword_error"')
    assert "Bitte geben Sie Ihr aktuelles Passwort ein." in markup
    # Django's password rules are a list: a <div>, since a <p> cannot hold it.
    assert '<div class="help" id="id_password1_helptext"><ul>' in html


def test_wrong_login_is_reported_formally_above_the_fields(world: World) -> None:
    response = Client().post(
        reverse("account_login"),
        {"login": world.mentor.email, "password": "falsch"},
        secure=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="errorlist nonfield" role="alert">' in html
    assert html.index("errorlist nonfield") < html.index('id="id_login"')


@pytest.mark.django_db
def test_the_login_page_says_why_it_is_shown_on_the_way_to_a_registration(world: World) -> None:
    """The join link showed a bare login page (issue 14)."""
    join = reverse("programs:join", args=[world.organization.slug, "abc"])
    response = Client().get(join, secure=True, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Log in to register for the cohort you were invited to" in page
    assert f'value="{join}"' in page  # and it leads back there
