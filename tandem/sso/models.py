"""An organisation's own identity provider: how its people sign in with their company account."""

from typing import ClassVar
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.models import Organization
from tandem.core.validators import single_line


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class LinkBy(models.TextChoices):
    """How a first sign-in finds the person it belongs to (later ones go by the subject)."""

    EMPLOYEE_ID = "employee_id", _("Employee ID in a claim")
    EMAIL = "email", _("Verified e-mail address in a domain of the organisation")


class IdentityProvider(models.Model):
    """The identity provider an organisation signs its people in with (one per organisation).

    The protocol settings (discovery address, client, certificates) live in allauth's
    ``SocialApp``; this row says which organisation it serves and how a sign-in finds its
    person. A login is tied to a person by the provider's stable subject, qualified by the
    issuer (allauth's ``SocialAccount`` with ``provider = app.provider_id``); the claim
    chosen here is read only on the first sign-in, to find the employee in the org chart.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="identity_provider"
    )
    protocol = models.CharField(_("protocol"), max_length=8, choices=Protocol.choices)
    app = models.OneToOneField(SocialApp, on_delete=models.PROTECT, related_name="+")
    link_by = models.CharField(
        _("first sign-in finds the person by"),
        max_length=16,
        choices=LinkBy.choices,
        default=LinkBy.EMPLOYEE_ID,
    )
    claim = models.CharField(
        _("claim with the employee ID"),
        max_length=200,
        default="employee_id",
        validators=[single_line],
        help_text=_("The name of the claim or attribute that holds the HR system's employee ID."),
    )
    domains = models.JSONField(
        _("the organisation's e-mail domains"),
        default=list,
        blank=True,
        help_text=_(
            "Only addresses in these domains link a first sign-in, and only verified ones."
        ),
    )
    enabled = models.BooleanField(_("switched on"), default=False)
    tested = models.DateTimeField(_("last successful test"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Sign-in reads it before any organisation is entered, with scopes disabled.

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "tested", "created", "updated")
        | inv.declare(
            inv.NotPersonal("the organisation's identity provider settings"),
            "protocol",
            "app",
            "link_by",
            "claim",
            "domains",
            "enabled",
        )
    )

    objects: ClassVar[models.Manager["IdentityProvider"]] = ScopedManager(
        organization="organization"
    )

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_protocol_display()}"

    @property
    def sign_in_origin(self) -> str:
        """Where the browser signs in (scheme and host): the issuer's for OpenID Connect, the
        single sign-on service's for SAML. Pages that send the browser there allow it."""
        settings = self.app.settings or {}
        url = str(settings.get("server_url") or (settings.get("idp") or {}).get("sso_url") or "")
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""

    @property
    def provider_id(self) -> str:
        """allauth's name for this provider; ``SocialAccount.provider`` of its logins."""
        return str(self.app.provider_id)
