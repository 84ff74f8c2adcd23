"""Forms of the matching pages: choosing pairs, swapping partners, answering a tandem."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core.collation import sorted_alphabetically
from tandem.matching.models import MatchingRun, PairKind
from tandem.programs.models import Enrollment


def _choices(people: Iterable[Enrollment]) -> list[tuple[str, object]]:
    ordered = sorted_alphabetically(
        people, key=lambda e: (e.employee.last_name, e.employee.first_name)
    )
    return [("", _("Please choose"))] + [
        (
            str(person.public_id),
            f"{person.employee.full_name} ({person.employee.department or '—'})",
        )
        for person in ordered
    ]


class PairForm(forms.Form):
    """A mentor and a mentee of the cohort, returned as their registrations."""

    mentor = forms.ChoiceField(label=_("Mentor"))
    mentee = forms.ChoiceField(label=_("Mentee"))

    def __init__(
        self,
        *args: Any,
        mentors: Iterable[Enrollment],
        mentees: Iterable[Enrollment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(e.public_id): e for e in [*mentors, *mentees]}
        self.fields["mentor"].choices = _choices(e for e in self.people.values() if e.is_mentor)  # type: ignore[attr-defined]
        self.fields["mentee"].choices = _choices(  # type: ignore[attr-defined]
            e for e in self.people.values() if not e.is_mentor
        )

    def clean_mentor(self) -> Enrollment:
        return self.people[self.cleaned_data["mentor"]]

    def clean_mentee(self) -> Enrollment:
        return self.people[self.cleaned_data["mentee"]]


class PairDecisionForm(PairForm):
    kind = forms.ChoiceField(
        label=_("Decision"), choices=PairKind.choices, widget=forms.RadioSelect, initial="fixed"
    )
    # Offered once the pair turned out to break hard rules (``breaks_rules``).
    despite_rules = forms.BooleanField(
        label=_("I know: pair them anyway, although the pairing breaks these rules"),
        required=False,
    )
    breaks_rules = False


class SwapForm(forms.Form):
    """Two mentees of a run whose mentors are exchanged."""

    first = forms.ChoiceField(label=_("First mentee"))
    second = forms.ChoiceField(label=_("Second mentee"))

    def __init__(self, *args: Any, mentees: Iterable[Enrollment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(e.public_id): e for e in mentees}
        for name in ("first", "second"):
            self.fields[name].choices = _choices(self.people.values())  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("first"), data.get("second")
        if first and second and first == second:
            self.add_error("second", _("Choose two different mentees."))
        if "first" in data:
            data["first"] = self.people[data["first"]]
        if "second" in data:
            data["second"] = self.people[data["second"]]
        return data


class CompareForm(forms.Form):
    other = forms.ChoiceField(label=_("Compare with run"))

    def __init__(self, *args: Any, runs: Iterable[MatchingRun], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runs = {str(run.public_id): run for run in runs}
        self.fields["other"].choices = [("", _("Please choose"))] + [  # type: ignore[attr-defined]
            (key, _("Run %(number)s") % {"number": run.number}) for key, run in self.runs.items()
        ]

    def clean_other(self) -> MatchingRun:
        return self.runs[self.cleaned_data["other"]]
