"""Bring your own case: a file uploaded in the browser, checked in memory, kept in the browser.

The page's upload area hands over `data:<type>;base64,<payload>`. The payload's length gives
the file's size, so an oversized file is refused before a byte is decoded. The file is read and
validated with the same schema as a case folder, as a whole: only a valid file becomes an
`UploadedCase`. The browser keeps it in its session storage (`as_store`) and sends it back with
each request; no server process keeps it, so any worker can answer. A small per-process cache
keyed by the content's hash saves re-reading it on every request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from threading import Lock

from components.cases.case import (
    CSV,
    MAX_FILE_BYTES,
    Case,
    CaseInfo,
    case_info,
    finish_event_table,
    is_xlsx,
    parse_events,
    read_event_text,
    too_large,
)
from components.cases.library import CaseLibrary
from components.cases.workbook import read_xlsx_sheet
from components.model.csv_text import csv_text
from components.model.problems import CaseFileError, Problem, spreadsheet_row
from components.model.schema import validate_event_table

#: An uploaded case's id: the dot keeps it apart from every library id (a-z, 0-9, '-', '_').
UPLOAD_ID_PREFIX = "upload."
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
#: Flask refuses larger requests outright: room for the base64 of the largest file accepted
#: (4/3 of it) or for the stored table sent back with a callback's other inputs.
MAX_REQUEST_BYTES = 2 * MAX_UPLOAD_BYTES
CASE_SHEET = "case"
#: Rows of an uploaded workbook's 'case' sheet (columns 'field' and 'value').
CASE_SHEET_FIELDS: dict[str, str] = {
    "title": "Shown above the timeline (the file name when empty)",
    "summary": "One or two sentences about the patient",
    "diagnosis": "e.g. Diffuse large B-cell lymphoma, stage IV",
    "product": "e.g. Axicabtagene ciloleucel (axi-cel)",
    "day_zero": "What day 0 is, e.g. the day of the axi-cel infusion",
    "citation": "The published source, if any",
    "doi": "Its DOI, e.g. 10.3324/haematol.2025.300224",
}
REFERENCE_FIELDS = ("citation", "doi")
MAX_NAME_LENGTH = 120
CACHED_CASES = 8


@dataclass(frozen=True)
class UploadedCase:
    """A valid uploaded file: its name, its event rows as CSV text and its case header.

    Whatever was uploaded (CSV or a workbook), the rows are kept as CSV text, and the store
    says so (`kind`): a worker that rebuilds the case reads that text as CSV, never by the
    file's name (a workbook's name ends in .xlsx).
    """

    name: str
    events_csv: str
    info: CaseInfo
    kind: str = CSV

    @property
    def case_id(self) -> str:
        """The same content always gets the same id; computed here, never taken on trust."""
        content = json.dumps([self.events_csv, self.info.model_dump()], ensure_ascii=False)
        return UPLOAD_ID_PREFIX + hashlib.sha256(content.encode()).hexdigest()[:12]

    @property
    def label(self) -> str:
        return f"{self.info.title} (uploaded, not saved)"

    def as_store(self) -> dict:
        """What the browser keeps in its session store."""
        return {
            "name": self.name,
            "kind": self.kind,
            "events": self.events_csv,
            "info": self.info.model_dump(),
        }

    @classmethod
    def from_store(cls, stored: dict) -> UploadedCase:
        """Back from the browser's store; CaseFileError for anything not written by `as_store`."""
        if not (
            isinstance(stored, dict)
            and isinstance(stored.get("name"), str)
            and isinstance(stored.get("events"), str)
            and isinstance(stored.get("info"), dict)
            and stored.get("kind", CSV) == CSV
        ):
            raise CaseFileError(
                [Problem("uploaded case", None, None, "an unreadable store", "an uploaded case")]
            )
        return cls(stored["name"], stored["events"], case_info(stored["info"], stored["name"]))


def display_name(filename: str | None) -> str:
    """The file's own name, without any folder a browser or a crafted request put before it."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    return name[:MAX_NAME_LENGTH] if name.strip(". ") else "uploaded file"


def decode_contents(contents: str, file: str) -> bytes:
    """The bytes of a `data:...;base64,...` upload; the size limit applies before decoding."""
    header, comma, payload = contents.partition(",")
    if not header.startswith("data:") or (comma and not header.endswith(";base64")):
        raise CaseFileError(
            [Problem(file, None, None, "an upload the page could not read", "a CSV or XLSX file")]
        )
    size = len(payload) * 3 // 4 - payload[-2:].count("=")
    if size > MAX_UPLOAD_BYTES:
        raise too_large(size, file)
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise CaseFileError(
            [Problem(file, None, None, "an upload the page could not read", "a CSV or XLSX file")]
        ) from error


def case_sheet_info(data: bytes, file: str) -> CaseInfo:
    """The header from a workbook's optional 'case' sheet; the file name is the title without."""
    stem = PurePosixPath(file).stem or file
    sheet = read_xlsx_sheet(data, file, CASE_SHEET)
    if sheet is None:
        return CaseInfo(title=stem)
    where = f"{file}, sheet '{CASE_SHEET}'"
    missing = [c for c in ("field", "value") if c not in sheet.columns]
    if missing:
        raise CaseFileError([Problem(where, 1, c, "", f"a column named '{c}'") for c in missing])
    fields: dict[str, str] = {}
    problems = []
    for index, field, value in zip(sheet.index, sheet["field"], sheet["value"], strict=True):
        field, value = field.strip(), value.strip()
        if field in CASE_SHEET_FIELDS:
            fields[field] = value
        elif field or value:
            expected = "one of: " + ", ".join(CASE_SHEET_FIELDS)
            problems.append(Problem(where, spreadsheet_row(index), "field", field, expected))
    if problems:
        raise CaseFileError(problems)
    reference = {k: fields.pop(k) for k in REFERENCE_FIELDS if k in fields}
    header = {k: v for k, v in fields.items() if v}
    header.setdefault("title", stem)
    if reference.get("citation"):
        header["reference"] = reference
    return case_info(header, where)


def read_upload(contents: str | None, filename: str | None) -> UploadedCase:
    """A valid uploaded case, or CaseFileError with every problem the file has."""
    name = display_name(filename)
    if not contents:
        raise CaseFileError([Problem(name, None, None, "nothing", "a CSV or XLSX file")])
    data = decode_contents(contents, name)
    problems: list[Problem] = []
    text = typed = info = None
    try:
        text = read_event_text(data, name)
        typed = validate_event_table(text, name)
    except CaseFileError as error:
        problems += error.problems
    # A workbook that opened may have a 'case' sheet: its problems are listed with the rest.
    if text is not None and is_xlsx(data, name):
        try:
            info = case_sheet_info(data, name)
        except CaseFileError as error:
            problems += error.problems
    if problems:
        raise CaseFileError(problems)
    # Written as the library writes it, so any worker reads back exactly these cells.
    events_csv = csv_text(text)
    if len(events_csv.encode()) > MAX_UPLOAD_BYTES:
        raise too_large(len(events_csv.encode()), f"{name} (as a table)")
    upload = UploadedCase(name, events_csv, info or CaseInfo(title=PurePosixPath(name).stem))
    _remember(Case(upload.case_id, upload.info, finish_event_table(typed)))
    return upload


_cases: OrderedDict[str, Case] = OrderedDict()
_cases_lock = Lock()


def _remember(case: Case) -> Case:
    with _cases_lock:
        _cases[case.case_id] = case
        _cases.move_to_end(case.case_id)
        while len(_cases) > CACHED_CASES:
            _cases.popitem(last=False)
    return case


def uploaded_case(upload: UploadedCase) -> Case:
    """The Case of an upload, from this process's cache or read again from the stored text."""
    case_id = upload.case_id
    with _cases_lock:
        if case_id in _cases:
            _cases.move_to_end(case_id)
            return _cases[case_id]
    events = parse_events(upload.events_csv.encode(), upload.name, upload.kind)
    return _remember(Case(case_id, upload.info, events))


def stored_upload(uploaded: dict | None) -> UploadedCase | None:
    """The uploaded case a page's session store holds, if any."""
    return UploadedCase.from_store(uploaded) if uploaded else None


def resolve_case(library: CaseLibrary, case_id: str, uploaded: dict | None) -> Case:
    """The case a view names: the browser's uploaded case when the id is its, else the library's.

    `uploaded` is the data of the page's session store `ids.UPLOADED` (None when nothing was
    uploaded). Every callback that needs the case of a view calls this, with
    `State(ids.UPLOADED, "data")`, so an uploaded case works wherever a library case does.
    Raises CaseFileError as `CaseLibrary.get` does.
    """
    upload = stored_upload(uploaded)
    if upload and upload.case_id == case_id:
        return uploaded_case(upload)
    return library.get(case_id)
