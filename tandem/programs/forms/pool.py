"""Forms of the pool review: filtering, verifying expertise, deciding on admission."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import LEVELS, Registration, RegistrationStatus, Role, Topic

SORTS = [
    ("name", _("Name")),
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("department", _("Department")),
]


class PoolFilterForm(forms.Form):
    query = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name")}),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Both roles")), *Role.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *RegistrationStatus.choices],
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(
        self, *args: Any, topics: list[Topic], departments: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        topic = cast(forms.ChoiceField, self.fields["topic"])
        topic.choices = [("", _("Every topic")), *((t.key, t.name) for t in topics)]
        department = cast(forms.ChoiceField, self.fields["department"])
        department.choices = [("", _("All departments")), *((d, d) for d in departments)]


class VerificationForm(forms.Form):
    """The program team's view of a mentor's expertise: a level per claimed topic."""

    note = forms.CharField(
        label=_("How was the expertise checked?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. a short conversation, a work sample, an endorsement by a colleague."),
    )

    def __init__(self, *args: Any, registration: Registration, topics: list[Topic], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.registration = registration
        names = {topic.key: topic.name for topic in topics}
        self.keys = list(registration.topics)
        for key in self.keys:
            self.fields[f"verified_{key}"] = forms.TypedChoiceField(
                label=names.get(key, key),
                required=False,
                choices=[("", _("not checked")), *LEVELS],
                coerce=int,
                empty_value=None,
                initial=registration.verified.get(key),
                help_text=_("Claimed: %(level)s") % {"level": registration.topics.get(key, "—")},
            )
        self.fields["note"].initial = registration.verification_note
        self.order_fields([*(f"verified_{key}" for key in self.keys), "note"])

    def verified_levels(self) -> dict[str, int]:
        return {
            key: self.cleaned_data[f"verified_{key}"]
            for key in self.keys
            if self.cleaned_data.get(f"verified_{key}")
        }


DECISIONS = [
    (RegistrationStatus.ADMITTED, _("Admit")),
    (RegistrationStatus.WAITLISTED, _("Waiting list")),
    (RegistrationStatus.DECLINED, _("Decline")),
]


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person receives it by e-mail. Required when declining; write it kindly."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("status") == RegistrationStatus.DECLINED
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error(
                "reason",
                forms.ValidationError(
                    _("Please give a reason when you decline someone."), code="required"
                ),
            )
        return cleaned
