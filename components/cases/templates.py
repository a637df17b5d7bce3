"""The files a person downloads to start a case of their own, generated from the schema.

The CSV template is a header and example rows that validate as they are. The XLSX template
holds the same rows in an `events` sheet, a `case` sheet for the header shown above the
timeline, and a `columns` sheet explaining each column; the reader takes only the first two.
The bundled case's own events file is the worked example.
"""

from __future__ import annotations

import io

import pandas as pd

from components.cases.case import BUNDLED_CASE_ID, BUNDLED_CASES_DIR, EVENTS_SHEET, events_file
from components.cases.upload import CASE_SHEET, CASE_SHEET_FIELDS
from components.model.columns import (
    COLUMN_HELP,
    EVENT_COLUMNS,
    NUMERIC_COLUMNS,
    REQUIRED_COLUMNS,
    Col,
)
from components.model.csv_text import csv_text

COLUMNS_SHEET = "columns"
EXAMPLE_SOURCE = "Example: replace with your source"

#: A short made-up course using every column; each row is one fact.
EXAMPLE_ROWS: tuple[dict[str, str], ...] = (
    {"day": "-5", "end_day": "-3", "category": "drug", "item": "Fludarabine", "value": "30",
     "unit": "mg/m2", "route": "IV", "frequency": "daily", "detail": "Lymphodepletion"},
    {"day": "0", "category": "drug", "item": "Axicabtagene ciloleucel", "route": "IV",
     "frequency": "once", "detail": "CAR T-cell infusion"},
    {"day": "1", "category": "vital", "item": "Temperature", "value": "38.6", "unit": "°C",
     "detail": "Fever"},
    {"day": "1", "category": "grade", "item": "CRS", "value": "1"},
    {"day": "2", "category": "lab", "item": "CRP", "value": "120.5", "unit": "mg/L"},
    {"day": "4", "category": "score", "item": "ICE", "value": "5", "value_max": "7",
     "detail": "Range over the day"},
    {"day": "4", "category": "grade", "item": "ICANS", "value": "2"},
    {"day": "4", "end_day": "6", "category": "drug", "item": "Dexamethasone", "value": "10",
     "unit": "mg", "route": "IV", "frequency": "QID"},
    {"day": "5", "category": "score", "item": "GCS", "value": "13", "detail": "E3M6V4"},
    {"day": "5", "category": "imaging", "item": "MRI brain", "detail": "No abnormalities"},
    {"day": "5", "category": "grade", "item": "ICANS", "value": "2",
     "detail": "From GCS eye response E3 (ASTCT consciousness domain)", "basis": "derived"},
    {"day": "6", "category": "procedure", "item": "Intubation",
     "attribution": "Airway protection during a seizure"},
)  # fmt: skip


def example_table() -> pd.DataFrame:
    """The example rows as a file holds them: every column, every cell text."""
    rows = [
        {
            name: row.get(name, {Col.SOURCE: EXAMPLE_SOURCE, Col.BASIS: "reported"}.get(name, ""))
            for name in EVENT_COLUMNS
        }
        for row in EXAMPLE_ROWS
    ]
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def csv_template() -> bytes:
    return csv_text(example_table()).encode("utf-8")


def column_guide() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "column": name,
                "required": "yes" if name in REQUIRED_COLUMNS else "no",
                "meaning": meaning,
                "allowed values": allowed,
            }
            for name, (meaning, allowed) in COLUMN_HELP.items()
        ]
    )


def xlsx_template() -> bytes:
    # Days and values go in as numbers, as a person typing in Excel would enter them.
    events = example_table()
    for name in (Col.DAY, Col.END_DAY, *NUMERIC_COLUMNS):
        events[name] = pd.to_numeric(events[name].replace("", None))
    case = pd.DataFrame(
        [{"field": f, "value": "", "meaning": m} for f, m in CASE_SHEET_FIELDS.items()]
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        events.to_excel(writer, sheet_name=EVENTS_SHEET, index=False)
        case.to_excel(writer, sheet_name=CASE_SHEET, index=False)
        column_guide().to_excel(writer, sheet_name=COLUMNS_SHEET, index=False)
    return buffer.getvalue()


def bundled_example() -> tuple[str, bytes]:
    """The bundled case's events file: its download name and bytes."""
    path = events_file(BUNDLED_CASES_DIR / BUNDLED_CASE_ID)
    return f"{BUNDLED_CASE_ID}_{path.name}", path.read_bytes()


#: What the page offers to download: key -> (file name, contents).
DOWNLOADS = {
    "csv": lambda: ("case-template.csv", csv_template()),
    "xlsx": lambda: ("case-template.xlsx", xlsx_template()),
    "example": bundled_example,
}
