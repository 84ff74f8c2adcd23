"""The bearer token an organisation's directory provisions people with (SCIM)."""

from typing import ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.models import Organization


class ScimToken(models.Model):
    """The one token of an organisation's directory; only its SHA-256 is stored.

    Issuing a new one replaces the row's digest, so the previous token stops
    working in the same transaction; revoking deletes the row.
    """

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued = models.DateTimeField(_("issued"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "issued")
        | inv.declare(
            inv.NotPersonal("the credential of the organisation's directory, not of a person"),
            "token_digest",
        )
        | inv.declare(
            inv.authorship(inv.ACCESS_TOKEN, inv.Recipient.ADMIN),
            "issued_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("provisioning token")
        verbose_name_plural = _("provisioning tokens")

    def __str__(self) -> str:
        return f"SCIM ({self.organization})"
