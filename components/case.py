"""Loading a case: files to one typed, validated, sorted event table and a case header.

A case is a folder `<cases>/<case-id>/` with `events.csv` (or `events.xlsx`) and `case.toml`.
The event table returned here is the single source of truth for every lane, table and export:
the rows of the file (typed, with the spreadsheet row each came from) plus the ASTCT grades
derived from the findings where the file states none (basis `derived`).
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pydantic

from components.annotations import ANNOTATIONS_FILE_NAME, Note, read_notes
from components.grading import derived_grade_events
from components.schema import (
    CATEGORIES,
    DERIVED,
    EVENT_COLUMNS,
    FILE_ROW,
    CaseFileError,
    Col,
    Problem,
    spreadsheet_row,
    validate_event_table,
)

EVENTS_FILE_NAMES = ("events.csv", "events.xlsx")
CASE_FILE_NAME = "case.toml"
#: Refused before parsing: a case of a few thousand events is well under this.
MAX_FILE_BYTES = 5 * 1024 * 1024
CASE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class Reference(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    citation: str
    doi: str = ""

    @property
    def url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""


class UndatedFact(pydantic.BaseModel):
    """A fact the source gives without a day relative to infusion (kept off the day axis)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    text: str
    source: str


class CaseInfo(pydantic.BaseModel):
    """The header of a case, from `case.toml`."""

    model_config = pydantic.ConfigDict(extra="forbid")

    title: str = pydantic.Field(min_length=1)
    summary: str = ""
    diagnosis: str = ""
    product: str = ""
    day_zero: str = "Day 0 is the day of the CAR T-cell infusion"
    reference: Reference | None = None
    undated: list[UndatedFact] = []


@dataclass(frozen=True)
class Case:
    case_id: str
    info: CaseInfo
    events: pd.DataFrame
    #: Presenter's notes saved with the case (annotations.csv), if any.
    notes: list[Note] = field(default_factory=list)

    @property
    def first_day(self) -> int:
        return int(self.events[Col.DAY].min())

    @property
    def last_day(self) -> int:
        return int(self.events[Col.END_DAY].fillna(self.events[Col.DAY]).max())


# ---------------------------------------------------------------------------------------------
# Reading bytes into a table of text cells.


def _decode(data: bytes, file: str) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 (with BOM) or Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise CaseFileError(
            [Problem(file, None, None, "binary data", "a CSV text file or an .xlsx workbook")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab that spreadsheet exports in many locales use."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _read_csv(data: bytes, file: str) -> pd.DataFrame:
    text = _decode(data, file)
    if not text.strip():
        raise CaseFileError([Problem(file, None, None, "an empty file", "a header row and events")])
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=_delimiter(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, csv.Error) as error:
        raise CaseFileError(
            [Problem(file, None, None, f"unreadable CSV ({error})", "one value per column")]
        ) from error


def _read_xlsx(data: bytes, file: str) -> pd.DataFrame:
    try:
        with pd.ExcelFile(io.BytesIO(data), engine="openpyxl") as workbook:
            sheet = "events" if "events" in workbook.sheet_names else workbook.sheet_names[0]
            table = pd.read_excel(workbook, sheet_name=sheet, dtype=object, keep_default_na=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise CaseFileError(
            [Problem(file, None, None, "a file Excel cannot open", "an .xlsx workbook")]
        ) from error
    # Excel stores every number as a float: write whole numbers without ".0".
    return table.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))


def read_event_text(data: bytes, file: str) -> pd.DataFrame:
    """Every cell as text, from CSV or XLSX bytes; the size limit applies before parsing."""
    if len(data) > MAX_FILE_BYTES:
        raise CaseFileError(
            [
                Problem(
                    file,
                    None,
                    None,
                    f"{len(data) / 1e6:.1f} MB",
                    f"a file of at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
                )
            ]
        )
    if data.startswith(b"PK\x03\x04") or file.lower().endswith(".xlsx"):
        return _read_xlsx(data, file)
    return _read_csv(data, file)


# ---------------------------------------------------------------------------------------------
# From validated rows to the event table.


def finish_event_table(typed: pd.DataFrame) -> pd.DataFrame:
    """Add derived grades and the file row, set the categorical dtype, and sort by day."""
    typed = typed.assign(**{FILE_ROW: [spreadsheet_row(i) for i in typed.index]})
    typed[FILE_ROW] = typed[FILE_ROW].astype("Int64")
    derived = derived_grade_events(typed)
    if not derived.empty:
        derived[FILE_ROW] = pd.array([pd.NA] * len(derived), dtype="Int64")
        typed = pd.concat([typed, derived.astype(typed.dtypes.to_dict())], ignore_index=True)
    events = typed.astype({Col.CATEGORY: pd.CategoricalDtype(CATEGORIES)})
    order = events[Col.CATEGORY].cat.codes
    events = (
        events.assign(_order=order)
        .sort_values([Col.DAY, Col.END_DAY, "_order", Col.ITEM], na_position="first", kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    return events[[*EVENT_COLUMNS, FILE_ROW]]


def parse_events(data: bytes, file: str) -> pd.DataFrame:
    """The event table from a file's bytes. Raises CaseFileError with every problem found."""
    return finish_event_table(validate_event_table(read_event_text(data, file), file))


def load_events(path: Path) -> pd.DataFrame:
    return parse_events(Path(path).read_bytes(), Path(path).name)


def load_case_info(path: Path) -> CaseInfo:
    file = path.name
    try:
        return CaseInfo.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as error:
        raise CaseFileError(
            [Problem(file, None, None, "no such file", "a case.toml with at least a title")]
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise CaseFileError([Problem(file, None, None, str(error), "valid TOML")]) from error
    except pydantic.ValidationError as error:
        raise CaseFileError(
            [
                Problem(
                    file,
                    None,
                    ".".join(str(part) for part in issue["loc"]),
                    str(issue.get("input", ""))[:80] if issue["type"] != "missing" else "",
                    issue["msg"].lower(),
                )
                for issue in error.errors()
            ]
        ) from error


def events_file(folder: Path) -> Path:
    for name in EVENTS_FILE_NAMES:
        if (folder / name).is_file():
            return folder / name
    raise CaseFileError(
        [Problem(folder.name, None, None, "no events file", " or ".join(EVENTS_FILE_NAMES))]
    )


def load_case(folder: Path) -> Case:
    """A case folder: its header and event table, with problems of both files reported together."""
    folder = Path(folder)
    problems: list[Problem] = []
    info = events = None
    try:
        info = load_case_info(folder / CASE_FILE_NAME)
    except CaseFileError as error:
        problems += error.problems
    try:
        events = load_events(events_file(folder))
    except CaseFileError as error:
        problems += error.problems
    notes: list[Note] = []
    try:
        notes = read_notes(folder / ANNOTATIONS_FILE_NAME)
    except CaseFileError as error:
        problems += error.problems
    if problems:
        raise CaseFileError(problems)
    return Case(folder.name, info, events, notes)


# ---------------------------------------------------------------------------------------------
# The case library.


def is_case_id(case_id: str) -> bool:
    """Lower-case letters, digits, '-' and '_': never a path that could leave the folder."""
    return bool(CASE_ID.match(case_id))


def case_ids(cases_dir: Path) -> list[str]:
    """The cases in a library folder: sub-folders with a valid id and an events file."""
    cases_dir = Path(cases_dir)
    if not cases_dir.is_dir():
        return []
    return sorted(
        folder.name
        for folder in cases_dir.iterdir()
        if folder.is_dir()
        and is_case_id(folder.name)
        and any((folder / name).is_file() for name in EVENTS_FILE_NAMES)
    )


def case_folder(cases_dir: Path, case_id: str) -> Path:
    if not is_case_id(case_id):
        raise CaseFileError(
            [Problem(str(case_id), None, None, str(case_id), "a case id of a-z, 0-9, '-' or '_'")]
        )
    return Path(cases_dir) / case_id


def summary_line(events: pd.DataFrame) -> str:
    """'143 events (128 reported, 15 derived), days -10 to 88, 52 items'."""
    derived = int((events[Col.BASIS] == DERIVED).sum())
    last = int(events[Col.END_DAY].fillna(events[Col.DAY]).max())
    return (
        f"{len(events)} events ({len(events) - derived} reported, {derived} derived), "
        f"days {int(events[Col.DAY].min())} to {last}, {events[Col.ITEM].nunique()} items"
    )
