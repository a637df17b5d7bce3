"""Loading a case: files to one typed, validated, sorted event table and a case header.

A case is a folder `<cases>/<case-id>/` with `events.csv` (or `events.xlsx`) and `case.toml`.
The event table returned here is the single source of truth for every lane, table and export:
the rows of the file (typed, with the spreadsheet row each came from) plus the ASTCT grades
derived from the findings where the file states none (basis `derived`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pydantic

from components.cases.files import read_bytes, unreadable, utf8_text
from components.cases.notes import ANNOTATIONS_FILE_NAME, Note, read_notes
from components.cases.workbook import read_xlsx_sheet
from components.clinical.grading import derived_grade_events
from components.model.columns import CATEGORIES, DERIVED, EVENT_COLUMNS, FILE_ROW, Col
from components.model.csv_text import read_csv_table
from components.model.limits import MAX_FILE_BYTES, MEGABYTE
from components.model.problems import CaseFileError, Problem, spreadsheet_row
from components.model.schema import validate_event_table

#: The cases that come with the project; the bundled case is the example a person downloads.
BUNDLED_CASES_DIR = Path(__file__).resolve().parents[2] / "data" / "cases"
BUNDLED_CASE_ID = "axicel-relapsing-icans"
EVENTS_FILE_NAMES = ("events.csv", "events.xlsx")
CASE_FILE_NAME = "case.toml"
EVENTS_SHEET = "events"
#: A case.toml is a title and a few sentences; far more is not a case header.
MAX_HEADER_BYTES = 64 * 1024
#: Matched whole (`fullmatch`): "$" alone would accept a trailing newline.
CASE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
#: What a person reads where a case failed on an error of ours (the log has the traceback).
OURS = "a case the server can read (an error of ours: the server log has the details)"

log = logging.getLogger(__name__)


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
    #: A generated demonstration case (`case-timeline synth`), never a patient.
    synthetic: bool = False
    reference: Reference | None = None
    undated: list[UndatedFact] = []


@dataclass(frozen=True)
class Case:
    case_id: str
    info: CaseInfo
    events: pd.DataFrame
    #: Presenter's notes saved with the case (annotations.csv), if any.
    notes: list[Note] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Reading bytes into a table of text cells.


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text whose every other byte is zero (ASCII in UTF-16)."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4 or len(head) % 2:
        return None
    if not any(odd) and all(even):
        return "utf-16-le"
    if not any(even) and all(odd):
        return "utf-16-be"
    return None


def _decode(data: bytes, file: str) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 (with BOM) or Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise CaseFileError(
            [Problem(file, None, None, "binary data", "a CSV text file or an .xlsx workbook")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read_csv(data: bytes, file: str) -> pd.DataFrame:
    text = _decode(data, file)
    if not text.strip():
        raise CaseFileError([Problem(file, None, None, "an empty file", "a header row and events")])
    # The project's dialect: a file it wrote (a saved case, an events export) reads back as it
    # was, and the budget of every file is checked as its rows are read.
    return read_csv_table(text, file)


#: What a file over the size limit is told; the page's upload area says the same.
SIZE_LIMIT_TEXT = f"a file of at most {MAX_FILE_BYTES // MEGABYTE} MB"


def too_large(size: int, file: str) -> CaseFileError:
    return CaseFileError([Problem(file, None, None, f"{size / 1e6:.1f} MB", SIZE_LIMIT_TEXT)])


#: The kinds of file a case's events are read from.
CSV, XLSX = "csv", "xlsx"


def file_kind(data: bytes, file: str) -> str:
    """A workbook by its zip signature or its name (a non-zip named .xlsx is refused as such)."""
    return XLSX if data.startswith(b"PK\x03\x04") or file.lower().endswith(".xlsx") else CSV


def is_xlsx(data: bytes, file: str) -> bool:
    return file_kind(data, file) == XLSX


def read_event_text(data: bytes, file: str, kind: str | None = None) -> pd.DataFrame:
    """Every cell as text, from CSV or XLSX bytes; the size limit applies before parsing.

    `kind` (CSV or XLSX) says what the bytes are when the caller knows (an upload stored as
    CSV text keeps its workbook's name); without it, `file_kind` decides.
    """
    if len(data) > MAX_FILE_BYTES:
        raise too_large(len(data), file)
    if (kind or file_kind(data, file)) == XLSX:
        return read_xlsx_sheet(data, file, EVENTS_SHEET, or_first=True)
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


def parse_events(data: bytes, file: str, kind: str | None = None) -> pd.DataFrame:
    """The event table from a file's bytes (of `kind`, as `read_event_text`). Raises
    CaseFileError with every problem found."""
    return finish_event_table(validate_event_table(read_event_text(data, file, kind), file))


def load_events(path: Path) -> pd.DataFrame:
    path = Path(path)
    return parse_events(read_bytes(path, MAX_FILE_BYTES), path.name)


#: What a case.toml needs where a key is wrong, in TOML's words: by the validation's error type.
TOML_EXPECTED = {
    "model_type": "a table: [{key}] on a line of its own, then its keys ({keys})",
    "dict_type": "a table: [{key}] on a line of its own, then its keys ({keys})",
    "list_type": "a list of tables: [[{key}]] before each one, then its keys ({keys})",
    "string_type": 'text in double quotes: {key} = "..."',
    "bool_type": "true or false, without quotes: {key} = true",
    "bool_parsing": "true or false, without quotes: {key} = true",
    "string_too_short": 'text that is not empty: {key} = "..."',
    "missing": 'a line {name} = "..."{under}',
    "extra_forbidden": "no such key here; known keys: {known}",
}
TOML_PARTS = {"reference": Reference, "undated": UndatedFact}


def _toml_problem(issue: dict, file: str) -> Problem:
    """A validation issue said in the terms of the TOML file: its keys, tables and quotes."""
    loc = [part for part in issue["loc"] if not isinstance(part, int)]
    key = ".".join(str(part) for part in loc)
    part = TOML_PARTS.get(str(loc[0])) if loc else None
    known = (part if part and len(loc) > 1 else CaseInfo).model_fields
    template = TOML_EXPECTED.get(issue["type"], issue["msg"].lower())
    expected = template.format(
        key=key,
        name=loc[-1] if loc else key,
        under=f" under [{loc[0]}]" if len(loc) > 1 else "",
        keys=", ".join(part.model_fields) if part else "",
        known=", ".join(known),
    )
    if issue["type"] == "missing":
        found = f"no {loc[-1] if loc else key}"
    else:
        found = f"{key} = {issue.get('input', '')!r}"[:80]
    return Problem(file, None, None, found, expected)


def case_info(fields: dict, file: str) -> CaseInfo:
    """The case header from its fields (a case.toml, or an upload's 'case' sheet)."""
    try:
        return CaseInfo.model_validate(fields)
    except pydantic.ValidationError as error:
        if file.endswith(".toml"):
            raise CaseFileError([_toml_problem(i, file) for i in error.errors()]) from error
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


def load_case_info(path: Path) -> CaseInfo:
    file = path.name
    try:
        text = utf8_text(read_bytes(path, MAX_HEADER_BYTES), file)
    except FileNotFoundError as error:
        raise CaseFileError(
            [Problem(file, None, None, "no such file", "a case.toml with at least a title")]
        ) from error
    try:
        fields = tomllib.loads(text)
    except ValueError as error:  # TOMLDecodeError, or a number of thousands of digits
        raise CaseFileError([Problem(file, None, None, str(error)[:120], "valid TOML")]) from error
    return case_info(fields, file)


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, once DEL (which TOML wants escaped) is escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def case_toml(info: CaseInfo) -> str:
    """The text of a case.toml that `load_case_info` reads back as `info`."""
    # A JSON true/false is a TOML boolean too; a real case leaves `synthetic` out.
    fields = info.model_dump(exclude={"reference", "undated"}, exclude_defaults=True)
    lines = [f"{name} = {_toml_string(value)}" for name, value in fields.items()]
    if info.reference:
        lines += ["", "[reference]"]
        lines += [f"{k} = {_toml_string(v)}" for k, v in info.reference.model_dump().items()]
    for fact in info.undated:
        lines += ["", "[[undated]]"]
        lines += [f"{k} = {_toml_string(v)}" for k, v in fact.model_dump().items()]
    return "\n".join(lines) + "\n"


def events_file(folder: Path) -> Path:
    """The case's events file; one that is not a readable file (a folder in its place) is
    still the one named, and reading it says what it is."""
    for name in EVENTS_FILE_NAMES:
        if (folder / name).exists():
            return folder / name
    raise CaseFileError(
        [Problem(folder.name, None, None, "no events file", " or ".join(EVENTS_FILE_NAMES))]
    )


def case_files(folder: Path) -> list[Path]:
    """The files a case is made of, whose content decides what it loads as: its events, its
    header and its notes (a bad annotations.csv makes the case fail to load too)."""
    try:
        events = events_file(folder)
    except (CaseFileError, OSError):  # none, or none that can be seen: `read_case` says which
        events = folder / EVENTS_FILE_NAMES[0]
    return [events, folder / CASE_FILE_NAME, folder / ANNOTATIONS_FILE_NAME]


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


def read_case(folder: Path) -> Case | CaseFileError:
    """`load_case`, fenced: the case, or its problems whatever went wrong reading it (a folder
    the server cannot read, a file in a form no check foresaw), so that one case never breaks
    the listing, a page, the index build or the start of a server."""
    folder = Path(folder)
    try:
        os.listdir(folder)
    except OSError as error:  # the folder itself: its files cannot even be named
        return CaseFileError([unreadable(f"{folder.name}/", error)])
    try:
        return load_case(folder)
    except CaseFileError as error:
        return error
    except OSError as error:
        return CaseFileError([unreadable(Path(error.filename or folder).name, error)])
    except Exception:
        # An error of ours: its traceback in the log, the case listed apart.
        log.exception("case %s could not be read", folder.name)
        return CaseFileError([Problem(folder.name, None, None, "an error of ours", OURS)])


# ---------------------------------------------------------------------------------------------
# The case library.


def is_case_id(case_id: str) -> bool:
    """Lower-case letters, digits, '-' and '_': never a path that could leave the folder."""
    return isinstance(case_id, str) and CASE_ID.fullmatch(case_id) is not None


def case_ids(cases_dir: Path) -> list[str]:
    """The cases in a library folder: sub-folders with a valid id and an events file."""
    cases_dir = Path(cases_dir)
    try:
        folders = list(cases_dir.iterdir())
    except OSError:  # missing or unreadable: the cohort page says which (`missing_folders`)
        return []
    return sorted(
        folder.name
        for folder in folders
        if is_case_id(folder.name) and folder.is_dir() and _has_events(folder)
    )


def _has_events(folder: Path) -> bool:
    """An events file in the folder; a folder the server cannot look into counts as a case
    (`read_case` then says why it is not shown), since it may well be one."""
    try:
        return any((folder / name).exists() for name in EVENTS_FILE_NAMES)
    except OSError:
        return True


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
