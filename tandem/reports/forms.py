"""Forms of the program team's oversight: ending a tandem early."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import EndReason


class EndTandemForm(forms.Form):
    """Why the program team ends a tandem early: a category and, optionally, its own words."""

    reason = forms.ChoiceField(
        label=_("Reason"), choices=EndReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the program team (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the program team sees it. The partners are told the reason only."),
    )
