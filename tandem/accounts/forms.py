"""The user's own preferences."""

from django import forms

from tandem.accounts.models import User


class PreferencesForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
