"""The program team's lessons learned from a cohort."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import Lesson, LessonTopic


class LessonForm(forms.Form):
    # A plain form: the service compares the lesson with the new values for its audit entry.
    topic = forms.ChoiceField(label=_("What is it about?"), choices=LessonTopic.choices)
    text = forms.CharField(
        label=_("Lesson"),
        max_length=Lesson._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
