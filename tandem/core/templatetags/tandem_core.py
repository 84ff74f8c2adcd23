"""Template filters every app may use."""

from django import template

from tandem.core import languages

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> list[str]:
    """Language codes as names in the reader's language; unknown codes as stored."""
    return languages.language_names(codes)
