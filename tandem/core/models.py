"""Tenancy (Organization), roles in an organisation, the audit log and the ledger of sent mail."""

import uuid
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.collation import alphabetical
from tandem.core.validators import single_line

# Top-level URL segments that an organisation's short name must not shadow.
RESERVED_SLUGS = frozenset(
    {"account", "i18n", "static", "media", "api", "admin", "-", "health", "sso", "scim"}
)


def validate_not_reserved(slug: str) -> None:
    if slug.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("%(slug)s is reserved; please choose another short name."), params={"slug": slug}
        )


class MfaPolicy(models.TextChoices):
    """Who must use two-factor authentication to enter the organisation (AUTH-03)."""

    ROLES = "roles", _("Administration and program managers")
    EVERYONE = "everyone", _("Everyone")


class HealthDetail(models.TextChoices):
    """What program health names per tandem (PRIV-04: per-person monitoring is off by default)."""

    ASKED = (
        "asked",
        _("Only tandems where a partner said the pairing does not fit or asked for a change"),
    )
    ACTIVITY = (
        "activity",
        _(
            "Also tandems without meetings for weeks or without feedback (as the works agreement "
            "allows)"
        ),
    )


class Organization(models.Model):
    """A customer organisation: the tenant that owns every other row."""

    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    slug = models.SlugField(
        _("short name"), max_length=60, unique=True, validators=[validate_not_reserved]
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size for aggregates"),
        default=5,
        validators=[MinValueValidator(5)],
        help_text=_("No statistic is shown for fewer people than this. It is never below 5."),
    )
    language = models.CharField(
        _("default language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="de",
        help_text=_("For messages to people who have no login yet, and for new logins."),
    )
    mfa_policy = models.CharField(
        _("two-factor authentication required for"),
        max_length=12,
        choices=MfaPolicy.choices,
        default=MfaPolicy.ROLES,
        help_text=_(
            "Administration and program managers always need it when they sign in with a "
            "password; it can be required of everyone."
        ),
    )
    # Company sign-in (tandem.sso): the organisation's own identity provider.
    sso_required = models.BooleanField(
        _("Company sign-in is the only way in"),
        default=False,
        db_default=False,
        help_text=_("Members can no longer enter this organisation with a password alone."),
    )
    sso_mfa = models.BooleanField(
        _("Ask for Tandem's second factor after company sign-in too"),
        default=False,
        db_default=False,
        help_text=_(
            "Usually the identity provider asks for the second factor. Choose this if it does not."
        ),
    )
    health_detail = models.CharField(
        _("program health names"),
        max_length=12,
        choices=HealthDetail.choices,
        default=HealthDetail.ASKED,
        db_default=HealthDetail.ASKED,
        help_text=_(
            "Everything else is shown as counts only. The works agreement's annex states this "
            "setting."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(
            inv.CONFIG,
            "name",
            "slug",
            "min_group_size",
            "language",
            "mfa_policy",
            "sso_required",
            "sso_mfa",
            "health_detail",
        )
        | inv.declare(inv.ROW_TIME, "created")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [*alphabetical("name", language="de"), "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=5), name="organization_min_group_size_gte_5"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administration")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    OBSERVER = "observer", _("Observer")


class Membership(models.Model):
    """One role a user holds in one organisation (a user may hold several)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("login"),
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.entry(
                inv.Category.LOGIN,
                inv.Purpose.ACCESS,
                inv.LOGIN_ACCOUNT,
                inv.LegalBasis.EMPLOYMENT,
                inv.Recipient.ADMIN,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
            ),
            "user",
            "role",
            "created",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class AuditEntry(models.Model):
    """An immutable record of a state change on personal data (AZ-06).

    Entries hold identifiers and masked field changes, never free text written
    by participants. They are created, read and (by retention only) pruned;
    never edited.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object"), max_length=80, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.entry(
                inv.Category.AUDIT,
                inv.Purpose.ACCOUNTABILITY,
                inv.AUDIT_LOG,
                inv.LegalBasis.LEGAL_OBLIGATION,
                inv.Recipient.ADMIN,
                inv.Recipient.OPERATOR,
            ),
            "actor",
            "action",
            "object_type",
            "object_id",
            "changes",
            "created",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["organization", "-created"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit entries are immutable.")
        super().save(*args, **kwargs)


class SentMail(models.Model):
    """One message sent from the worker, by a key that names it: a repeat finds it (REL-05).

    Every app's once-only mail claims its row here through ``core.tasks.send_once``
    before sending (ADR 0011): calendar messages (recipient, UID, RECURRENCE-ID,
    SEQUENCE, METHOD), reminders (``reminder:`` recipient, meeting, kind, due
    moment), the "doesn't fit" alert (``fit:``). Nothing reads a row but its key.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255, unique=True, verbose_name=_("mail key"))
    # Not auto_now_add: the migration that filled this ledger kept each message's own time.
    sent = models.DateTimeField(default=timezone.now, verbose_name=_("sent"))

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(
            inv.entry(
                inv.Category.TECHNICAL,
                inv.Purpose.DELIVERY,
                inv.MAIL_LEDGER,
                inv.LegalBasis.LEGITIMATE_INTEREST,
                inv.Recipient.OPERATOR,
            ),
            "key",
            "sent",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")

    def __str__(self) -> str:
        return self.key
