"""Reading a workbook's sheet as a table of text cells, within a budget.

An .xlsx is a zip of XML parts. Before openpyxl opens it, the archive's declared sizes are
checked (a zip bomb is refused unopened), its shared strings (the text of its cells, which
openpyxl loads whole before a row is read) are counted as their part streams by, and each
sheet's declared dimension, rows, cell references and cell text are checked as its XML streams
by: a workbook past any limit of `model.limits` is refused in milliseconds. The sheet is then
read in openpyxl's read-only mode, row by row, and the read stops at the row limit.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import IO
from xml.parsers import expat

import openpyxl
import pandas as pd

from components.model.csv_text import check_cell_length, check_columns, column_names
from components.model.limits import (
    MAX_COLUMNS,
    MAX_EVENT_ROWS,
    MAX_NUMBER_CHARS,
    MAX_SHARED_STRINGS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_BYTES,
    MEGABYTE,
    over_budget,
    too_many_rows,
)
from components.model.problems import CaseFileError, Problem

#: A worksheet's part in an .xlsx archive.
SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
CONTENT_TYPES_PART = "[Content_Types].xml"
#: The content type openpyxl finds the shared strings part by (any name the archive gives it).
SHARED_STRINGS_TYPE = "sharedStrings+xml"
SHEET_CHUNK_BYTES = 64 * 1024
#: A cell reference: its column letters, then its row number.
CELL_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _not_a_workbook(file: str, reason: str = "") -> CaseFileError:
    found = "not a workbook Excel can open" + (f": {reason}"[:160] if reason else "")
    return CaseFileError([Problem(file, None, None, found, "an .xlsx workbook")])


def check_xlsx_archive(data: bytes, file: str) -> None:
    """Refuse what is not a zip, a zip bomb, and any part past the budget, before openpyxl
    unpacks anything.

    The sizes checked are the ones the archive declares; Python's zipfile never unpacks a
    member beyond its declared size, so a lying header cannot get past this.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _not_a_workbook(file, str(error)) from error
    unpacked = sum(m.file_size for m in members)
    squeezed = any(
        m.file_size > MAX_XLSX_MEMBER_BYTES
        and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if unpacked > MAX_XLSX_UNPACKED_BYTES or squeezed:
        raise over_budget(
            file,
            f"a workbook that unpacks to {unpacked / 1e6:.1f} MB",
            f"at most {MAX_XLSX_UNPACKED_BYTES // MEGABYTE} MB unpacked, "
            f"and no part compressed over {MAX_XLSX_RATIO} times",
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in _shared_strings_parts(archive, file):
            _check_shared_strings(archive, name, file)
        for member in members:
            if SHEET_PART.fullmatch(member.filename):
                with archive.open(member) as part:
                    _check_sheet_size(part, file)


def _scan(
    part: IO[bytes],
    file: str,
    start: Callable[[str, dict], None],
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream an XML part through expat with these handlers (tag names without prefix);
    expat builds nothing, so the handlers' counters are the only cost."""
    # No namespace processing (a prefix is cut off the name instead), and the text of an
    # element handed over at once: the fewest calls into Python per element.
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = lambda name, attributes: start(name.rpartition(":")[2], attributes)
    if text:
        parser.CharacterDataHandler = text
    try:
        while chunk := part.read(SHEET_CHUNK_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _not_a_workbook(file, str(error)) from error


def _shared_strings_parts(archive: zipfile.ZipFile, file: str) -> list[str]:
    """The parts openpyxl would load as shared strings, by their content type."""
    try:
        member = archive.getinfo(CONTENT_TYPES_PART)
    except KeyError as error:
        raise _not_a_workbook(file, f"no {CONTENT_TYPES_PART}") from error
    if member.file_size > MAX_XLSX_MEMBER_BYTES:
        raise _not_a_workbook(file, f"a {CONTENT_TYPES_PART} of {member.file_size:,} bytes")
    names: list[str] = []

    def start(tag: str, attributes: dict) -> None:
        if tag == "Override" and attributes.get("ContentType", "").endswith(SHARED_STRINGS_TYPE):
            names.append(attributes.get("PartName", "").lstrip("/"))

    with archive.open(member) as part:
        _scan(part, file, start)
    return [name for name in names if name in archive.namelist()]


def _shared_strings_refused(file: str, found: str) -> CaseFileError:
    return over_budget(
        file,
        found,
        f"at most {MAX_SHARED_STRINGS:,} shared strings "
        f"in at most {MAX_SHARED_STRINGS_BYTES // MEGABYTE} MB",
    )


def _check_shared_strings(archive: zipfile.ZipFile, name: str, file: str) -> None:
    """Count the shared strings and measure each as the part streams by, before openpyxl
    loads them all (a 47 MB part took it 38 s and 290 MB)."""
    member = archive.getinfo(name)
    if member.file_size > MAX_SHARED_STRINGS_BYTES:
        raise _shared_strings_refused(
            file, f"shared strings that unpack to {member.file_size / 1e6:.1f} MB"
        )
    counts = {"si": 0, "chars": 0}

    def start(tag: str, _attributes: dict) -> None:
        if tag == "si":
            counts["si"] += 1
            counts["chars"] = 0
            if counts["si"] > MAX_SHARED_STRINGS:
                raise _shared_strings_refused(
                    file, f"more than {MAX_SHARED_STRINGS:,} shared strings"
                )

    def text(chunk: str) -> None:
        counts["chars"] += len(chunk)
        check_cell_length(counts["chars"], file, None, None)

    with archive.open(member) as part:
        _scan(part, file, start, text)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _check_reference(reference: str, file: str, max_rows: int) -> None:
    """A cell or a dimension's corner: within the columns and rows a sheet may have."""
    match = CELL_REFERENCE.fullmatch(reference)
    if match is None:
        raise _not_a_workbook(file, f"a cell reference '{reference[:20]}'")
    columns, row = _column_number(match[1]), int(match[2])
    if columns > MAX_COLUMNS:
        check_columns(columns, file)
    if row > max_rows + 1:  # the header row, and one row too many
        raise too_many_rows(file, max_rows)


def _check_sheet_size(part: IO[bytes], file: str, max_rows: int = MAX_EVENT_ROWS) -> None:
    """Check a sheet's dimension, rows, cell references and cell text as its XML streams by,
    and stop at the first past the budget.

    openpyxl scans a whole sheet that does not declare its size before it reads a row, pads
    every row to the declared dimension, and fills in every missing row before a row numbered
    1,000,000: each of these would cost seconds before the row limit could apply.
    """
    counts = {"row": 0, "c": 0, "chars": 0}
    cell = {"tag": "", "reference": "", "number": False}
    max_cells = (max_rows + 1) * MAX_COLUMNS

    def start(tag: str, attributes: dict) -> None:
        cell["tag"] = tag
        if tag == "c":
            cell["reference"], cell["number"] = (
                attributes.get("r", ""),
                attributes.get("t") in (None, "n"),
            )
        if tag == "dimension":
            for corner in filter(None, attributes.get("ref", "").split(":")):
                _check_reference(corner, file, max_rows)
        elif tag in ("row", "c"):
            counts[tag] += 1
            if counts["row"] > max_rows + 1:
                raise too_many_rows(file, max_rows)
            if counts["c"] > max_cells:
                raise over_budget(
                    file,
                    f"more than {max_cells:,} cells",
                    f"at most {MAX_COLUMNS} columns of {max_rows + 1:,} rows",
                )
            if "r" in attributes:
                reference = attributes["r"] if tag == "c" else f"A{attributes['r']}"
                _check_reference(reference, file, max_rows)
        counts["chars"] = 0

    def text(chunk: str) -> None:
        counts["chars"] += len(chunk)
        check_cell_length(counts["chars"], file, counts["row"], None)
        if cell["tag"] == "v" and cell["number"] and counts["chars"] > MAX_NUMBER_CHARS:
            raise over_budget(
                file,
                f"a number of {counts['chars']:,} characters",
                f"a number of at most {MAX_NUMBER_CHARS:,} characters",
                row=counts["row"],
                column=cell["reference"].rstrip("0123456789$").lstrip("$") or None,
            )

    _scan(part, file, start, text)


def _cell_text(value: object) -> str:
    # Excel stores every number as a float: write whole numbers without ".0".
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _sheet_rows(sheet, file: str, max_rows: int) -> pd.DataFrame:
    """The sheet's cells as text, read row by row: past `max_rows` rows the read stops and the
    file is refused, so a sheet that unpacks to millions of rows costs milliseconds."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    kept: list[tuple] = []
    for row in rows:
        if len(kept) > max_rows:
            raise too_many_rows(file, max_rows)
        kept.append(row)
    while kept and all(cell in (None, "") for cell in kept[-1]):
        kept.pop()  # a sheet's trailing empty rows are formatting, not events
    if len(kept) > max_rows:
        raise too_many_rows(file, max_rows)
    names = column_names([_cell_text(cell) for cell in header])
    check_columns(len(names), file)
    width = len(names)
    cells = [[_cell_text(c) for c in (*row, *[None] * width)[:width]] for row in kept]
    return pd.DataFrame(cells, columns=names, dtype=str)


def read_xlsx_sheet(
    data: bytes, file: str, sheet: str, or_first: bool = False, max_rows: int = MAX_EVENT_ROWS
) -> pd.DataFrame | None:
    """Every cell of one sheet as text; without that sheet the first one (`or_first`) or None.

    The workbook is streamed (openpyxl's read-only mode) and the read stops past `max_rows`.
    """
    check_xlsx_archive(data, file)
    # openpyxl meets a hostile or broken file with many kinds of error (lxml's XMLSyntaxError,
    # KeyError for a missing part, IndexError, TypeError ...): each means the same to a person,
    # a file that is not a workbook, said with openpyxl's reason.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise _not_a_workbook(file, _reason(error)) from error
    try:
        if sheet not in workbook.sheetnames:
            if not or_first:
                return None
            sheet = workbook.sheetnames[0]
        return _sheet_rows(workbook[sheet], file, max_rows)
    except CaseFileError:
        raise
    except Exception as error:
        raise _not_a_workbook(file, _reason(error)) from error
    finally:
        workbook.close()


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__
