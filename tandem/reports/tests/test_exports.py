"""The results export: sections in the reader's language, formula-safe cells, withheld as a word."""

import csv
import io
from datetime import date

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tandem.reports import metrics
from tandem.reports.exports import FORMULA_STARTS, Row, rows, safe_cell, to_csv, to_xlsx
from tandem.surveys.results import Growth


def results(**changes: object) -> metrics.CohortResults:
    values: dict[str, object] = {
        "program": "Reverse Mentoring",
        "cohort": "Jahrgang 2026",
        "kickoff": date(2026, 3, 2),
        "wrapup": date(2026, 8, 3),
        "state": "completed",
        "k": 5,
        "participation": metrics.Participation(
            mentors_registered=12,
            mentees_registered=10,
            mentors=9,
            mentees=9,
            tandems=9,
            completed=8,
            ended_early=1,
        ),
        "meetings": metrics.Meetings(expected=90, held=72),
        "satisfaction": (
            metrics.Satisfaction(phase="final", group="mentor", people=9, mean=4.4),
            metrics.Satisfaction(phase="final", group="mentee", people=0, mean=None),
        ),
        "growth": (
            Growth(topic="ai", label="KI", people=6, before=2.0, now=3.5),
            Growth(topic="agile", label="Agil", people=0, before=None, now=None),
        ),
        "overall_growth": Growth(topic="", label="", people=9, before=2.2, now=3.4),
        "events": (
            metrics.EventAttendance(
                kind="kickoff", title="Auftakt", day=date(2026, 3, 2), invited=18, attended=16
            ),
            metrics.EventAttendance(
                kind="other",
                title="Stammtisch",
                day=date(2026, 5, 4),
                invited=3,
                attended=None,
                withheld=True,
            ),
        ),
        "taught": (metrics.Taught(topic="ai", label="KI", tandems=6),),
        "quotes": ("Ich habe viel gelernt.",),
        "lessons": ('=HYPERLINK("http://evil")',),
    }
    values.update(changes)
    return metrics.CohortResults(**values)


def section(table: list[Row], title: str) -> list[Row]:
    """The data rows under the heading ``title`` (after its column header, up to the blank row)."""
    start = table.index((title,)) + 2
    end = table.index((), start)
    return table[start:end]


def test_rows_name_every_section_in_the_readers_language():
    with translation.override("en"):
        english = rows(results())
    with translation.override("de"):
        german = rows(results())

    headings = [row[0] for row in english if len(row) == 1 and row[0] != "Text"]
    assert {"Participation", "Meetings", "Events", "Topics taught", "Quotes"} <= set(headings)
    assert len(english) == len(german)
    assert section(english, "Participation")[0] == ("Mentors registered", 12)
    assert section(english, "Meetings")[-1] == ("Held, in per cent", 80)


def test_withheld_values_are_a_word_not_a_number():
    with translation.override("en"):
        table = rows(results())

    satisfaction = section(table, "Satisfaction (1 to 5)")
    assert satisfaction == [
        ("Final evaluation", "Mentors", 9, 4.4),
        ("Final evaluation", "Mentees", "withheld", "withheld"),
    ]
    growth = section(table, "Competence growth (self-assessment 1 to 5)")
    assert growth[1] == ("Agil", "withheld", "withheld", "withheld", "withheld")
    assert growth[2] == ("All topics", 9, 2.2, 3.4, 1.2)
    events = section(table, "Events")
    assert events[1][-1] == "withheld"


def test_quotes_and_lessons_are_text_rows():
    with translation.override("en"):
        table = rows(results())

    assert section(table, "Quotes") == [("Ich habe viel gelernt.",)]
    assert section(table, "Lessons learned") == [('=HYPERLINK("http://evil")',)]


def test_safe_cell_prefixes_formula_starts_and_leaves_numbers():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("Müller") == "Müller"
    assert safe_cell(-2) == -2
    assert safe_cell(4.5) == 4.5


def test_csv_has_a_bom_and_crlf_so_excel_opens_umlauts():
    data = to_csv([("Größe", "=1+1"), ("a,b", 3)])

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == 'Größe,\'=1+1\r\n"a,b",3\r\n'


def test_xlsx_keeps_numbers_as_numbers_and_strings_as_strings():
    data = to_xlsx([("Größe", "=1+1", 3, 4.5)])

    sheet = load_workbook(io.BytesIO(data)).active
    cells = next(sheet.iter_rows())
    # The formula-like text shows as written: kept text by Excel's quote-prefix flag, not by a
    # visible apostrophe (issue 14).
    assert [cell.value for cell in cells] == ["Größe", "=1+1", 3, 4.5]
    assert [cell.data_type for cell in cells] == ["s", "s", "n", "n"]
    assert [cell.quotePrefix for cell in cells] == [False, True, False, False]


def test_german_csv_separates_with_semicolons_and_writes_decimal_commas():
    """German Excel read "3.4" as a date (issue 14)."""
    data = to_csv([("Mittel", 3.4), ("=x", -2), ("a;b", 1.0)], language="de")

    assert data.decode("utf-8-sig") == 'Mittel;3,4\r\n\'=x;-2\r\n"a;b";1,0\r\n'


def _is_safe(value: object) -> bool:
    return not isinstance(value, str) or not value.startswith(FORMULA_STARTS)


texts = st.text(max_size=30)
cells = st.one_of(texts, st.integers(-(10**9), 10**9), st.floats(-1e6, 1e6))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=5).map(tuple), min_size=1, max_size=8))
def test_no_csv_cell_starts_a_formula(table):
    read = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig"), newline="")))

    assert len(read) == len(table)
    for written, row in zip(table, read, strict=True):
        for original, value in zip(written, row, strict=True):
            if isinstance(original, str):
                assert _is_safe(value)
                assert value in (original, "'" + original)
            else:  # a number as Python writes it (Excel reads "-1.5" as a number)
                assert value == str(original)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=5).map(tuple), min_size=1, max_size=8))
def test_no_xlsx_cell_starts_a_formula_or_is_evaluated(table):
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active

    read = [list(row) for row in sheet.iter_rows()]
    for written, row in zip(table, read, strict=False):
        for original, cell in zip(written, row, strict=False):
            assert cell.data_type != "f"
            assert _is_safe(cell.value) or (cell.data_type == "s" and cell.quotePrefix)
            if isinstance(original, str) and cell.value is not None:
                assert isinstance(cell.value, str)


growth_values = st.one_of(st.none(), st.floats(1, 5).map(lambda v: round(v, 1)))


@settings(max_examples=60, deadline=None)
@given(
    means=st.lists(growth_values, min_size=1, max_size=6),
    befores=st.lists(growth_values, min_size=1, max_size=6),
    label=texts,
    quote=texts,
)
def test_withheld_is_never_a_number(means, befores, label, quote):
    satisfaction = tuple(
        metrics.Satisfaction(phase="final", group="all", people=0 if mean is None else 7, mean=mean)
        for mean in means
    )
    growth = tuple(
        Growth(
            topic=f"t{i}",
            label=label,
            people=0 if before is None else 6,
            before=before,
            now=None if before is None else 4.0,
        )
        for i, before in enumerate(befores)
    )
    with translation.override("en"):
        table = rows(results(satisfaction=satisfaction, growth=growth, quotes=(quote,)))

    for item, row in zip(satisfaction, section(table, "Satisfaction (1 to 5)"), strict=True):
        numbers = [value for value in row if not isinstance(value, str)]
        assert numbers == ([] if item.mean is None else [7, item.mean])
    growth_rows = section(table, "Competence growth (self-assessment 1 to 5)")
    for topic, row in zip(growth, growth_rows, strict=False):
        if topic.before is None:
            assert row[1:] == ("withheld",) * 4
    read = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig"), newline="")))
    for written, line in zip(table, read, strict=True):
        pairs = zip(written, line, strict=True)
        assert all(_is_safe(value) for original, value in pairs if isinstance(original, str))
