"""Validation of the event format; its columns and words are `model.columns`.

The loader, the command line and the upload all validate through `validate_event_table`, so a
rule added here applies everywhere. Validation runs in two pandera passes over the file as text:
the first checks that each cell can be read (whole-number days, numbers with a decimal point,
known words), the second checks clinical ranges on the typed values. Both are lazy, so a person
sees every problem in one pass, each named by file, spreadsheet row, column, what was found and
what was expected.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from components.model.columns import (
    AMOUNT_CATEGORIES,
    ASTCT_GRADED_ITEMS,
    BASES,
    CATEGORIES,
    DERIVED,
    EVENT_COLUMNS,
    FIRST_DAY,
    FREQUENCIES,
    LAST_DAY,
    MAX_ABS_VALUE,
    MAX_EVENT_ROWS,
    MAX_TEXT_LENGTH,
    NUMERIC_COLUMNS,
    REQUIRED_COLUMNS,
    ROUTES,
    SCORE_SCALES,
    TEXT_COLUMNS,
    UNITS,
    Col,
)
from components.model.drugs import DRUG
from components.model.limits import MAX_COLUMNS, too_many_columns
from components.model.problems import CaseFileError, Problem, spreadsheet_row

_INTEGER = r"^[+-]?\d+$"
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
#: More digits than any day in range has: such a cell is out of range without converting it
#: (Python refuses to read an integer of over 4,300 digits at all).
_DAY_DIGITS = len(str(max(abs(FIRST_DAY), LAST_DAY))) + 1


# ---------------------------------------------------------------------------------------------
# Pass 0: the header and the size of the table.


def header_problems(columns: list[str], file: str) -> list[Problem]:
    """Missing required columns and unknown ones, with the close name suggested; past the
    column limit only that (each unknown name's suggestion costs a string comparison with
    every known one: 70,000 of them took 5 s)."""
    if len(columns) > MAX_COLUMNS:
        return [too_many_columns(len(columns), file)]
    problems = []
    unknown = [c for c in columns if c not in EVENT_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for name in unknown:
        close = difflib.get_close_matches(name.strip().lower(), EVENT_COLUMNS, n=1, cutoff=0.6)
        hint = f"'{close[0]}' (a misspelling?)" if close else "one of " + ", ".join(EVENT_COLUMNS)
        problems.append(Problem(file, 1, name, name, f"a known column name: {hint}"))
    for name in missing:
        problems.append(Problem(file, 1, name, "", f"a column named '{name}' (it is required)"))
    # Counted once, not `columns.count` per column: a header of 70,000 columns took 95 s.
    duplicated = sorted(name for name, times in Counter(columns).items() if times > 1)
    for name in duplicated:
        problems.append(Problem(file, 1, name, name, "each column name once"))
    return problems


# ---------------------------------------------------------------------------------------------
# Pass 1: every cell readable, on the file as text.


def _words(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _optional_text_in(values: tuple[str, ...]) -> pa.Check:
    return pa.Check(
        lambda s: (s == "") | s.isin(values),
        error=f"empty or one of: {_words(values)}",
    )


def _days(cells: pd.Series) -> pd.Series:
    """Whole numbers of days within the course's range, read only when short enough to be."""
    whole = cells.str.match(_INTEGER) & (cells.str.len() <= _DAY_DIGITS)
    days = pd.to_numeric(cells.where(whole), errors="coerce")
    return whole & days.between(FIRST_DAY, LAST_DAY)


def _numbers(cells: pd.Series) -> pd.Series:
    """Numbers a float holds, no larger than MAX_ABS_VALUE (5,000 digits read as infinity)."""
    numbers = pd.to_numeric(cells.where(cells.str.match(_NUMBER)), errors="coerce")
    return numbers.abs() <= MAX_ABS_VALUE


_max_length = pa.Check(
    lambda s: s.str.len() <= MAX_TEXT_LENGTH, error=f"at most {MAX_TEXT_LENGTH} characters"
)
_not_empty = pa.Check(lambda s: s.str.strip() != "", error="a value (this column is required)")

_CELL_SCHEMA = pa.DataFrameSchema(
    {
        Col.DAY: pa.Column(
            str,
            pa.Check(
                _days,
                error=f"a whole number of days from infusion between {FIRST_DAY} and {LAST_DAY}, "
                "e.g. -5, 0, 12",
            ),
        ),
        Col.END_DAY: pa.Column(
            str,
            pa.Check(
                lambda s: (s == "") | _days(s),
                error=f"empty or a whole number of days between {FIRST_DAY} and {LAST_DAY} "
                "(the last day of a span)",
            ),
        ),
        Col.CATEGORY: pa.Column(
            str, pa.Check.isin(CATEGORIES, error=f"one of: {_words(CATEGORIES)}")
        ),
        Col.ITEM: pa.Column(str, [_not_empty, _max_length]),
        **{
            name: pa.Column(
                str,
                pa.Check(
                    lambda s: (s == "") | _numbers(s),
                    error="empty or a number with a decimal point, e.g. 0.37, of size at most "
                    f"{MAX_ABS_VALUE:.0e} (no decimal commas, units or '<' in this column)",
                ),
            )
            for name in NUMERIC_COLUMNS
        },
        Col.UNIT: pa.Column(str, _optional_text_in(UNITS)),
        Col.ROUTE: pa.Column(str, _optional_text_in(ROUTES)),
        Col.FREQUENCY: pa.Column(str, _optional_text_in(FREQUENCIES)),
        Col.DETAIL: pa.Column(str, _max_length),
        Col.ATTRIBUTION: pa.Column(str, _max_length),
        Col.SOURCE: pa.Column(str, [_not_empty, _max_length]),
        Col.BASIS: pa.Column(str, pa.Check.isin(BASES, error=f"one of: {_words(BASES)}")),
    },
    strict=False,
)


# ---------------------------------------------------------------------------------------------
# Pass 2: clinical ranges, on typed values. Each rule names the column it is about.


@dataclass(frozen=True)
class RowRule:
    """A check on whole rows: `holds(events)` is True where a row is fine."""

    column: str
    expected: str
    holds: Callable[[pd.DataFrame], pd.Series]


def _within(events: pd.DataFrame, column: str, low: float, high: float) -> pd.Series:
    values = events[column]
    return values.isna() | values.between(low, high)


def _is_item(events: pd.DataFrame, category: str, item: str) -> pd.Series:
    return (events[Col.CATEGORY] == category) & (events[Col.ITEM] == item)


def _whole(values: pd.Series) -> pd.Series:
    return values.isna() | (values == values.round())


def _score_rules() -> list[RowRule]:
    rules = []
    for item, (low, high) in SCORE_SCALES.items():
        for column in NUMERIC_COLUMNS:
            rules.append(
                RowRule(
                    column,
                    f"a {item} score from {low} to {high}",
                    lambda e, item=item, column=column, low=low, high=high: (
                        ~_is_item(e, "score", item) | _within(e, column, low, high)
                    ),
                )
            )
    return rules


def _grade_rules() -> list[RowRule]:
    rules = []
    for column in NUMERIC_COLUMNS:
        rules.append(
            RowRule(
                column,
                "an ASTCT grade from 0 to 4 (a whole number)",
                lambda e, column=column: (
                    ~(e[Col.CATEGORY].eq("grade") & e[Col.ITEM].isin(ASTCT_GRADED_ITEMS))
                    | (_within(e, column, 0, 4) & _whole(e[column]))
                ),
            )
        )
    return rules


ROW_RULES: tuple[RowRule, ...] = (
    RowRule(
        Col.END_DAY,
        "empty or a day on or after 'day' (a span cannot end before it starts)",
        lambda e: e[Col.END_DAY].isna() | (e[Col.END_DAY] >= e[Col.DAY]),
    ),
    RowRule(
        Col.VALUE_MAX,
        "empty or at least 'value' (the upper end of a range)",
        lambda e: (
            e[Col.VALUE_MAX].isna() | e[Col.VALUE].isna() | (e[Col.VALUE_MAX] >= e[Col.VALUE])
        ),
    ),
    RowRule(
        Col.VALUE,
        "a value: grade and score rows need their number",
        lambda e: ~e[Col.CATEGORY].isin(("grade", "score")) | e[Col.VALUE].notna(),
    ),
    *(
        RowRule(
            column,
            f"a value of zero or more ({', '.join(AMOUNT_CATEGORIES)} rows hold amounts)",
            lambda e, column=column: ~e[Col.CATEGORY].isin(AMOUNT_CATEGORIES) | ~(e[column] < 0),
        )
        for column in NUMERIC_COLUMNS
    ),
    *_grade_rules(),
    *_score_rules(),
    RowRule(
        Col.UNIT,
        "an empty unit: grades and scores have none",
        lambda e: ~e[Col.CATEGORY].isin(("grade", "score")) | (e[Col.UNIT] == ""),
    ),
    RowRule(
        Col.ROUTE,
        "an empty route: a route belongs to drug rows only",
        lambda e: e[Col.CATEGORY].eq(DRUG) | (e[Col.ROUTE] == ""),
    ),
    RowRule(
        Col.DETAIL,
        "the rule or reasoning in 'detail': a derived row says how it was derived",
        lambda e: e[Col.BASIS].ne(DERIVED) | (e[Col.DETAIL].str.strip() != ""),
    ),
)

_RANGE_SCHEMA = pa.DataFrameSchema(
    checks=[pa.Check(rule.holds, error=str(number)) for number, rule in enumerate(ROW_RULES)]
)


# ---------------------------------------------------------------------------------------------


def _failed_rows(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Pandera's failure cases (column, check, index), one per failing cell or row."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return errors.failure_cases
    return pd.DataFrame(columns=["column", "check", "index", "check_number"])


def _cell_problems(text: pd.DataFrame, file: str) -> list[Problem]:
    failures = _failed_rows(_CELL_SCHEMA, text)
    problems = []
    for failure in failures.itertuples():
        index = int(failure.index)
        column = str(failure.column)
        problems.append(
            Problem(file, spreadsheet_row(index), column, text.at[index, column], failure.check)
        )
    return problems


def _range_problems(typed: pd.DataFrame, text: pd.DataFrame, file: str) -> list[Problem]:
    failures = _failed_rows(_RANGE_SCHEMA, typed)
    problems = []
    # A row-wide check reports every column of a failing row: one problem per (rule, row).
    for (check, index), _ in failures.groupby(["check", "index"], sort=False):
        rule = ROW_RULES[int(check)]
        problems.append(
            Problem(
                file,
                spreadsheet_row(index),
                rule.column,
                text.at[index, rule.column],
                rule.expected,
            )
        )
    return problems


def _duplicate_problems(text: pd.DataFrame, file: str) -> list[Problem]:
    first_of: dict[tuple, int] = {}
    problems = []
    for index, row in zip(text.index, text.itertuples(index=False, name=None), strict=True):
        if row in first_of:
            problems.append(
                Problem(
                    file,
                    spreadsheet_row(index),
                    None,
                    f"a copy of row {spreadsheet_row(first_of[row])}",
                    "each event once (a repeated dose belongs in 'frequency' or a span)",
                )
            )
        else:
            first_of[row] = index
    return problems


def typed_event_table(text: pd.DataFrame) -> pd.DataFrame:
    """Typed columns from the text of cells already checked readable (pass 1)."""
    typed = pd.DataFrame(index=text.index)
    for name in (Col.DAY, Col.END_DAY):
        typed[name] = pd.to_numeric(text[name].replace("", None), errors="coerce").astype("Int64")
    typed[Col.CATEGORY] = text[Col.CATEGORY]
    typed[Col.ITEM] = text[Col.ITEM].str.strip()
    for name in NUMERIC_COLUMNS:
        typed[name] = pd.to_numeric(text[name].replace("", None), errors="coerce").astype(float)
    for name in TEXT_COLUMNS:
        if name not in (Col.CATEGORY, Col.ITEM):
            typed[name] = text[name].str.strip()
    return typed[list(EVENT_COLUMNS)]


def validate_event_table(
    text: pd.DataFrame, file: str, max_rows: int = MAX_EVENT_ROWS
) -> pd.DataFrame:
    """Check a table read as text (all cells `str`, empty cells "") and return it typed.

    `max_rows` is the product's stated limit; a benchmark may raise it to measure how the
    checks scale beyond it.

    Raises `CaseFileError` with every problem found. Rows whose cells cannot be read are left
    out of the range checks, so one bad cell gives one message, not a cascade.
    """
    problems = header_problems([str(c) for c in text.columns], file)
    if problems:
        raise CaseFileError(problems)
    text = text.copy()
    for name in EVENT_COLUMNS:
        if name not in text.columns:
            text[name] = ""
    text = text[list(EVENT_COLUMNS)].fillna("").astype(str)
    text.index = pd.RangeIndex(len(text))
    if text.empty:
        raise CaseFileError([Problem(file, None, None, "no events", "at least one event row")])
    if len(text) > max_rows:
        raise CaseFileError(
            [Problem(file, None, None, f"{len(text):,} rows", f"at most {max_rows:,} events")]
        )

    problems = _cell_problems(text, file)
    unreadable = {p.row for p in problems}
    readable = text[[spreadsheet_row(i) not in unreadable for i in text.index]]
    typed = typed_event_table(readable)
    problems += _range_problems(typed, readable, file)
    problems += _duplicate_problems(text, file)
    if problems:
        problems.sort(
            key=lambda p: (
                p.row or 0,
                EVENT_COLUMNS.index(p.column) if p.column in EVENT_COLUMNS else -1,
            )
        )
        raise CaseFileError(problems)
    return typed
