"""Issue 20, items 2, 3 and 6: every file keeps to the budget of `model.limits` while it is read,
whichever way it comes (an upload, a case folder, `case-timeline validate`); a workbook that is
not one is said so with its reason; a cell with a line break survives a save.

The probes of the issue are replayed (slow) with a 5 s deadline as a hang guard only; their
refusal times are measured by bench/bench_upload_budget.py.
"""

from __future__ import annotations

import base64
import io
import time
import zipfile

import pandas as pd
import pytest
from factories import SEED_CASE, long_workbook, shared_strings_workbook, wide_csv

from components.cases import upload as upload_module
from components.cases import workbook
from components.cases.case import CaseInfo, load_case, read_event_text
from components.cases.library import CaseLibrary
from components.cases.upload import read_upload
from components.cli.parser import main as cli_main
from components.export.formats import events_csv
from components.model.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_NUMBER_CHARS,
    MAX_SHARED_STRINGS,
)
from components.model.problems import CaseFileError

HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
ROW = "3,,score,ICE,9,,,,,{detail},Table 1,reported\n"
HANG_GUARD_SECONDS = 5


def refusal(data: bytes, name: str) -> str:
    url = "data:application/octet-stream;base64," + base64.b64encode(data).decode()
    with pytest.raises(CaseFileError) as caught:
        read_upload(url, name)
    return str(caught.value)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("build", "name", "words"),
    [
        (lambda: wide_csv(70_000), "wide.csv", "a header row of at most 4,096 bytes"),
        (lambda: wide_csv(20_000), "wide.csv", "a header row of at most 4,096 bytes"),
        (shared_strings_workbook, "strings.xlsx", f"at most {MAX_SHARED_STRINGS:,} shared"),
    ],
    ids=["70000-columns", "20000-columns", "47MB-shared-strings"],
)
def test_the_probes_of_issue_20_are_refused_with_the_limit_named(build, name, words, monkeypatch):
    data = build()
    loaded = []
    monkeypatch.setattr(workbook.openpyxl, "load_workbook", lambda *a, **k: loaded.append(a))
    started = time.perf_counter()
    message = refusal(data, name)
    assert time.perf_counter() - started < HANG_GUARD_SECONDS  # a hang guard, not a timing
    assert message.startswith(f"{name}") and words in message
    assert loaded == []  # refused before openpyxl opened anything


def test_a_header_of_more_columns_than_the_limit_is_refused_before_validation(monkeypatch):
    validated = []
    monkeypatch.setattr(upload_module, "validate_event_table", lambda *a: validated.append(a))
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    message = refusal((header + "\n" + "1," * MAX_COLUMNS + "1\n").encode(), "wide.csv")
    assert message == (
        f"wide.csv, row 1: found '{MAX_COLUMNS + 1} columns'; expected at most "
        f"{MAX_COLUMNS} columns"
    )
    assert validated == []


def test_a_case_folder_and_the_validate_command_keep_the_same_budget(tmp_path, capsys):
    folder = tmp_path / "cases" / "wide"
    folder.mkdir(parents=True)
    (folder / "events.csv").write_text(HEADER + ROW.format(detail="x" * (MAX_CELL_CHARS + 1)))
    (folder / "case.toml").write_text('title = "Wide"\n')
    expected = (
        f"events.csv, row 2, column 'detail': found 'a cell of {MAX_CELL_CHARS + 1:,} "
        f"characters'; expected a cell of at most {MAX_CELL_CHARS:,} characters"
    )
    with pytest.raises(CaseFileError) as caught:
        load_case(folder)
    assert str(caught.value) == expected
    assert cli_main(["validate", str(folder / "events.csv")]) != 0
    captured = capsys.readouterr()
    assert expected in captured.out + captured.err


def test_a_workbook_whose_dimension_is_past_the_columns_is_refused_unopened(monkeypatch):
    """openpyxl pads every row to the declared dimension: XFD is 16,384 columns."""
    data = long_workbook(3)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "<sheetData>", '<dimension ref="A1:XFD4"/><sheetData>'
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    loaded = []
    monkeypatch.setattr(workbook.openpyxl, "load_workbook", lambda *a, **k: loaded.append(a))
    message = refusal(buffer.getvalue(), "wide.xlsx")
    assert (
        message
        == f"wide.xlsx, row 1: found '16,384 columns'; expected at most {MAX_COLUMNS} columns"
    )
    assert loaded == []


def test_more_shared_strings_than_the_limit_are_refused_as_they_stream_by(monkeypatch):
    data = shared_strings_workbook(MAX_SHARED_STRINGS + 1, words="")
    loaded = []
    monkeypatch.setattr(workbook.openpyxl, "load_workbook", lambda *a, **k: loaded.append(a))
    assert refusal(data, "many.xlsx") == (
        f"many.xlsx: found 'more than {MAX_SHARED_STRINGS:,} shared strings'; expected at most "
        f"{MAX_SHARED_STRINGS:,} shared strings in at most 8 MB"
    )
    assert loaded == []


def test_a_shared_string_past_the_cell_length_is_refused():
    data = long_workbook(1, shared_strings=f"<si><t>{'x' * (MAX_CELL_CHARS + 1)}</t></si>")
    assert f"expected a cell of at most {MAX_CELL_CHARS:,} characters" in refusal(data, "a.xlsx")


def rewritten(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[name] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in parts.items():
            archive.writestr(part, text)
    return buffer.getvalue()


def test_a_workbook_number_of_5000_digits_is_named_by_row_and_column():
    """Issue 20, item 6: openpyxl's int() refuses over 4,300 digits, which read as a broken
    workbook; the scan names the cell before openpyxl reads it."""
    data = long_workbook(2)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    huge = sheet.replace("<row><c><v>", '<row><c r="A2"><v>' + "9" * 5000, 1)
    message = refusal(rewritten(data, "xl/worksheets/sheet1.xml", huge.encode()), "big.xlsx")
    assert message == (
        f"big.xlsx, row 2, column 'A': found 'a number of {5000 + 6:,} characters'; expected a "
        f"number of at most {MAX_NUMBER_CHARS:,} characters"
    )


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("xl/workbook.xml", b"<workbook><sheets><sheet name="),  # lxml's XMLSyntaxError
        ("xl/worksheets/sheet1.xml", b"\x89PNG not xml at all"),
        ("[Content_Types].xml", b"<Types"),
    ],
)
def test_a_malformed_workbook_is_named_with_the_reason(part, content):
    """Issue 20, item 6: an XMLSyntaxError from openpyxl gave the generic apology."""
    message = refusal(rewritten(long_workbook(1), part, content), "broken.xlsx")
    assert message.startswith("broken.xlsx: found 'not a workbook Excel can open: ")
    assert message.endswith("'; expected an .xlsx workbook")
    assert len(message) > len("broken.xlsx: found 'not a workbook Excel can open: ")


def test_a_cell_with_a_carriage_return_survives_a_save_and_its_export_runs_nothing(tmp_path):
    """Issue 20, item 2: saved unquoted, the case was then 'not shown: 13 problems', and its
    events export began a row with a live formula."""
    detail = "mild\r=cmd|' /C calc'!A0"
    library = CaseLibrary(tmp_path)
    case_id = library.add("cr", HEADER + ROW.format(detail=f'"{detail}"'), CaseInfo(title="cr"))
    case = load_case(tmp_path / case_id)
    assert case.events.loc[case.events["basis"] == "reported", "detail"].tolist() == [detail]
    exported = events_csv(case.events)
    assert "\r=cmd" not in exported and "\n=cmd" not in exported
    assert "\"mild\r'=cmd|' /C calc'!A0\"" in exported


@pytest.mark.parametrize(
    "path",
    sorted((SEED_CASE.parent.parent).glob("*/*/events.csv")),
    ids=lambda path: path.parent.name,
)
def test_the_seed_and_synthetic_cases_read_as_before(path):
    """Each bundled events file, read by the project's reader, gives the cells pandas gave."""
    data = path.read_bytes()
    before = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(read_event_text(data, "events.csv"), before)
