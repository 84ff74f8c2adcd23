"""Employees and the org chart of an organisation, and HR import runs."""

import hashlib
import uuid
from datetime import datetime
from typing import ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tandem.core import inventory as inv
from tandem.core.collation import alphabetical
from tandem.core.models import MembershipRole, Organization
from tandem.core.validators import single_line

PATH_SEPARATOR = "/"


class EmployeeStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    LEAVE = "leave", _("on leave")
    TERMINATED = "terminated", _("left the organisation")


class Employee(models.Model):
    """A person in the organisation's org chart, keyed by the HRIS id.

    ``reporting_path`` lists the primary keys from the top of the org chart
    down to this employee (``/1/17/342/``). The org chart only changes through
    imports, which recompute it, so "is A anywhere above B" is a substring
    test and "everyone below A" a prefix query.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee_id = models.CharField(_("employee ID"), max_length=64, validators=[single_line])
    first_name = models.CharField(_("first name"), max_length=150, validators=[single_line])
    last_name = models.CharField(_("last name"), max_length=150, validators=[single_line])
    email = models.EmailField(_("e-mail address"), blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    team = models.CharField(_("team"), max_length=150, blank=True)
    job_level = models.CharField(_("job level"), max_length=60, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EmployeeStatus.choices,
        default=EmployeeStatus.ACTIVE,
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("supervisor"),
    )
    appraisers = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="appraisees",
        verbose_name=_("involved in appraisal"),
        help_text=_("People besides the line manager who take part in this person's appraisal."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employments",
        verbose_name=_("login"),
    )
    # Who the organisation's directory knows this person as (SCIM ``userName``, ``externalId``);
    # empty for people only the HR import knows, and again once the directory deletes them.
    directory_username = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        validators=[single_line],
        verbose_name=_("user name in the directory"),
    )
    external_id = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        validators=[single_line],
        verbose_name=_("ID in the directory"),
    )
    reporting_path = models.CharField(
        max_length=1000, blank=True, editable=False, verbose_name=_("reporting path")
    )
    depth = models.PositiveSmallIntegerField(
        default=0, editable=False, verbose_name=_("level in the org chart")
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "updated")
        | inv.declare(
            inv.entry(
                inv.Category.IDENTITY,
                inv.Purpose.DIRECTORY,
                inv.EMPLOYEE_RECORD,
                inv.LegalBasis.EMPLOYMENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
            ),
            "employee_id",
            "first_name",
            "last_name",
            "email",
            "user",
            "directory_username",
            "external_id",
        )
        | inv.declare(
            inv.entry(
                inv.Category.HR_MASTER,
                inv.Purpose.MATCHING,
                inv.EMPLOYEE_RECORD,
                inv.LegalBasis.EMPLOYMENT,
                inv.Recipient.ADMIN,
                inv.Recipient.PROGRAM_MANAGER,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
                aggregates=(inv.Recipient.OBSERVER,),
            ),
            "department",
            "team",
            "job_level",
            "location",
            "languages",
            "status",
            "supervisor",
            "reporting_path",
            "depth",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = [*alphabetical("last_name", "first_name", language="de"), "employee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "employee_id"], name="employee_unique_hris_id"
            ),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(user__isnull=False),
                name="employee_unique_user_per_organization",
            ),
            # SCIM compares user names without regard to case (RFC 7643 §4.1.1).
            models.UniqueConstraint(
                models.F("organization"),
                Lower("directory_username"),
                condition=~models.Q(directory_username=""),
                name="employee_unique_directory_username",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "last_name", "first_name"]),
            models.Index(fields=["organization", "department", "team"]),
            models.Index(fields=["organization", "reporting_path"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def contact_email(self) -> str:
        """Where to reach them: their login's address, else the one from the HR import."""
        return (self.user.email if self.user is not None else "") or self.email

    @property
    def is_active(self) -> bool:
        return self.status != EmployeeStatus.TERMINATED

    def ancestor_ids(self) -> list[int]:
        """Primary keys above this employee, from the top of the chart down."""
        parts = [int(p) for p in self.reporting_path.split(PATH_SEPARATOR) if p]
        return parts[:-1]

    def is_above(self, other: "Employee") -> bool:
        """True if this employee is anywhere above ``other`` in the reporting line."""
        return self.pk != other.pk and f"{PATH_SEPARATOR}{self.pk}{PATH_SEPARATOR}" in (
            other.reporting_path
        )


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("checked, not applied")
    INVALID = "invalid", _("rejected")
    APPLIED = "applied", _("applied")
    DISCARDED = "discarded", _("discarded")


class ImportRun(models.Model):
    """One HR file: checked in a dry run, then applied as a whole or not at all.

    The uploaded bytes are kept only between the preview and the decision and
    are erased as soon as the run is applied or discarded.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(blank=True, editable=False, verbose_name=_("content"))
    deactivate_missing = models.BooleanField(
        _("deactivate people missing from this file"), default=False
    )
    status = models.CharField(max_length=12, choices=ImportStatus.choices)
    summary = models.JSONField(default=dict, blank=True, verbose_name=_("summary"))
    errors = models.JSONField(default=list, blank=True, verbose_name=_("errors"))
    # What the administration chose columns to hold (normalized header → field, "" ignored),
    # so applying reads the file exactly as the preview did.
    column_choices = models.JSONField(default=dict, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    applied = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "created", "applied")
        | inv.declare(
            inv.NotPersonal("how the administration chose to read the file"),
            "filename",
            "deactivate_missing",
            "status",
            "column_choices",
        )
        | inv.declare(
            inv.entry(
                inv.Category.HR_MASTER,
                inv.Purpose.DIRECTORY,
                inv.IMPORT_FILE,
                inv.LegalBasis.EMPLOYMENT,
                inv.Recipient.ADMIN,
                inv.Recipient.OPERATOR,
            ),
            "content",
        )
        | inv.declare(
            inv.entry(
                inv.Category.HR_MASTER,
                inv.Purpose.DIRECTORY,
                inv.IMPORT_RECORD,
                inv.LegalBasis.EMPLOYMENT,
                inv.Recipient.ADMIN,
                inv.Recipient.OPERATOR,
            ),
            "summary",
            "errors",
        )
        | inv.declare(
            inv.authorship(inv.IMPORT_RECORD, inv.Recipient.ADMIN),
            "uploaded_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("HR import")
        verbose_name_plural = _("HR imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def offers_column_choice(self) -> bool:
        """Its columns were read and it awaits a decision, or was refused and may come again."""
        return "layout" in self.summary and self.status in (
            ImportStatus.PREVIEWED,
            ImportStatus.INVALID,
        )


class ColumnChoice(models.Model):
    """What a column of the organisation's HR files holds, as its administration chose.

    Keyed by the header as the import compares headers (lower case, letters and digits only),
    so the next export with that header is read the same way. An empty ``field`` ignores the
    column. Only choices that differ from what the header is recognised as are kept, so
    headers Tandem learns to recognise later need no choice.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    header = models.CharField(max_length=200)
    field = models.CharField(max_length=20, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    updated = models.DateTimeField(auto_now=True)

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.ROW_TIME, "updated")
        | inv.declare(inv.NotPersonal("a column header and what it holds"), "header", "field")
        | inv.declare(
            inv.authorship(inv.WITH_ORGANISATION, inv.Recipient.ADMIN),
            "chosen_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("column choice")
        verbose_name_plural = _("column choices")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "header"], name="columnchoice_unique_header"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field or '-'}"


def token_digest(token: str) -> str:
    """What is stored of a link's secret: its SHA-256 (the secret itself only travels by mail)."""
    return hashlib.sha256(token.encode()).hexdigest()


class LoginInvitation(models.Model):
    """A single-use, expiring link mailed to the address the organisation holds (AUTH-09).

    Following it is the proof that links a login to ``employee`` (or, for an
    organisation's first administrator, to no one in the org chart) and grants
    ``roles``. Only the SHA-256 of the link's secret is stored, and only once
    the mail is sent: each sending makes a new secret, so the last mail's link
    is the one that works. Accepting one of a person's open invitations settles
    all of them.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("employee"),
    )
    email = models.EmailField(_("e-mail address"))
    roles = models.JSONField(_("roles"), default=list, blank=True)
    # Where the link leads once accepted (a path of this site, e.g. a cohort's registration).
    next_path = models.CharField(max_length=300, blank=True)
    token_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        verbose_name=_("fingerprint of the link's secret"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    sent = models.DateTimeField(null=True, blank=True, verbose_name=_("sent"))
    expires = models.DateTimeField(null=True, blank=True, verbose_name=_("expires"))
    accepted = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    personal_data: ClassVar[inv.Declarations] = (
        inv.declare(inv.KEY, "id", "public_id")
        | inv.declare(inv.TENANT, "organization")
        | inv.declare(inv.NotPersonal("a page of Tandem to open after signing in"), "next_path")
        | inv.declare(
            inv.entry(
                inv.Category.LOGIN,
                inv.Purpose.ACCESS,
                inv.INVITATION,
                inv.LegalBasis.EMPLOYMENT,
                inv.Recipient.ADMIN,
                inv.Recipient.SELF,
                inv.Recipient.OPERATOR,
            ),
            "employee",
            "email",
            "roles",
            "token_digest",
            "created",
            "sent",
            "expires",
            "accepted",
            "accepted_by",
        )
        | inv.declare(
            inv.authorship(inv.INVITATION, inv.Recipient.ADMIN),
            "created_by",
        )
    )

    objects: ClassVar[models.Manager[Self]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("login invitation")
        verbose_name_plural = _("login invitations")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_digest"],
                condition=~models.Q(token_digest=""),
                name="logininvitation_unique_token",
            )
        ]
        indexes = [models.Index(fields=["organization", "employee", "accepted"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.organization})"

    @property
    def role_labels(self) -> list[str]:
        return [str(MembershipRole(role).label) for role in self.roles]

    def is_usable(self, now: datetime | None = None) -> bool:
        """Sent, not yet accepted and not expired: following it still works."""
        now = now or timezone.now()
        return (
            self.accepted is None
            and bool(self.token_digest)
            and self.expires is not None
            and now < self.expires
        )
