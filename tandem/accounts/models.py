"""Users: people who can log in, with their e-mail address as the login name (no usernames)."""

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails

from tandem.core import inventory as inv
from tandem.core.validators import single_line


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class EmailUserManager(UserManager["User"]):
    use_in_migrations = True

    def _create_user_object(self, username: Any, email: Any, password: Any, **extra: Any) -> "User":
        # Django's UserManager expects a username; the e-mail address takes its place.
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra)
        user.set_password(password)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        user = self._create_user_object(None, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[single_line]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[single_line]
    )
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.GERMAN,
    )

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(
            inv.entry(
                inv.Category.IDENTITY,
                inv.Purpose.ACCESS,
                inv.LOGIN_ACCOUNT,
                inv.LegalBasis.CONTRACT,
                inv.Recipient.ADMIN,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
            ),
            "first_name",
            "last_name",
            "email",
        )
        | inv.declare(
            inv.entry(
                inv.Category.IDENTITY,
                inv.Purpose.DELIVERY,
                inv.LOGIN_ACCOUNT,
                inv.LegalBasis.CONTRACT,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
            ),
            "language",
        )
        | inv.declare(
            inv.entry(
                inv.Category.LOGIN,
                inv.Purpose.ACCESS,
                inv.LOGIN_ACCOUNT,
                inv.LegalBasis.CONTRACT,
                inv.Recipient.OPERATOR,
            ),
            "password",
            "last_login",
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
        )
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One login per mailbox: "Anna@…" and "anna@…" are the same person's address.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed login_required: ``user`` is a real user.

    Under ``people.access.organization_view``, ``roles`` holds the user's roles in the
    organisation the URL names (empty for a participant without one).
    """

    user: User
    roles: frozenset[str]
    htmx: HtmxDetails  # django-htmx's middleware, typed once (as its HtmxHttpRequest does)
