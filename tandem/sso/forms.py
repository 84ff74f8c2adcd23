"""The organisation's company sign-in, as its administration sets it up."""

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tandem.core.models import Organization
from tandem.sso.models import IdentityProvider, LinkBy

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class OidcForm(forms.Form):
    """Where the provider is and who Tandem is to it (the secret is never shown again)."""

    name = forms.CharField(
        label=_("Name on the sign-in button"),
        max_length=40,
        help_text=_("For example the name of your company or of its identity provider."),
    )
    server_url = forms.URLField(
        label=_("Issuer or discovery URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The address before /.well-known/openid-configuration, or the whole discovery URL."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=191)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, has_secret: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret
        self.fields["client_secret"].help_text = (
            _("A secret is stored. Leave this empty to keep it; it is never shown again.")
            if has_secret
            else _("Once saved, it is never shown again.")
        )

    def clean_server_url(self) -> str:
        url = str(self.cleaned_data["server_url"]).strip()
        parts = urlsplit(url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and (parts.hostname in LOOPBACK or settings.DEBUG)
        ):
            raise forms.ValidationError(_("The provider must be reached over HTTPS."))
        if parts.query or parts.fragment:
            raise forms.ValidationError(_("Please enter the address without ? or #."))
        return url

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("client_secret") and not self.has_secret:
            self.add_error("client_secret", _("Please enter the client secret."))
        return cleaned


class LinkForm(forms.ModelForm[IdentityProvider]):
    """How a first sign-in finds its person in the org chart."""

    domains_text = forms.CharField(
        label=_("The organisation's e-mail domains"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, e.g. example.com, example.de"),
    )

    class Meta:
        model = IdentityProvider
        fields = ["link_by", "claim"]
        widgets = {"link_by": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains_text"].initial = ", ".join(self.instance.domains or [])
        self.fields["claim"].required = False

    def clean_domains_text(self) -> list[str]:
        raw = str(self.cleaned_data.get("domains_text") or "")
        domains = [part.strip().casefold().lstrip("@") for part in re.split(r"[,\s;]+", raw)]
        domains = [domain for domain in domains if domain]
        wrong = [domain for domain in domains if not DOMAIN.match(domain)]
        if wrong:
            raise forms.ValidationError(
                _("Not a domain: %(domains)s"), params={"domains": ", ".join(wrong)}
            )
        return sorted(set(domains))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("link_by") == LinkBy.EMPLOYEE_ID and not cleaned.get("claim"):
            self.add_error("claim", _("Please name the claim that holds the employee ID."))
        if cleaned.get("link_by") == LinkBy.EMAIL and not cleaned.get("domains_text"):
            self.add_error("domains_text", _("Please name at least one domain."))
        return cleaned

    def save(self, commit: bool = True) -> IdentityProvider:
        self.instance.domains = self.cleaned_data["domains_text"]
        return super().save(commit=commit)


class PolicyForm(forms.Form):
    """Whether company sign-in is on, the only way in, and followed by Tandem's second factor."""

    enabled = forms.BooleanField(label=_("Company sign-in is switched on"), required=False)
    sso_required = Organization._meta.get_field("sso_required").formfield()
    sso_mfa = Organization._meta.get_field("sso_mfa").formfield()

    def __init__(self, *args: Any, provider: IdentityProvider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider = provider

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("enabled") and self.provider.tested is None:
            self.add_error(
                "enabled",
                _("Please test the sign-in successfully before switching it on."),
            )
        if cleaned.get("sso_required") and not cleaned.get("enabled"):
            self.add_error(
                "sso_required", _("Company sign-in must be switched on to be the only way in.")
            )
        return cleaned
