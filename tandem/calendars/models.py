"""The personal calendar feed's secret address, stored only as the hash of its token."""

import hashlib
import secrets
from typing import ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.models import Organization


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def hash_feed_token(token: str) -> str:
    """The only form in which a feed token is stored.

    The token has 256 random bits, so nobody can guess it from its hash: a fast, unsalted
    SHA-256 is right here, and a password hash (slow, salted) would only make every feed
    request slow. Looking up the hash is an ordinary indexed equality query: the hash of a
    guess tells an attacker nothing about how close the guess was (no timing oracle).
    """
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A user's secret address for their calendar in one organisation; revoking deletes it.

    Only the token's hash is stored (:func:`hash_feed_token`), so the address is shown once,
    when it is made, and a database copy does not open anyone's calendar.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("login"),
    )
    token_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        verbose_name=_("fingerprint of the feed's secret"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.entry(
                inv.Category.LOGIN,
                inv.Purpose.DELIVERY,
                inv.ACCESS_TOKEN,
                inv.LegalBasis.CONTRACT,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
            ),
            "user",
            "token_hash",
            "created",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        # The table it had under meetings: moving the model moved no data (migration 0001).
        db_table = "meetings_calendarfeed"
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="calendar_feed_one_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization}"
