"""Planning forms for the program team: programs, cohorts, topics, invitations."""

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.core.collation import alphabetical
from tandem.core.models import Organization
from tandem.people.models import Employee, EmployeeStatus
from tandem.programs.access import PROGRAM_ROLES
from tandem.programs.models import ALLOWED_MONTHS, Cohort, Program, Topic

# The phases in order: each field must not come before the previous one.
PHASES = (
    "registration_opens",
    "registration_closes",
    "matching_until",
    "kickoff",
    "midterm",
    "wrapup",
)
# Kick-off, mid-term and wrap-up need at least a day between them.
STRICT_AFTER = {"midterm", "wrapup"}
WEIGHTS = (
    "weight_topic",
    "weight_style",
    "weight_availability",
    "weight_cross_department",
    "weight_location",
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        fields = ["name", "goals"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}


class TopicForm(forms.ModelForm[Topic]):
    class Meta:
        model = Topic
        fields = ["name_de", "name_en", "description_de", "description_en", "active"]
        help_texts = {
            "active": _("Topics that are not offered cannot be chosen for new cohorts."),
        }


class UserChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


def job_levels(organization: Organization) -> list[str]:
    """The job levels found in the org chart, for eligibility choices."""
    return list(
        Employee.objects.filter(organization=organization)
        .exclude(job_level="")
        .order_by("job_level")
        .values_list("job_level", flat=True)
        .distinct()
    )


class CohortForm(forms.ModelForm[Cohort]):
    """A cohort's plan. Only the fields listed here can be set from a request (AZ-05)."""

    # The querysets are set per organisation in __init__ (topics are tenant data).
    topics: forms.ModelMultipleChoiceField[Topic] = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mentors offer and mentees choose from these topics."),
        error_messages={"required": _("Please choose at least one topic.")},
    )
    mentor_levels = forms.MultipleChoiceField(
        label=_("Job levels that may mentor"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to let everyone register as a mentor."),
    )
    mentee_levels = forms.MultipleChoiceField(
        label=_("Job levels that may be mentees"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to let everyone register as a mentee."),
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "goals",
            "topics",
            *PHASES,
            "meeting_interval_weeks",
            "meeting_minutes",
            "response_days",
            "team",
            "mentor_levels",
            "mentee_levels",
            "rule_reporting_line",
            "rule_same_team",
            "rule_appraisal",
            "rule_same_department",
            "rule_shared_language",
            "rule_common_availability",
            "rule_earlier_pairing",
            "weight_topic",
            "weight_style",
            "weight_availability",
            "weight_cross_department",
            "weight_location",
            "objective",
        ]
        field_classes = {"team": UserChoiceField}
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 3}),
            "team": forms.CheckboxSelectMultiple,
            "objective": forms.RadioSelect,
            **{phase: DateInput() for phase in PHASES},
        }
        help_texts = {
            "goals": _("What should change through this cohort? Participants see this text."),
            "registration_opens": _("From this day on, employees can register."),
            "registration_closes": _("The last day to register or change a registration."),
            "matching_until": _("By this day the tandems are formed and announced."),
            "kickoff": _("The event where the tandems meet for the first time."),
            "midterm": _("Half time: a short survey shows whether the tandems work."),
            "wrapup": _("The closing event. A cohort usually runs four to six months."),
            "meeting_interval_weeks": _("Every two to three weeks works well for most tandems."),
            "meeting_minutes": _("Short meetings of 45 to 60 minutes are easiest to keep up."),
            "response_days": _(
                "How long mentors and mentees have to accept their tandem or ask for a change."
            ),
            "team": _("Program managers and administrators who run this cohort."),
            "rule_reporting_line": _(
                "Prevents a mentee from being the mentor's manager, or their manager's "
                "manager, anywhere up the line. Strongly recommended."
            ),
            "rule_same_team": _(
                "Prevents pairs who work together every day, so that both can speak freely."
            ),
            "rule_appraisal": _(
                "Prevents pairs where the mentee takes part in the mentor's appraisal."
            ),
            "rule_same_department": _(
                "Stricter: pairs always come from different departments. This can leave "
                "people without a partner in small organisations."
            ),
            "rule_shared_language": _("Prevents pairs who have no language in common."),
            "rule_common_availability": _(
                "Prevents pairs without a single shared free time slot in the week."
            ),
            "rule_earlier_pairing": _(
                "Prevents people who were a tandem in an earlier cohort from meeting again."
            ),
            "weight_topic": _(
                "How much it counts that the mentor knows what the mentee wants to learn."
            ),
            "weight_style": _("How much similar answers to the working-style questions count."),
            "weight_availability": _("How much shared free time in the week counts."),
            "weight_cross_department": _(
                "How much it counts that the partners come from different departments."
            ),
            "weight_location": _(
                "How much it counts that the partners work at the same place or are happy "
                "to meet online."
            ),
            "objective": _(
                "Best total fit forms the best tandems overall; fairest lifts the weakest "
                "tandem; as many mentees as possible gives everyone a partner first."
            ),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen_topics = self.instance.topics.all() if self.instance.pk else Topic.objects.none()
        topics = cast(forms.ModelMultipleChoiceField[Topic], self.fields["topics"])
        topics.queryset = (
            Topic.objects.filter(organization=organization, active=True) | chosen_topics
        ).distinct()
        team = cast(forms.ModelMultipleChoiceField[User], self.fields["team"])
        team.queryset = program_team_candidates(organization)
        levels = job_levels(organization)
        for name in ("mentor_levels", "mentee_levels"):
            field = cast(forms.MultipleChoiceField, self.fields[name])
            # Levels saved earlier (or copied) stay choosable after the org chart changes.
            kept = {*getattr(self.instance, name), *(self.initial.get(name) or [])}
            field.choices = [(level, level) for level in sorted({*levels, *kept})]
        for name in WEIGHTS:
            self.fields[name].widget.attrs.update({"min": 0, "max": 100})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        previous: tuple[str, date] | None = None
        for phase in PHASES:
            day = cleaned.get(phase)
            if day is None:
                previous = None
                continue
            if previous is not None:
                name, earlier = previous
                too_early = day <= earlier if phase in STRICT_AFTER else day < earlier
                if too_early:
                    self.add_error(
                        phase,
                        forms.ValidationError(
                            _("This date must come after “%(phase)s” (%(date)s)."),
                            params={
                                "phase": self.fields[name].label,
                                "date": earlier.strftime("%d.%m.%Y"),
                            },
                            code="phase_order",
                        ),
                    )
                    continue
            previous = (phase, day)
        weights = [cleaned.get(name) or 0 for name in WEIGHTS]
        if not any(weights):
            self.add_error(
                "weight_topic",
                forms.ValidationError(
                    _("At least one weight must be above zero, or every pair would look alike."),
                    code="no_weight",
                ),
            )
        return cleaned

    @property
    def length_warning(self) -> bool:
        """Kick-off to wrap-up outside 4–6 months: allowed, but worth a second look."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        kickoff = data.get("kickoff") or self.initial.get("kickoff") or self.instance.kickoff
        wrapup = data.get("wrapup") or self.initial.get("wrapup") or self.instance.wrapup
        if not isinstance(kickoff, date) or not isinstance(wrapup, date):
            return False
        low, high = ALLOWED_MONTHS
        return not low <= (wrapup - kickoff).days / 30.44 <= high


def program_team_candidates(organization: Organization) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organization=organization, memberships__role__in=PROGRAM_ROLES
        )
        .distinct()
        .order_by(*alphabetical("last_name", "first_name"), "email")
    )


class NotifyForm(forms.Form):
    """Whom to send a cohort's invitation link: whole departments and named people."""

    departments = forms.MultipleChoiceField(
        label=_("Departments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone active in these departments gets the invitation."),
    )
    employee_ids = forms.CharField(
        label=_("Individual people (employee IDs)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Separated by commas, spaces or line breaks, e.g. E0100, E0300."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        departments = cast(forms.MultipleChoiceField, self.fields["departments"])
        departments.choices = [
            (name, name)
            for name in Employee.objects.filter(organization=organization)
            .exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        ]

    def clean_employee_ids(self) -> list[str]:
        ids = [part for part in re.split(r"[\s,;]+", self.cleaned_data["employee_ids"]) if part]
        known = set(
            Employee.objects.filter(organization=self.organization, employee_id__in=ids)
            .exclude(status=EmployeeStatus.TERMINATED)
            .values_list("employee_id", flat=True)
        )
        unknown = [employee_id for employee_id in ids if employee_id not in known]
        if unknown:
            raise forms.ValidationError(
                _("Nobody active has the employee ID %(ids)s."),
                params={"ids": ", ".join(unknown[:10])},
                code="unknown",
            )
        return ids

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("departments") and not cleaned.get("employee_ids"):
            raise forms.ValidationError(
                _("Please choose at least one department or person."), code="empty"
            )
        return cleaned

    def recipients(self) -> QuerySet[Employee]:
        """Active employees chosen by department or ID (call after ``is_valid``)."""
        return (
            Employee.objects.filter(organization=self.organization)
            .exclude(status=EmployeeStatus.TERMINATED)
            .filter(
                Q(department__in=self.cleaned_data["departments"])
                | Q(employee_id__in=self.cleaned_data["employee_ids"])
            )
            .select_related("user")
            .order_by(*alphabetical("last_name", "first_name"), "pk")
        )
