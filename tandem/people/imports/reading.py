"""Reading an HR file into a header and rows of strings, whatever program wrote it.

CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel "Unicode text"),
Windows-1252 or Mac Roman (Excel on German Windows or macOS); separated by
``;``, ``,`` or tab; values may hold quoted line breaks. XLSX: the first sheet,
read in openpyxl's streaming mode through defusedxml. Row and column limits
are enforced while reading, so an oversized sheet stops early.
"""

import codecs
import contextlib
import csv
import datetime
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Generator, Iterable
from dataclasses import dataclass

import openpyxl
import openpyxl.xml
from charset_normalizer import from_bytes

from tandem.people.imports.limits import FileKind, Limits
from tandem.people.imports.problems import ImportRejected

logger = logging.getLogger(__name__)

# IO-02: openpyxl must parse through defusedxml, never the plain standard library.
assert openpyxl.xml.DEFUSEDXML, "defusedxml must be installed for safe XLSX import"  # noqa: S101

DELIMITERS = ";,\t"
SNIFF_BYTES = 16 * 1024
# An 8-bit export is read in the code page that turns its bytes into the most
# plausible letters: German ones count most; letters that Windows-1252 has only
# in its punctuation range (where Mac Roman keeps its umlauts) count nothing.
GERMAN_LETTERS = frozenset("äöüÄÖÜß")
UNLIKELY_LETTERS = frozenset("ŠŒŽšœžŸƒ")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
LEGACY_ENCODINGS = ("cp1252", "mac_roman")


@dataclass(frozen=True)
class Table:
    """The header and the non-blank rows; ``number`` is the row as a spreadsheet shows it."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_table(*, content: bytes, kind: FileKind, limits: Limits) -> Table:
    raw = _read_xlsx(content, limits) if kind is FileKind.XLSX else _read_csv(content)
    # Closing the generator at once closes the workbook when a limit stops the reading.
    with contextlib.closing(raw):
        return _collect(raw, limits)


def _collect(raw: Iterable[list[str]], limits: Limits) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(raw, start=1):
        if header is None:
            if not any(values):
                raise ImportRejected("no_header")
            while values and not values[-1]:
                values.pop()
            if len(values) > limits.max_columns:
                raise ImportRejected("too_many_columns", limit=limits.max_columns)
            header = values
            continue
        # Empty rows count towards the limit too: they cost reading time all the same.
        if number - 1 > limits.max_rows:
            raise ImportRejected("too_many_rows", limit=limits.max_rows)
        if any(values):
            rows.append((number, values))
    if header is None:
        raise ImportRejected("empty_file")
    return Table(header=header, rows=rows)


def _clean(value: str) -> str:
    # NFC keeps "ü" one character whether macOS (decomposed) or Windows wrote it.
    return unicodedata.normalize("NFC", value.replace("\x00", "")).strip()


# CSV ------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """The file's text, from its byte-order mark, UTF-8, or the likeliest 8-bit code page."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ImportRejected("encoding") from exc
    if b"\x00" in content:
        raise ImportRejected("binary")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: dict[str, str] = {}
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates[encoding] = content.decode(encoding)
        except UnicodeDecodeError:
            continue
    if candidates:
        # charset-normalizer picks Mac Roman or cp1250 for short German cp1252 files,
        # so the choice between the two code pages Excel writes is made by letter count.
        return max(candidates.values(), key=_plausibility)
    guess = from_bytes(content[: SNIFF_BYTES * 4]).best()
    if guess is None:
        raise ImportRejected("encoding")
    try:
        return content.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportRejected("encoding") from exc


def _plausibility(text: str) -> int:
    score = 0
    for char, count in Counter(NON_ASCII.findall(text)).items():
        if char in GERMAN_LETTERS:
            score += 3 * count
        elif char.isalpha() and char not in UNLIKELY_LETTERS:
            score += count
    return score


def sniff_delimiter(text: str) -> str:
    """``;`` (German Excel), ``,`` or tab: the sniffer's guess, else the header's commonest."""
    sample = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    first_line = sample.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter in DELIMITERS and delimiter and delimiter in first_line:
        return delimiter
    counts = {candidate: first_line.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ";"


def _read_csv(content: bytes) -> Generator[list[str]]:
    text = decode(content)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    number = 0
    try:
        for number, values in enumerate(reader, start=1):  # noqa: B007 (used after the loop)
            yield [_clean(value) for value in values]
    except csv.Error as exc:
        raise ImportRejected("unreadable_csv", row_number=number + 1) from exc


# XLSX -----------------------------------------------------------------------


def _read_xlsx(content: bytes, limits: Limits) -> Generator[list[str]]:
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )
    except ImportRejected:
        raise
    except Exception as exc:
        # openpyxl reports damaged files with a wide range of exceptions (KeyError,
        # TypeError, defusedxml's errors…); all of them mean "cannot be read" (IO-06).
        logger.info("Unreadable XLSX upload: %r", exc)
        raise ImportRejected("unreadable_xlsx") from exc
    try:
        if not workbook.worksheets:
            raise ImportRejected("no_sheet")
        sheet = workbook.worksheets[0]
        rows: Iterable[tuple[object, ...]] = sheet.iter_rows(
            values_only=True, max_col=limits.max_columns + 1
        )
        for values in rows:
            yield [_cell_text(value) for value in values]
    except ImportRejected:
        raise
    except Exception as exc:
        logger.info("Unreadable XLSX upload: %r", exc)
        raise ImportRejected("unreadable_xlsx") from exc
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as the text HR typed: 1042 not 1042.0, dates as 31.12.2024."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return _clean(str(value))
