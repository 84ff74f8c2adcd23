"""Import problems are told in the reader's language, German first."""

from django.utils import translation

from tandem.people.imports import describe

PROBLEM = {"row": 6, "column": "E-Mail", "code": "invalid_email", "params": {"value": "kein-at"}}


def test_problem_in_german() -> None:
    with translation.override("de"):
        assert describe(PROBLEM) == (
            "„kein-at“ ist keine gültige E-Mail-Adresse. "
            "Korrigieren Sie sie oder lassen Sie die Zelle leer."
        )


def test_problem_in_english() -> None:
    with translation.override("en"):
        assert describe(PROBLEM).startswith("“kein-at” is not a valid e-mail address.")
