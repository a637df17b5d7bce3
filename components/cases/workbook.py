"""Reading a workbook's sheet as a table of text cells, within a budget.

An .xlsx is a zip of XML parts. Before openpyxl opens it, the archive's declared sizes are
checked (a zip bomb is refused unopened) and each sheet's rows are counted as its XML streams
by (a sheet past the row limit is refused in milliseconds). The sheet is then read in
openpyxl's read-only mode, row by row, and the read stops at the row limit.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO
from xml.parsers import expat

import openpyxl
import pandas as pd

from components.model.columns import MAX_EVENT_ROWS
from components.model.problems import CaseFileError, Problem

MEGABYTE = 1024 * 1024
#: An .xlsx is a zip: what it may unpack to, in all and as a ratio for any large part.
MAX_XLSX_UNPACKED_BYTES = 50 * MEGABYTE
MAX_XLSX_MEMBER_BYTES = MEGABYTE
MAX_XLSX_RATIO = 100


def _not_a_workbook(file: str, found: str = "a file Excel cannot open") -> CaseFileError:
    return CaseFileError([Problem(file, None, None, found, "an .xlsx workbook")])


def check_xlsx_archive(data: bytes, file: str) -> None:
    """Refuse what is not a zip, and a zip bomb, before openpyxl unpacks anything.

    The sizes checked are the ones the archive declares; Python's zipfile never unpacks a
    member beyond its declared size, so a lying header cannot get past this.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _not_a_workbook(file) from error
    unpacked = sum(m.file_size for m in members)
    squeezed = any(
        m.file_size > MAX_XLSX_MEMBER_BYTES
        and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if unpacked > MAX_XLSX_UNPACKED_BYTES or squeezed:
        raise _not_a_workbook(
            file,
            f"a workbook that unpacks to {unpacked / 1e6:.1f} MB "
            f"(at most {MAX_XLSX_UNPACKED_BYTES // MEGABYTE} MB, "
            f"and no part compressed over {MAX_XLSX_RATIO} times, are read)",
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if SHEET_PART.fullmatch(member.filename):
                with archive.open(member) as part:
                    _check_sheet_size(part, file)


#: A worksheet's part in an .xlsx archive.
SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
#: Cells a sheet of the largest case may hold: every row, up to this many columns each.
MAX_SHEET_COLUMNS = 64
SHEET_CHUNK_BYTES = 64 * 1024


def _check_sheet_size(part: IO[bytes], file: str, max_rows: int = MAX_EVENT_ROWS) -> None:
    """Count a sheet's rows and cells as its XML streams by, and stop past the limit.

    openpyxl scans a whole sheet that does not declare its size before it reads a row, so a
    sheet of 200,000 rows would cost seconds before the row limit could apply. expat only
    counts here, building nothing.
    """
    counts = {"row": 0, "c": 0}
    max_cells = (max_rows + 1) * MAX_SHEET_COLUMNS

    def start(name: str, _attributes: dict) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag in counts:
            counts[tag] += 1
            if counts["row"] > max_rows + 1:  # the header row, and one row too many
                raise too_many_rows(file, max_rows)
            if counts["c"] > max_cells:
                raise _not_a_workbook(file, f"a sheet of more than {max_cells:,} cells")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    try:
        while chunk := part.read(SHEET_CHUNK_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise _not_a_workbook(file) from error


def _cell_text(value: object) -> str:
    # Excel stores every number as a float: write whole numbers without ".0".
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _column_names(header: tuple) -> list[str]:
    """The header row as pandas names it: an empty cell 'Unnamed: N', a repeat 'name.1'."""
    names: list[str] = []
    for position, cell in enumerate(header):
        name = _cell_text(cell) or f"Unnamed: {position}"
        base, copies = name, 0
        while name in names:
            copies += 1
            name = f"{base}.{copies}"
        names.append(name)
    return names


def too_many_rows(file: str, max_rows: int = MAX_EVENT_ROWS) -> CaseFileError:
    return CaseFileError(
        [Problem(file, None, None, f"more than {max_rows:,} rows", f"at most {max_rows:,} events")]
    )


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
    names = _column_names(header)
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
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _not_a_workbook(file) from error
    try:
        if sheet not in workbook.sheetnames:
            if not or_first:
                return None
            sheet = workbook.sheetnames[0]
        return _sheet_rows(workbook[sheet], file, max_rows)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _not_a_workbook(file) from error
    finally:
        workbook.close()
