from django.template import Context, Template
from django.utils.translation import override

from tandem.core.languages import language_names


def test_codes_become_names_in_the_readers_language() -> None:
    with override("de"):
        assert language_names(["de", "fr", "tr"]) == ["Deutsch", "Französisch", "Türkisch"]
    with override("en"):
        assert language_names(["de", "fr", "tr"]) == ["German", "French", "Turkish"]


def test_an_unknown_code_is_shown_as_stored() -> None:
    with override("en"):
        assert language_names(["xx", "en"]) == ["xx", "English"]


def test_the_filter_joins_names() -> None:
    template = Template('{% load tandem_core %}{{ codes|language_names|join:", " }}')
    with override("de"):
        assert template.render(Context({"codes": ["en", "es"]})) == "Englisch, Spanisch"
