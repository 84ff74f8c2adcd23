"""Forms for searching the org chart, uploading an HR file and choosing what its columns hold."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.core.models import MembershipRole, Organization
from tandem.people.imports.columns import REQUIRED, Field, normalize
from tandem.people.imports.problems import FIELD_LABELS
from tandem.people.models import Employee, EmployeeStatus, ImportRun


class EmployeeFilterForm(forms.Form):
    query = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, ID, e-mail, team")}
        ),
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *EmployeeStatus.choices],
    )

    def __init__(self, *args: Any, departments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [  # type: ignore[attr-defined]
            (name, name) for name in departments
        ]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HR file (CSV or Excel)"),
        help_text=_(
            "One row per person. Required columns: employee ID, first name, last name. "
            "Optional: e-mail, department, team, supervisor ID, job level, location, "
            "languages, status, appraisers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people missing from this file"),
        required=False,
        help_text=_("Use this for a complete export of all employees."),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        return _within_size_limit(self.cleaned_data["file"])


def _within_size_limit(upload: UploadedFile[bytes]) -> UploadedFile[bytes]:
    # IO-01: the size is known before a single byte is parsed.
    limit = settings.TANDEM_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(limit)s. Please split it or remove unused columns."),
            params={"limit": filesizeformat(limit)},
            code="too_large",
        )
    return upload


class ColumnChoiceForm(forms.Form):
    """What each column of an import run's file holds: a field, or nothing (not imported).

    The headers come from the run's own summary, never from the request, and every choice is
    one of the fields; a sensitive column refused the file before any choice is offered.
    """

    file = forms.FileField(
        label=_("The same file again"),
        help_text=_(
            "Tandem did not keep the refused file. Select it again to check it with these columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args: Any, run: ImportRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bytes(run.content):
            del self.fields["file"]  # a previewed run still has it
        choices = [("", _("not imported")), *((f.value, FIELD_LABELS[f.value]) for f in Field)]
        self.column_keys: dict[str, str] = {}
        for position, (header, field, chosen) in enumerate(run.summary.get("layout", [])):
            key = normalize(header)
            if key in self.column_keys.values():
                continue  # the same header twice is read the same way
            name = f"column_{position}"
            self.column_keys[name] = key
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=field,
                help_text=_("as chosen for your organisation") if chosen else "",
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.column_keys]

    def clean_file(self) -> UploadedFile[bytes]:
        return _within_size_limit(self.cleaned_data["file"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        read_as: dict[str, str] = {}
        for name in self.column_keys:
            value = cleaned.get(name)
            if not value:
                continue
            header = str(self.fields[name].label)
            if value in read_as:
                raise forms.ValidationError(
                    _(
                        "The columns “%(column)s” and “%(other)s” both mean “%(field)s”. "
                        "Keep one of them."
                    ),
                    params={
                        "column": read_as[value],
                        "other": header,
                        "field": FIELD_LABELS[value],
                    },
                    code="duplicate",
                )
            read_as[value] = header
        for field in REQUIRED:
            if field.value not in read_as:
                raise forms.ValidationError(
                    _("Choose a column for “%(field)s”: every person needs one."),
                    params={"field": FIELD_LABELS[field.value]},
                    code="required",
                )
        return cleaned

    def chosen_fields(self) -> dict[str, Field | None]:
        """Normalized header → the field chosen for it, or None for a column not imported."""
        return {
            key: Field(self.cleaned_data[name]) if self.cleaned_data.get(name) else None
            for name, key in self.column_keys.items()
        }


class GrantRoleForm(forms.Form):
    employee_id = forms.CharField(
        label=_("Employee ID"),
        max_length=64,
        help_text=_(
            "Someone without a login gets an invitation by e-mail; the role applies once "
            "they accept it."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_employee_id(self) -> Employee:
        employee_id = self.cleaned_data["employee_id"].strip()
        employee = Employee.objects.filter(
            organization=self.organization, employee_id=employee_id
        ).first()
        if employee is None:
            raise forms.ValidationError(
                _("Nobody with the employee ID %(employee_id)s is in the org chart."),
                params={"employee_id": employee_id},
                code="unknown",
            )
        return employee


class OrganizationSettingsForm(forms.ModelForm[Organization]):
    """What an organisation's administration sets: name, language, group size, MFA policy."""

    class Meta:
        model = Organization
        fields = ["name", "language", "min_group_size", "mfa_policy", "health_detail"]
        widgets = {"mfa_policy": forms.RadioSelect, "health_detail": forms.RadioSelect}


class NewLoginForm(forms.Form):
    """The password of a new login, chosen when following a login invitation."""

    error_messages = {
        "mismatch": _("The two passwords differ."),
        "taken": _(
            "A Tandem login already uses this address. Please sign in with it (or reset its "
            "password) and then follow the link in the invitation again."
        ),
    }

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters; a phrase of several words is easy to remember. "
            "It must not be a common password or resemble your name or address."
        ),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password2(self) -> str:
        first = self.cleaned_data.get("password1")
        second: str = self.cleaned_data["password2"]
        if first and first != second:
            raise forms.ValidationError(self.error_messages["mismatch"], code="mismatch")
        return second

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
