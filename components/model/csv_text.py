"""The project's one CSV dialect: every CSV it writes goes through `csv_text`, and every CSV it
reads (a case's events, an upload, a case's notes) through `read_csv_table`.

Writing: a field is quoted when it holds a comma, semicolon, tab, quote, CR or LF, so a line
break inside a cell is data, never a row break (Python's csv writer leaves a bare CR unquoted
when rows end in LF, and every reader then splits the row there). A text cell any of whose
lines starts with = + - @ or a tab gets a leading apostrophe on that line, the convention
spreadsheets show as plain text (OWASP, "CSV injection"); a spreadsheet shows each line of a
cell, so a formula after a line break is neutralised too. A number stays a number (a negative
day is written -5). The mark is reversible: a line that already starts with an apostrophe
before such a character gets one more, so `restored_cell` gives back exactly what was written.

Reading: the budget of `model.limits` is checked as the rows stream by (header bytes, columns,
cell length, rows), before pandas or pandera see the table, so a refusal costs milliseconds.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import pandas as pd

from components.model.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_EVENT_ROWS,
    MAX_HEADER_BYTES,
    over_budget,
    too_many_columns,
    too_many_rows,
)
from components.model.problems import CaseFileError, Problem, spreadsheet_row

#: A line of a cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t")
MARK = "'"
#: Spreadsheets and readers break a line at any of these; the split keeps them.
LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
#: A plain decimal number (what a spreadsheet reads as one, not as a formula); ASCII digits
#: only, and no 'inf', 'nan' or '1_000' that Python's float() would also take.
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: A field holding any of these is quoted: the separators a reader may guess, the quote, CR, LF.
NEEDS_QUOTES = re.compile(r'[,;\t"\r\n]')
SEPARATORS = (",", ";", "\t")


def _needs_mark(line: str) -> bool:
    if line.startswith(MARK):
        return _needs_mark(line[1:])
    return line.startswith(FORMULA_STARTS) and PLAIN_NUMBER.fullmatch(line) is None


def _each_line(text: str, change: Callable[[str], str]) -> str:
    if "\n" not in text and "\r" not in text:
        return change(text)  # most cells: one line, no split
    parts = LINE_BREAK.split(text)
    parts[::2] = [change(line) for line in parts[::2]]  # even places: lines; odd: their breaks
    return "".join(parts)


def _marked_line(line: str) -> str:
    return MARK + line if _needs_mark(line) else line


def _unmarked_line(line: str) -> str:
    return line[1:] if line.startswith(MARK) and _needs_mark(line[1:]) else line


def safe_cell(value: object) -> object:
    """The value as a CSV cell a spreadsheet shows as text, never runs (on every line)."""
    return _each_line(value, _marked_line) if isinstance(value, str) else value


def restored_cell(value: object) -> object:
    """A cell read back from a CSV this project wrote: the apostrophes of `safe_cell` removed."""
    if isinstance(value, str) and MARK in value:
        return _each_line(value, _unmarked_line)
    return value


# ---------------------------------------------------------------------------------------------
# Writing.


def _is_missing(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    )


def _field(value: object) -> str:
    """One cell as the dialect writes it: empty for a missing value, quoted when needed."""
    text = "" if _is_missing(value) else str(safe_cell(value))
    return '"' + text.replace('"', '""') + '"' if NEEDS_QUOTES.search(text) else text


def _line(fields: list[str]) -> str:
    # A row of one empty field is written "" so that it is not read as a blank line.
    return '""' if fields == [""] else ",".join(fields)


def csv_text(table: pd.DataFrame) -> str:
    """A table as CSV text in the project's dialect, every cell through `safe_cell`."""
    columns = [[_field(v) for v in table.iloc[:, c].astype(object)] for c in range(table.shape[1])]
    lines = [_line([_field(str(name)) for name in table.columns])]
    lines += [_line(list(fields)) for fields in zip(*columns, strict=True)]
    return "".join(line + "\n" for line in lines)


def csv_rows(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows of dicts as CSV text with these columns, every cell through `safe_cell`."""
    return csv_text(pd.DataFrame(list(rows), columns=list(columns)))


# ---------------------------------------------------------------------------------------------
# Reading.


def column_names(header: Sequence[object]) -> list[str]:
    """The header's cells as column names: an empty cell 'Unnamed: N', a repeat 'name.1', as
    pandas names them. Linear in columns: the names taken are a set, and each repeated name
    goes on from its last copy number instead of trying 1, 2, 3 ... again."""
    names: list[str] = []
    taken: set[str] = set()
    copies: dict[str, int] = {}
    for position, cell in enumerate(header):
        base = str(cell) if cell not in (None, "") else f"Unnamed: {position}"
        name = base
        while name in taken:
            copies[base] = copies.get(base, 0) + 1
            name = f"{base}.{copies[base]}"
        names.append(name)
        taken.add(name)
    return names


def check_columns(width: int, file: str) -> None:
    """The header's number of columns (CSV and workbook alike, and `schema.header_problems`)."""
    if width > MAX_COLUMNS:
        raise CaseFileError([too_many_columns(width, file)])


def _check_header_bytes(text: str, file: str) -> None:
    """The header row's length, measured on its first bytes only, before it is parsed."""
    first = LINE_BREAK.split(text[: MAX_HEADER_BYTES + 1], maxsplit=1)[0]
    if len(first.encode()) > MAX_HEADER_BYTES:
        raise over_budget(
            file,
            f"a header row of more than {MAX_HEADER_BYTES:,} bytes",
            f"a header row of at most {MAX_HEADER_BYTES:,} bytes (at most {MAX_COLUMNS} columns)",
            row=1,
        )


def check_cell_length(length: int, file: str, row: int | None, column: str | None) -> None:
    """A cell's budget, in characters (CSV and workbook alike)."""
    if length > MAX_CELL_CHARS:
        raise over_budget(
            file,
            f"a cell of {length:,} characters",
            f"a cell of at most {MAX_CELL_CHARS:,} characters",
            row=row,
            column=column,
        )


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab that spreadsheet exports in many locales use."""
    return max(SEPARATORS, key=text.split("\n", 1)[0].count)


def _records(text: str, file: str) -> Iterator[list[str]]:
    """The file's rows, blank lines left out; a CSV the reader cannot follow is a problem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for record in reader:
            if record:
                yield record
    except csv.Error as error:
        raise CaseFileError(
            [
                Problem(
                    file,
                    reader.line_num,
                    None,
                    f"unreadable CSV ({error})",
                    f"one value per column, each cell at most {MAX_CELL_CHARS:,} characters",
                )
            ]
        ) from error


def read_csv_table(text: str, file: str, max_rows: int = MAX_EVENT_ROWS) -> pd.DataFrame:
    """Every cell as text, in the project's dialect (the separator guessed from the header),
    checked against the budget row by row as it is read; the marks of `safe_cell` removed.

    Raises CaseFileError naming the limit, the row and the column of the first cell past it.
    """
    _check_header_bytes(text, file)
    records = _records(text, file)
    names = column_names(next(records, []))
    check_columns(len(names), file)
    width = len(names)
    rows: list[list[str]] = []
    for record in records:
        row = spreadsheet_row(len(rows))
        if len(rows) >= max_rows:
            raise too_many_rows(file, max_rows)
        if len(record) > width:
            raise over_budget(
                file,
                f"{len(record)} cells",
                f"at most {width}, one per column of the header",
                row=row,
            )
        for name, cell in zip(names, record, strict=False):
            check_cell_length(len(cell), file, row, name)
        rows.append([restored_cell(cell) for cell in record] + [""] * (width - len(record)))
    return pd.DataFrame(rows, columns=names, dtype=str)
