"""The budget of every file a person or a folder hands over, in one place.

A case file (an upload, a case folder's events, `case-timeline validate`) is checked against
these while it is read, before pandas or pandera see it, so a refusal costs milliseconds
whatever the file holds. data/README.md lists them for the person writing a file.
"""

from __future__ import annotations

from components.model.problems import CaseFileError, Problem

MEGABYTE = 1024 * 1024
#: Refused before parsing: a case of a few thousand events is well under this.
MAX_FILE_BYTES = 5 * MEGABYTE
#: A clinical course is hundreds of events; a table far beyond that is refused while it is
#: read, so a huge file costs a fraction of a second, not a long validation.
MAX_EVENT_ROWS = 10_000
#: The event format has 14 columns; a header past this is not a case file.
MAX_COLUMNS = 64
#: The header row, in bytes: 64 column names of up to 64 characters.
MAX_HEADER_BYTES = 4096
#: Any one cell, in characters. Text columns hold at most 500 (`columns.MAX_TEXT_LENGTH`);
#: this is the larger bound past which a cell is not read at all.
MAX_CELL_CHARS = 10_000
#: A workbook's number cell, in characters: a number of a case has at most 20, and Python
#: refuses to read a whole number of over 4,300 digits (openpyxl then fails on the cell).
MAX_NUMBER_CHARS = 1000
#: An .xlsx is a zip: what it may unpack to, in all and as a ratio for any large part.
MAX_XLSX_UNPACKED_BYTES = 50 * MEGABYTE
MAX_XLSX_MEMBER_BYTES = MEGABYTE
MAX_XLSX_RATIO = 100
#: A workbook's shared strings (the text of its cells, each distinct text once): at most one
#: per cell of the largest sheet, and what their part unpacks to.
MAX_SHARED_STRINGS = (MAX_EVENT_ROWS + 1) * MAX_COLUMNS // 4
MAX_SHARED_STRINGS_BYTES = 8 * MEGABYTE


def over_budget(
    file: str, found: str, expected: str, row: int | None = None, column: str | None = None
) -> CaseFileError:
    """A file refused for passing one of these limits; `expected` names the limit."""
    return CaseFileError([Problem(file, row, column, found, expected)])


def too_many_rows(file: str, max_rows: int = MAX_EVENT_ROWS) -> CaseFileError:
    return over_budget(file, f"more than {max_rows:,} rows", f"at most {max_rows:,} events")


def too_many_columns(width: int, file: str) -> Problem:
    return Problem(file, 1, None, f"{width:,} columns", f"at most {MAX_COLUMNS} columns")
