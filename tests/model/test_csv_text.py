"""The project's one CSV dialect: what it writes reads back cell for cell, no line of any written
cell starts a formula, and the reader keeps to the budget of `model.limits` (issue 20, item 2)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.model.csv_text import csv_text, read_csv_table
from components.model.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_HEADER_BYTES
from components.model.problems import CaseFileError

#: A line a spreadsheet would run: a formula start, unless the whole line is a plain number.
FORMULA = re.compile(r"[=+\-@\t]")
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")

# Text built to hit the dialect's corners: line breaks of every kind, quotes, separators,
# formula starts (also after a break and after apostrophes), and any other unicode.
corner = st.sampled_from(
    ["\r", "\n", "\r\n", '"', ",", ";", "\t", "=", "+", "-", "@", "'", "''", "=cmd|' /C calc'!A0"]
)
cells = st.lists(st.one_of(corner, st.text(max_size=4)), max_size=8).map("".join)


def cell_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def written_cells(text: str) -> list[str]:
    """The raw cells of written CSV text, quotes as written: each as a spreadsheet shows it."""
    return re.findall(r'"(?:[^"]|"")*"|[^,\n]+', text)


def runs_as_formula(line: str) -> bool:
    return FORMULA.match(line) is not None and NUMBER.fullmatch(line) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=5))
def test_random_text_cells_read_back_unchanged_and_no_line_starts_a_formula(rows):
    table = pd.DataFrame(rows, columns=["detail", "source"])
    text = csv_text(table)
    read = read_csv_table(text, "events.csv")
    pd.testing.assert_frame_equal(read, table, check_dtype=False)
    for cell in written_cells(text):
        unquoted = cell[1:-1].replace('""', '"') if cell.startswith('"') else cell
        assert not any(runs_as_formula(line) for line in cell_lines(unquoted)), repr(cell)


def test_a_carriage_return_in_a_cell_is_data_and_the_formula_after_it_is_text():
    """Issue 20, item 2: a bare CR was written unquoted, so the saved case split there and the
    next row began with a live formula."""
    table = pd.DataFrame({"detail": ["mild\r=cmd|' /C calc'!A0"], "source": ["Text"]})
    text = csv_text(table)
    assert text == "detail,source\n\"mild\r'=cmd|' /C calc'!A0\",Text\n"
    pd.testing.assert_frame_equal(read_csv_table(text, "events.csv"), table, check_dtype=False)


def test_numbers_stay_numbers_and_missing_values_are_empty():
    table = pd.DataFrame({"day": pd.array([-5, None], dtype="Int64"), "value": [0.37, None]})
    assert csv_text(table) == "day,value\n-5,0.37\n,\n"


def test_a_header_past_its_bytes_is_refused_naming_the_limit():
    header = ",".join(f"column_{i}" for i in range(MAX_HEADER_BYTES // 8))
    with pytest.raises(CaseFileError) as caught:
        read_csv_table(header + "\n1\n", "wide.csv")
    assert str(caught.value) == (
        f"wide.csv, row 1: found 'a header row of more than {MAX_HEADER_BYTES:,} bytes'; "
        f"expected a header row of at most {MAX_HEADER_BYTES:,} bytes (at most {MAX_COLUMNS} "
        "columns)"
    )


def test_more_columns_than_the_limit_are_refused():
    header = ",".join("c" for _ in range(MAX_COLUMNS + 1))
    with pytest.raises(CaseFileError) as caught:
        read_csv_table(header + "\n", "wide.csv")
    assert str(caught.value) == (
        f"wide.csv, row 1: found '{MAX_COLUMNS + 1} columns'; expected at most "
        f"{MAX_COLUMNS} columns"
    )


def test_a_cell_past_its_length_is_refused_naming_row_and_column():
    text = "day,detail\n1,ok\n2," + "x" * (MAX_CELL_CHARS + 1) + "\n"
    with pytest.raises(CaseFileError) as caught:
        read_csv_table(text, "events.csv")
    assert str(caught.value) == (
        f"events.csv, row 3, column 'detail': found 'a cell of {MAX_CELL_CHARS + 1:,} "
        f"characters'; expected a cell of at most {MAX_CELL_CHARS:,} characters"
    )


def test_rows_past_the_limit_stop_the_read():
    text = "day\n" + "1\n" * 30
    with pytest.raises(CaseFileError, match="found 'more than 20 rows'"):
        read_csv_table(text, "events.csv", max_rows=20)
    assert len(read_csv_table(text, "events.csv", max_rows=30)) == 30


def test_a_row_wider_than_its_header_is_named():
    with pytest.raises(CaseFileError, match=r"events\.csv, row 3: found '3 cells'"):
        read_csv_table("day,item\n1,a\n2,b,c\n", "events.csv")
