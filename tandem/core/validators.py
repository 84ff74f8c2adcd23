"""Values that travel into mail headers, calendar entries and file names: one line, printable.

A line break in a name or a title once made every later calendar mail of
its tandem fail to build (issue 14): refused where the value enters, at the
model field (so every form checks it) and in the HR import.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (line breaks and tabs included), and the Unicode line and
# paragraph separators; the second set spares tab and line breaks.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(value: str, *, line_breaks_allowed: bool = False) -> bool:
    pattern = CONTROL_BUT_LINE_BREAKS if line_breaks_allowed else CONTROL_CHARACTERS
    return bool(pattern.search(value))


def single_line(value: str) -> None:
    """Refuse line breaks, tabs and other control characters in a one-line value."""
    if has_control_characters(value):
        raise ValidationError(
            _("Please write this on one line, without line breaks or control characters."),
            code="control_characters",
        )
