"""What can be wrong with an HR file, stored as data and worded for HR at display time.

A problem is stored on the import run as ``{"row", "column", "code", "params"}``
and turned into a sentence only when shown, so every viewer reads it in their
own language, and the stored data never holds prose.
"""

from typing import TypedDict

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


class ImportProblem(TypedDict):
    row: int | None
    column: str | None
    code: str
    params: dict[str, str | int]


def problem(
    code: str, *, row: int | None = None, column: str | None = None, **params: str | int
) -> ImportProblem:
    return {"row": row, "column": column, "code": code, "params": params}


class ImportRejected(Exception):
    """The file as a whole cannot be read or must not be read; nothing was imported."""

    def __init__(self, code: str, *, column: str | None = None, **params: str | int) -> None:
        super().__init__(code)
        self.problem: ImportProblem = {
            "row": None,
            "column": column,
            "code": code,
            "params": params,
        }


# Field names and data categories are stored as keys and named at display time.
FIELD_LABELS: dict[str, Promise] = {
    "employee_id": gettext_lazy("employee ID"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "email": gettext_lazy("e-mail address"),
    "department": gettext_lazy("department"),
    "team": gettext_lazy("team"),
    "supervisor_id": gettext_lazy("supervisor's employee ID"),
    "job_level": gettext_lazy("job level"),
    "location": gettext_lazy("location"),
    "languages": gettext_lazy("languages"),
    "status": gettext_lazy("status"),
    "appraisers": gettext_lazy("appraisers"),
}
CATEGORY_LABELS: dict[str, Promise] = {
    "pay": gettext_lazy("pay"),
    "performance": gettext_lazy("performance rating"),
    "health": gettext_lazy("health"),
    "religion": gettext_lazy("religion"),
    "union": gettext_lazy("trade union membership"),
    "ethnic_origin": gettext_lazy("ethnic origin"),
    "sexual_orientation": gettext_lazy("sexual orientation"),
    "political_opinions": gettext_lazy("political opinions"),
    "biometric": gettext_lazy("biometric data"),
    "genetic": gettext_lazy("genetic data"),
}


def describe(error: ImportProblem) -> str:
    """One problem in the active language: what is wrong, and what to do about it."""
    params: dict[str, object] = dict(error.get("params") or {})
    for key, labels in (("field", FIELD_LABELS), ("category", CATEGORY_LABELS)):
        if key in params:
            params[key] = labels.get(str(params[key]), params[key])
    if error.get("column") is not None:
        params.setdefault("column", str(error["column"]))
    code = error.get("code", "")
    if code == "too_many_rows":
        return (
            ngettext(
                "The file has more than %(limit)s row. Split it into smaller files, "
                "or delete empty rows below the data.",
                "The file has more than %(limit)s rows. Split it into smaller files, "
                "or delete empty rows below the data.",
                int(str(params.get("limit", 0))),
            )
            % params
        )
    message = _MESSAGES.get(code)
    if message is None:
        return _("This row could not be imported (%(code)s). Check it and upload again.") % {
            "code": code
        }
    try:
        return message() % params
    except (KeyError, TypeError, ValueError):
        # A run stored by an older version may lack a parameter: still say something useful.
        return _("This row could not be imported (%(code)s). Check it and upload again.") % {
            "code": code
        }


# Each message is wrapped in a function so it is translated when shown, not at import.
_MESSAGES = {
    # The file as a whole.
    "too_large": lambda: _(
        "The file is larger than %(limit)s. Split it into smaller files or remove columns "
        "Tandem does not use."
    ),
    "empty_file": lambda: _("The file is empty. Export the employee list again and upload it."),
    "xls": lambda: _(
        "Old Excel files (.xls) cannot be read. Open the file in Excel and save it as "
        "“Excel workbook (.xlsx)” or as “CSV UTF-8”."
    ),
    "macros": lambda: _(
        "The workbook contains macros, which Tandem does not accept. Save it as "
        "“Excel workbook (.xlsx)” without macros and upload it again."
    ),
    "not_really": lambda: _(
        "The file is called “%(filename)s” but its content is not a %(expected)s file. "
        "Export the employee list again as CSV or .xlsx."
    ),
    "binary": lambda: _(
        "The file does not contain text. Export the employee list as CSV or .xlsx and "
        "upload it again."
    ),
    "zip_entries": lambda: _(
        "The workbook consists of more than %(limit)s parts, more than any employee list "
        "needs. Copy the data into a new, empty workbook and upload that."
    ),
    "zip_size": lambda: _(
        "Unpacked, the workbook would be larger than %(limit)s. Remove unused sheets, "
        "pictures and formatting, or split the file."
    ),
    "zip_ratio": lambda: _(
        "The workbook is compressed far more than a normal employee list (part "
        "“%(part)s”). Such files can overload the server and are refused. Copy the data "
        "into a new workbook and upload that."
    ),
    "xml_entities": lambda: _(
        "The workbook contains XML entity declarations, which Tandem refuses for safety. "
        "Open it in Excel, save it as a new .xlsx and upload that."
    ),
    "unreadable_xlsx": lambda: _(
        "The workbook could not be read; it may be damaged. Open it in Excel, save it "
        "again as .xlsx and upload it."
    ),
    "unreadable_csv": lambda: _(
        "The CSV file could not be read near row %(row_number)s. Check that quotation "
        "marks are closed and no value is extremely long, then upload it again."
    ),
    "encoding": lambda: _(
        "The text encoding of the file could not be recognised. Save it as “CSV UTF-8” "
        "and upload it again."
    ),
    "no_sheet": lambda: _(
        "The workbook has no sheet with data. Put the employee list on the first sheet."
    ),
    "no_header": lambda: _(
        "The first row must name the columns (for example “Personalnummer”, “Vorname”, "
        "“Nachname”). Add a header row and upload the file again."
    ),
    "too_many_columns": lambda: _(
        "The file has more than %(limit)s columns. Remove the columns Tandem does not use."
    ),
    "missing_column": lambda: _(
        "The column for “%(field)s” is missing. Add a column with one of these headers: "
        "%(aliases)s."
    ),
    "duplicate_column": lambda: _(
        "The columns “%(column)s” and “%(other)s” both mean “%(field)s”. Keep one of them."
    ),
    "sensitive_column": lambda: _(
        "The column “%(column)s” holds sensitive personal data (%(category)s) that Tandem "
        "must not receive. Delete this column and upload the file again; nothing was stored."
    ),
    "no_rows": lambda: _(
        "The file has a header row but no people. Check that you exported the data."
    ),
    "more_problems": lambda: _(
        "%(count)s further problems are not listed. Fix the ones above, which often share "
        "a cause, and upload the file again."
    ),
    # One row.
    "required": lambda: _("“%(column)s” is empty. Every person needs a value here."),
    "too_long": lambda: _("“%(column)s” is longer than %(limit)s characters. Shorten the value."),
    "control_characters": lambda: _(
        "“%(column)s” contains a line break or another control character. Keep the value on "
        "one line."
    ),
    "extra_values": lambda: _(
        "This row has more values than the header has columns. A value probably contains "
        "the separator character; put that value in quotation marks."
    ),
    "invalid_email": lambda: _(
        "“%(value)s” is not a valid e-mail address. Correct it or leave the cell empty."
    ),
    "invalid_status": lambda: _(
        "“%(value)s” is not a known status. Use A (active), L (on leave) or "
        "T (left the organisation)."
    ),
    "invalid_language": lambda: _(
        "“%(value)s” is not a language Tandem knows. Use two-letter codes such as de, en, "
        "fr, separated by commas."
    ),
    "duplicate_id": lambda: _(
        "The employee ID %(employee_id)s appears again; it was already used in row "
        "%(first_row)s. Each person must appear exactly once."
    ),
    "self_supervisor": lambda: _(
        "%(employee_id)s is given as their own supervisor. Enter the supervisor's employee "
        "ID, or leave the cell empty for the top of the organisation."
    ),
    "unknown_supervisor": lambda: _(
        "The supervisor %(supervisor_id)s is neither in this file nor already in Tandem. "
        "Add that person to the file or correct the ID."
    ),
    "supervisor_row_invalid": lambda: _(
        "The supervisor %(employee_id)s is in row %(other_row)s, which has a problem of its "
        "own. Fix that row; this one needs no change."
    ),
    "supervisor_cycle": lambda: _(
        "These people would report to each other in a circle: %(members)s. Correct the "
        "supervisor of at least one of them."
    ),
    "self_appraiser": lambda: _(
        "%(employee_id)s is listed among their own appraisers. Remove that ID."
    ),
    "unknown_appraiser": lambda: _(
        "The appraiser %(appraiser_id)s is neither in this file nor already in Tandem. "
        "Add that person to the file or correct the ID."
    ),
    "appraiser_row_invalid": lambda: _(
        "The appraiser %(employee_id)s is in row %(other_row)s, which has a problem of its "
        "own. Fix that row; this one needs no change."
    ),
}
