"""Every CSV the project writes goes through `csv_text`: cells a spreadsheet would run as a
formula are neutralised, and `restored_cell` undoes it when the project reads its own files.

A text cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, the
convention spreadsheets show as plain text (OWASP, "CSV injection"). A number stays a number
(a negative day is written -5), whatever its column's type. The mark is reversible: a cell
that already starts with an apostrophe before such a character gets one more, so reading back
with `restored_cell` gives exactly the text that was written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

#: A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text == text.strip()


def _needs_mark(text: str) -> bool:
    if text.startswith(MARK):
        return _needs_mark(text[1:])
    return text.startswith(FORMULA_STARTS) and not _is_number(text)


def safe_cell(value: object) -> object:
    """The value as a CSV cell a spreadsheet shows as text, never runs."""
    return MARK + value if isinstance(value, str) and _needs_mark(value) else value


def restored_cell(value: object) -> object:
    """A cell read back from a CSV this project wrote: the apostrophe of `safe_cell` removed."""
    if isinstance(value, str) and value.startswith(MARK) and _needs_mark(value[1:]):
        return value[1:]
    return value


def csv_text(table: pd.DataFrame) -> str:
    """A table as CSV text, every cell through `safe_cell`."""
    buffer = io.StringIO()
    table.map(safe_cell).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


def csv_rows(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows of dicts as CSV text with these columns, every cell through `safe_cell`."""
    return csv_text(pd.DataFrame(list(rows), columns=list(columns)))


def restored_table(table: pd.DataFrame) -> pd.DataFrame:
    """A table of text cells read back from a CSV: `restored_cell` on the cells it changes."""
    table = table.copy()
    for column in table.columns:
        marked = table[column].str.startswith(MARK, na=False)
        if marked.any():
            table.loc[marked, column] = table.loc[marked, column].map(restored_cell)
    return table
