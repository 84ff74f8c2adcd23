"""Hostile and oversized files are refused quickly, clearly, and before parsing (IO-01, IO-02).

Each case must end in a validation error within two seconds and with little
memory; nothing of the file is kept.
"""

import io
import tracemalloc
import zipfile
from collections.abc import Callable

import openpyxl
import openpyxl.xml
import pytest
from django.utils import translation

from conftest import World
from tandem.people.imports import Limits, check_import, describe
from tandem.people.imports.limits import FileKind
from tandem.people.imports.problems import ImportRejected
from tandem.people.imports.reading import read_table
from tandem.people.models import Employee, ImportStatus

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of the problems; German is tested elsewhere."""
    with translation.override("en"):
        yield


def workbook(rows: list[list[object]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows or [["Personalnummer", "Vorname", "Nachname"], ["1", "Jörg", "Weiß"]]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(
    content: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None
) -> bytes:
    """A copy of an XLSX archive with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def sheet_xml(body: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<sheetData>" + body + b"</sheetData></worksheet>"
    )  # fmt: skip


def zip_bomb() -> bytes:
    # 40 MB of zeros packed into some 40 KB: a thousandfold compression.
    return rewritten(workbook(), {"xl/worksheets/sheet1.xml": b"\0" * (40 * MB)})


def oversized_archive() -> bytes:
    return rewritten(workbook(), {}, {f"xl/media/image{i}.bin": b"x" * (9 * MB) for i in range(6)})


def many_entries() -> bytes:
    return rewritten(workbook(), {}, {f"customXml/item{i}.xml": b"<a/>" for i in range(1001)})


def million_empty_rows() -> bytes:
    rows = b"".join(b'<row r="%d"/>' % number for number in range(2, 1_000_002))
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Personalnummer</t></is></c></row>'
    return rewritten(workbook(), {"xl/worksheets/sheet1.xml": sheet_xml(header + rows)})


def one_far_row() -> bytes:
    # A single cell in row one million: the reader must not walk the gap.
    far = b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Personalnummer</t></is></c></row>'
    return rewritten(workbook(), {"xl/worksheets/sheet1.xml": sheet_xml(header + far)})


XXE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def xxe_workbook() -> bytes:
    body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return rewritten(workbook(), {"xl/worksheets/sheet1.xml": sheet_xml(body, XXE)})


def billion_laughs_workbook() -> bytes:
    body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return rewritten(workbook(), {"xl/worksheets/sheet1.xml": sheet_xml(body, LAUGHS)})


def macro_workbook() -> bytes:
    return rewritten(workbook(), {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really vba"})


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program"

CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "oversized csv": ("mitarbeiter.csv", lambda: b"a;b\n" * (6 * MB // 4), "too_large"),
    "zip bomb": ("mitarbeiter.xlsx", zip_bomb, "zip_ratio"),
    "archive unpacks too large": ("mitarbeiter.xlsx", oversized_archive, "zip_size"),
    "archive with too many parts": ("mitarbeiter.xlsx", many_entries, "zip_entries"),
    "exe renamed to csv": ("mitarbeiter.csv", lambda: EXE, "binary"),
    "exe renamed to xlsx": ("mitarbeiter.xlsx", lambda: EXE, "not_really"),
    "xlsx renamed to csv": ("mitarbeiter.csv", workbook, "not_really"),
    "xlsm by name": ("mitarbeiter.xlsm", workbook, "macros"),
    "macros inside an xlsx": ("mitarbeiter.xlsx", macro_workbook, "macros"),
    "old xls": (
        "mitarbeiter.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
        "xls",
    ),
    "million empty rows": ("mitarbeiter.xlsx", million_empty_rows, "too_many_rows"),
    "one row far below": ("mitarbeiter.xlsx", one_far_row, "too_many_rows"),
    "xxe": ("mitarbeiter.xlsx", xxe_workbook, "xml_entities"),
    "billion laughs": ("mitarbeiter.xlsx", billion_laughs_workbook, "xml_entities"),
    "damaged archive": ("mitarbeiter.xlsx", lambda: workbook()[:600], "unreadable_xlsx"),
    "too many columns": (
        "mitarbeiter.csv",
        lambda: ";".join(f"Spalte {i}" for i in range(101)).encode(),
        "too_many_columns",
    ),
    "utf-16 without text": ("mitarbeiter.csv", lambda: b"a\0b\0c\0", "binary"),
    "empty": ("mitarbeiter.csv", lambda: b"  \r\n", "empty_file"),
}


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_rejected_before_parsing_with_a_clear_message(
    world: World, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Quickly" is measured in benchmarks/hostile_uploads.py; here the reason it is quick:
    # no workbook reaches openpyxl, and memory stays bounded.
    filename, make, code = CASES[case]
    content = make()
    parsed: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: parsed.append(a))
    tracemalloc.start()
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename=filename,
        content=content,
        deactivate_missing=False,
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert run.status == ImportStatus.INVALID
    assert [error["code"] for error in run.errors] == [code]
    assert bytes(run.content) == b""
    assert parsed == []
    assert peak < 200 * MB, peak
    message = describe(run.errors[0])
    assert len(message) > 40
    assert "%(" not in message
    assert Employee.objects.filter(organization=world.organization).count() == 4


def test_defusedxml_stops_entities_even_without_the_scan() -> None:
    # Defence in depth: openpyxl itself refuses the billion laughs (IO-02).
    with pytest.raises(ImportRejected) as caught:
        read_table(
            content=billion_laughs_workbook(), kind=FileKind.XLSX, limits=Limits.from_settings()
        )
    assert caught.value.problem["code"] == "unreadable_xlsx"


@pytest.mark.django_db
def test_row_limit_applies_to_csv(world: World, settings) -> None:
    settings.TANDEM_IMPORT_MAX_ROWS = 5
    content = "Personalnummer;Vorname;Nachname\n" + "".join(f"X{i};Vor;Nach\n" for i in range(6))
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.csv",
        content=content.encode(),
        deactivate_missing=False,
    )
    assert run.errors[0]["code"] == "too_many_rows"
    assert "more than 5 rows" in describe(run.errors[0])


@pytest.mark.django_db
def test_workbook_claiming_an_unsupported_zip_version_is_rejected_not_a_crash(
    world: World,
) -> None:
    # Found by the byte fuzzer: zipfile raises NotImplementedError for zip version 6.4.
    content = bytearray(workbook())
    central = content.find(b"PK\x01\x02")
    content[central + 6] = 64  # "version needed to extract" of the first central entry
    run = check_import(
        organization=world.organization,
        actor=world.admin,
        filename="hr.xlsx",
        content=bytes(content),
        deactivate_missing=False,
    )
    assert run.status == ImportStatus.INVALID
    assert run.errors[0]["code"] == "unreadable_xlsx"
    assert not Employee.objects.filter(organization=world.organization, employee_id="E9").exists()
