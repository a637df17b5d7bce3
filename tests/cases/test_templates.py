"""The downloads that start a case: they open, validate, and explain every column."""

from __future__ import annotations

import base64
import io

from openpyxl import load_workbook

from components.cases.case import parse_events
from components.cases.templates import DOWNLOADS, EXAMPLE_ROWS, csv_template, xlsx_template
from components.cases.upload import CASE_SHEET_FIELDS, read_upload
from components.model.columns import COLUMN_HELP, EVENT_COLUMNS, UNITS


def data_url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def test_the_csv_template_validates_as_it_is():
    events = parse_events(csv_template(), "case-template.csv")
    assert sorted(events["file_row"].dropna()) == list(range(2, len(EXAMPLE_ROWS) + 2))
    assert csv_template().decode().splitlines()[0] == ",".join(EVENT_COLUMNS)
    # the example shows a finding attributed to another cause: shown, never graded
    (attributed,) = events[events["attribution"] != ""]["item"]
    assert attributed == "Intubation"


def test_the_xlsx_template_has_events_case_and_columns_sheets_and_uploads():
    data = xlsx_template()
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["events", "case", "columns"]
    assert [c.value for c in workbook["events"][1]] == list(EVENT_COLUMNS)
    assert workbook["events"]["A2"].value == -5  # a number, as Excel users type it
    assert [r[0] for r in workbook["case"].iter_rows(min_row=2, values_only=True)] == list(
        CASE_SHEET_FIELDS
    )
    guide = {r[0]: r for r in workbook["columns"].iter_rows(min_row=2, values_only=True)}
    assert list(guide) == list(COLUMN_HELP) == list(EVENT_COLUMNS)
    assert guide["day"][1] == "yes" and guide["unit"][1] == "no"
    assert all(unit in guide["unit"][3] for unit in UNITS)
    upload = read_upload(data_url(data), "case-template.xlsx")
    assert upload.info.title == "case-template"
    assert upload.events_csv.encode() == csv_template()


def test_the_bundled_example_downloads_and_uploads():
    name, data = DOWNLOADS["example"]()
    assert name == "axicel-relapsing-icans_events.csv"
    assert len(parse_events(data, name)) > 100
    for key in ("csv", "xlsx"):
        name, data = DOWNLOADS[key]()
        assert name.startswith("case-template.") and data
