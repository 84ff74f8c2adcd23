"""A cohort's results as rows for a spreadsheet: CSV and XLSX, formula-safe (IO-07).

``rows`` turns :class:`~tandem.reports.metrics.CohortResults` into labelled
sections in the reader's language; a value the results withhold is the word
"withheld", never a number (not even a count of people). Text anyone typed
(names, quotes, lessons learned) could start with ``=`` and be run by a
spreadsheet, so every string cell passes :func:`safe_cell` first.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from tandem.events.models import EventKind
from tandem.programs.models import CohortState
from tandem.reports import metrics
from tandem.surveys.models import Phase, group_name
from tandem.surveys.results import Growth

Cell = str | int | float
Row = tuple[Cell, ...]

# What makes a spreadsheet read a cell as a formula (or a DDE command): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: Cell) -> Cell:
    """``value``; a string a spreadsheet would evaluate gets a ``'`` in front, numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(results: metrics.CohortResults) -> list[Row]:
    """The results as sections: a heading row, a column header row, the data, a blank row."""
    return [
        *_overview(results),
        *_participation(results.participation),
        *_meetings(results.meetings),
        *_satisfaction(results.satisfaction),
        *_growth(results),
        *_events(results.events),
        *_taught(results.taught),
        *_texts(_("Quotes"), results.quotes),
        *_texts(_("Lessons learned"), results.lessons),
    ]


def withheld() -> str:
    return _("withheld")


def _section(title: str, header: Row, body: Iterable[Row]) -> list[Row]:
    return [(title,), header, *body, ()]


def _overview(results: metrics.CohortResults) -> list[Row]:
    state = CohortState(results.state).label if results.state in CohortState else results.state
    return _section(
        _("Results"),
        (_("Program"), _("Cohort")),
        [
            (results.program, results.cohort),
            (_("Kick-off"), results.kickoff.isoformat()),
            (_("Wrap-up"), results.wrapup.isoformat()),
            (_("State"), str(state)),
            (_("Smallest group shown"), results.k),
        ],
    )


def _participation(participation: metrics.Participation) -> list[Row]:
    return _section(
        _("Participation"),
        (_("Measure"), _("Number")),
        [
            (_("Mentors registered"), participation.mentors_registered),
            (_("Mentees registered"), participation.mentees_registered),
            (_("Mentors in an accepted tandem"), participation.mentors),
            (_("Mentees in an accepted tandem"), participation.mentees),
            (_("Accepted tandems"), participation.tandems),
            (_("Tandems completed"), participation.completed),
            (_("Tandems ended early"), participation.ended_early),
        ],
    )


def _meetings(meetings: metrics.Meetings) -> list[Row]:
    percent = meetings.percent
    return _section(
        _("Meetings"),
        (_("Measure"), _("Number")),
        [
            (_("Meetings planned by the cadence"), meetings.expected),
            (_("Meetings held"), meetings.held),
            (_("Held, in per cent"), "" if percent is None else percent),
        ],
    )


def _phase(phase: str) -> str:
    return str(Phase(phase).label) if phase in Phase else phase


def _satisfaction(found: Sequence[metrics.Satisfaction]) -> list[Row]:
    body: list[Row] = []
    for item in found:
        if item.mean is None:
            body.append((_phase(item.phase), group_name(item.group), withheld(), withheld()))
        else:
            body.append((_phase(item.phase), group_name(item.group), item.people, item.mean))
    return _section(
        _("Satisfaction (1 to 5)"),
        (_("Survey"), _("Group"), _("People"), _("Average")),
        body,
    )


def _growth_row(label: str, growth: Growth) -> Row:
    if growth.before is None or growth.now is None or growth.change is None:
        return (label, withheld(), withheld(), withheld(), withheld())
    return (label, growth.people, growth.before, growth.now, growth.change)


def _growth(results: metrics.CohortResults) -> list[Row]:
    body = [_growth_row(item.label, item) for item in results.growth]
    if results.overall_growth is not None:
        body.append(_growth_row(_("All topics"), results.overall_growth))
    return _section(
        _("Competence growth (self-assessment 1 to 5)"),
        (_("Topic"), _("People"), _("At registration"), _("At the end"), _("Change")),
        body,
    )


def _events(events: Sequence[metrics.EventAttendance]) -> list[Row]:
    body: list[Row] = []
    for event in events:
        kind = str(EventKind(event.kind).label) if event.kind in EventKind else event.kind
        if event.attended is not None:
            attended: Cell = event.attended
        else:
            attended = withheld() if event.withheld else _("not recorded")
        body.append((event.title, kind, event.day.isoformat(), event.invited, attended))
    return _section(
        _("Events"),
        (_("Event"), _("Kind"), _("Date"), _("Invited"), _("Attended")),
        body,
    )


def _taught(taught: Sequence[metrics.Taught]) -> list[Row]:
    return _section(
        _("Topics taught"),
        (_("Topic"), _("Tandems")),
        [(item.label, item.tandems) for item in taught],
    )


def _texts(title: str, texts: Sequence[str]) -> list[Row]:
    return _section(title, (_("Text"),), [(text,) for text in texts])


def to_csv(table: Iterable[Row], *, language: str = "en") -> bytes:
    """RFC 4180 CSV (CRLF, quoted where needed), UTF-8 with a BOM so Excel reads umlauts.

    In the reader's language as their Excel expects it: German with ``;`` between values
    and a decimal comma (``3,4``, which German Excel reads as a number, where ``3.4``
    would become a date), English with ``,`` and a decimal point.
    """
    german = language == "de"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if german else ",", lineterminator="\r\n")
    for row in table:
        writer.writerow([_csv_value(safe_cell(value), german=german) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Cell, *, german: bool) -> Cell:
    if german and isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def to_xlsx(table: Iterable[Row]) -> bytes:
    """One worksheet; strings stored as strings (never formulas), numbers as numbers."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(_("Results")))
    for row in table:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> XlsxCell:
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    # Control characters XML cannot hold go first, so none can hide a formula behind it.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # a string, never a formula
    if text.startswith(FORMULA_STARTS):
        # Excel's own way to keep a typed "=..." as text: the apostrophe is a style flag,
        # not a character, so the cell shows the words as written and stays text on edit.
        cell.quotePrefix = True
    return cell


def _sheet_title(title: str) -> str:
    # Excel's rules (at most 31 characters, none of []:*?/\), which a translation need not know.
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return cleaned[:31] or "Results"
