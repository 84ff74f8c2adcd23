"""HR import of employees from CSV and XLSX files: dry run, then all or nothing.

``limits`` guards the bytes, ``reading`` turns them into rows, ``columns`` maps
headers to fields, ``validation`` checks every row, ``planning`` compares the
file with Tandem, and ``services`` holds the operations views and commands call.
"""

from tandem.people.imports.limits import Limits
from tandem.people.imports.problems import ImportProblem, describe
from tandem.people.imports.services import (
    apply_import,
    check_import,
    choose_columns,
    discard_import,
)

__all__ = [
    "ImportProblem",
    "Limits",
    "apply_import",
    "check_import",
    "choose_columns",
    "describe",
    "discard_import",
]
