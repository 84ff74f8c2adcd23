"""Upload limits (IO-01), checked on the raw bytes before any parser sees them.

The file type is decided by its first bytes, not by its name; an XLSX archive
is measured from its zip directory (entries, unpacked size, compression ratio)
and its XML parts are scanned for entity declarations before openpyxl opens it.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Self

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from tandem.people.imports.problems import ImportRejected

XLSX_MAX_ENTRIES = 1_000
XLSX_MAX_UNPACKED = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100
# Below this size a part's ratio says nothing: a few repeated bytes compress well.
XLSX_RATIO_FLOOR = 64 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, password-protected .xlsx
BINARY_MAGIC = (
    b"MZ",  # Windows executable
    b"\x7fELF",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
    ZIP_MAGIC,
    OLE2_MAGIC,
)
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlsb", ".xlam")
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
MACRO_CONTENT_TYPE = b"macroEnabled"
SCAN_CHUNK = 64 * 1024
ROW_TAG = b"<row"


class FileKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    xlsx_max_unpacked: int = XLSX_MAX_UNPACKED

    @classmethod
    def from_settings(cls) -> Self:
        return cls(
            max_bytes=settings.TANDEM_IMPORT_MAX_BYTES,
            max_rows=settings.TANDEM_IMPORT_MAX_ROWS,
            max_columns=settings.TANDEM_IMPORT_MAX_COLUMNS,
        )

    def with_max_rows(self, max_rows: int) -> Self:
        """Limits for a larger scheduled sync: the byte limits grow with the row limit."""
        if max_rows <= self.max_rows:
            return replace(self, max_rows=max_rows)
        factor = max_rows / self.max_rows
        return replace(
            self,
            max_rows=max_rows,
            max_bytes=int(self.max_bytes * factor),
            xlsx_max_unpacked=int(self.xlsx_max_unpacked * factor),
        )


def check_file(*, filename: str, content: bytes, limits: Limits) -> FileKind:
    """The kind of file, once its size, type and (for XLSX) archive are acceptable."""
    if len(content) > limits.max_bytes:
        raise ImportRejected("too_large", limit=filesizeformat(limits.max_bytes))
    if not content.strip():
        raise ImportRejected("empty_file")
    name = filename.lower()
    if name.endswith(".xls") or content.startswith(OLE2_MAGIC):
        raise ImportRejected("xls")
    if name.endswith(MACRO_EXTENSIONS):
        raise ImportRejected("macros")
    if content.startswith(ZIP_MAGIC):
        if name.endswith(CSV_EXTENSIONS):
            raise ImportRejected("not_really", filename=filename, expected="CSV")
        check_xlsx_archive(content, limits=limits)
        return FileKind.XLSX
    if name.endswith(".xlsx"):
        raise ImportRejected("not_really", filename=filename, expected="Excel (.xlsx)")
    if content.startswith(BINARY_MAGIC):
        raise ImportRejected("binary")
    return FileKind.CSV


def check_xlsx_archive(content: bytes, *, limits: Limits) -> None:
    """Refuse zip bombs, macros and XML entities using only the zip directory and a scan.

    The declared sizes can be trusted as upper bounds: zipfile stops reading an
    entry at its declared size and fails the CRC check on anything else.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    # NotImplementedError: a central directory that claims a zip version zipfile lacks.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        ValueError,
        EOFError,
    ) as exc:
        raise ImportRejected("unreadable_xlsx") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > XLSX_MAX_ENTRIES:
            raise ImportRejected("zip_entries", limit=XLSX_MAX_ENTRIES)
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > limits.xlsx_max_unpacked:
            raise ImportRejected("zip_size", limit=filesizeformat(limits.xlsx_max_unpacked))
        for entry in entries:
            if entry.file_size > XLSX_RATIO_FLOOR and entry.file_size > XLSX_MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise ImportRejected("zip_ratio", part=entry.filename[:100])
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise ImportRejected("unreadable_xlsx")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ImportRejected("macros")
        try:
            if MACRO_CONTENT_TYPE in archive.read("[Content_Types].xml"):
                raise ImportRejected("macros")
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")):
                    _scan_part(archive, entry, limits=limits)
        except (
            zipfile.BadZipFile,
            zlib.error,
            NotImplementedError,
            ValueError,
            EOFError,
            OSError,
        ) as exc:
            # A damaged entry, an unsupported compression or an encrypted part.
            raise ImportRejected("unreadable_xlsx") from exc


ROW_NUMBER = re.compile(rb'<row\b[^>]{0,200}?\br="(\d{1,12})"')


def _scan_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, limits: Limits) -> None:
    """Refuse an XML part with a DOCTYPE, or a sheet with more rows than allowed.

    A DOCTYPE is the way in for XXE and billion laughs; openpyxl parses through
    defusedxml as well (IO-02), but this turns an attack into a clear refusal.
    Rows are counted here because openpyxl walks a whole sheet just to size it,
    which takes seconds for a million empty rows. Constant memory, no parsing.
    """
    is_sheet = entry.filename.startswith("xl/worksheets/")
    rows = 0
    tail = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            window = tail + chunk
            if b"<!DOCTYPE" in window.upper() or b"<!ENTITY" in window.upper():
                raise ImportRejected("xml_entities")
            if is_sheet:
                # The tail is shorter than the tag, so no row is counted twice.
                rows += (tail[-len(ROW_TAG) + 1 :] + chunk).count(ROW_TAG)
                if rows > limits.max_rows + 1:
                    raise ImportRejected("too_many_rows", limit=limits.max_rows)
                # One row numbered a million is one tag, but openpyxl would walk the gap.
                numbers = ROW_NUMBER.findall(window)
                if numbers and max(int(n) for n in numbers) > limits.max_rows + 1:
                    raise ImportRejected("too_many_rows", limit=limits.max_rows)
            tail = chunk[-64:]
