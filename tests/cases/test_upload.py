"""An uploaded file, through the same path the page uses: every bad input gets a message.

One test per item of the "bad input" list of the upload issue, read as the browser hands a
file over (`data:...;base64,...`); the loader's own tests cover the same files from disk.
"""

from __future__ import annotations

import base64
import io
import time
import zipfile
from collections import OrderedDict

import pandas as pd
import pytest
from factories import SEED_CASE, long_workbook

from components.cases import upload as upload_module
from components.cases.case import MAX_FILE_BYTES
from components.cases.library import CaseLibrary
from components.cases.upload import (
    MAX_UPLOAD_BYTES,
    UPLOAD_ID_PREFIX,
    UploadedCase,
    decode_contents,
    display_name,
    read_upload,
    resolve_case,
    uploaded_case,
)
from components.cases.workbook import MAX_XLSX_UNPACKED_BYTES
from components.export.formats import events_csv
from components.model.columns import MAX_EVENT_ROWS
from components.model.problems import CaseFileError

HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
ROW = "3,,score,ICE,9,,,,,,Table 1,reported\n"


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def data_url(data: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def problems(data: bytes, name: str = "my-case.csv") -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        read_upload(data_url(data), name)
    return [str(p) for p in caught.value.problems]


def only_problem(data: bytes, name: str = "my-case.csv") -> str:
    found = problems(data, name)
    assert len(found) == 1, found
    return found[0]


def xlsx(events: pd.DataFrame, case: pd.DataFrame | None = None) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        events.to_excel(writer, sheet_name="events", index=False)
        if case is not None:
            case.to_excel(writer, sheet_name="case", index=False)
    return buffer.getvalue()


def test_a_valid_csv_becomes_a_case_of_its_own():
    upload = read_upload(data_url((HEADER + ROW).encode()), "patient 7.csv")
    assert upload.case_id.startswith(UPLOAD_ID_PREFIX)
    assert upload.info.title == "patient 7"
    assert upload.label == "patient 7 (uploaded, not saved)"
    case = uploaded_case(upload)
    assert case.case_id == upload.case_id
    assert case.events[["day", "item", "value", "basis"]].values.tolist() == [
        [3, "ICANS", 1.0, "derived"],  # the ASTCT grade the ICE score proves
        [3, "ICE", 9.0, "reported"],
    ]


def test_the_same_file_gets_the_same_id_and_another_file_another():
    first = read_upload(data_url((HEADER + ROW).encode()), "a.csv")
    again = read_upload(data_url((HEADER + ROW).encode()), "a.csv")
    other = read_upload(data_url((HEADER + ROW.replace("9", "8")).encode()), "a.csv")
    assert first.case_id == again.case_id != other.case_id


def test_the_store_round_trip_rebuilds_the_case_in_any_worker():
    """A worker that never saw the upload rebuilds the case from what the browser sends."""
    upload = read_upload(data_url((HEADER + ROW).encode()), "a.csv")
    stored = upload.as_store()
    rebuilt = UploadedCase.from_store(stored)
    assert rebuilt == upload
    assert len(uploaded_case(rebuilt).events) == len(uploaded_case(upload).events)


def test_resolve_case_gives_the_upload_or_the_library_case(tmp_path):
    library = CaseLibrary(SEED_CASE.parent)
    upload = read_upload(data_url((HEADER + ROW).encode()), "a.csv")
    stored = upload.as_store()
    assert resolve_case(library, upload.case_id, stored).info.title == "a"
    assert resolve_case(library, SEED_CASE.name, stored).case_id == SEED_CASE.name
    assert resolve_case(library, SEED_CASE.name, None).case_id == SEED_CASE.name
    with pytest.raises(CaseFileError):
        resolve_case(library, upload.case_id, None)  # another session's upload: not found


def test_a_store_not_written_by_the_page_is_refused():
    with pytest.raises(CaseFileError):
        UploadedCase.from_store({"name": "a.csv", "events": 3})


# --------------------------------------------------------------------------------------------
# The bad input list, item by item.


def test_empty_file():
    assert "found 'an empty file'" in only_problem(b"")
    with pytest.raises(CaseFileError, match="empty file"):
        read_upload("data:text/csv;base64,", "empty.csv")


def test_binary_garbage():
    assert "binary data" in only_problem(bytes(range(256)) * 4)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8-sig", "utf-16", "utf-16-le"])
def test_wrong_encodings_are_read(encoding):
    text = HEADER + "5,,vital,Temperature,38.6,,°C,,,Fièvre,Table 1,reported\n"
    events = uploaded_case(read_upload(data_url(text.encode(encoding)), "a.csv")).events
    row = events[events["item"] == "Temperature"].iloc[0]
    assert (row["unit"], row["detail"]) == ("°C", "Fièvre")


def test_semicolons_are_read_and_decimal_commas_named():
    text = (HEADER + ROW + "4,,lab,CRP,26,7,,mg/L,,,,Table 1,reported\n").replace(",", ";")
    text = text.replace("26;7", "26,7")
    assert "row 3, column 'value': found '26,7'" in only_problem(text.encode())
    assert "no decimal commas" in only_problem(text.encode())


def test_missing_and_misspelt_columns_suggest_the_close_name():
    found = problems((HEADER.replace("category", "categroy") + ROW).encode())
    assert any("column 'categroy'" in p and "'category' (a misspelling?)" in p for p in found)
    assert any("column 'category'" in p and "required" in p for p in found)


def test_non_numeric_days():
    found = only_problem((HEADER + ROW.replace("3,", "day three,", 1)).encode())
    assert "row 2, column 'day': found 'day three'" in found


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("1,,grade,ICANS,5,,,,,,T,reported\n", "an ASTCT grade from 0 to 4"),
        ("1,,grade,CRS,-1,,,,,,T,reported\n", "an ASTCT grade from 0 to 4"),
        ("1,,score,ICE,11,,,,,,T,reported\n", "ICE score from 0 to 10"),
        ("1,,score,GCS,2,,,,,,T,reported\n", "a GCS score from 3 to 15"),
        ("1,,score,GCS,16,,,,,,T,reported\n", "a GCS score from 3 to 15"),
    ],
)
def test_grades_and_scores_out_of_range(row, words):
    assert words in only_problem((HEADER + row).encode())


def test_end_day_before_day():
    found = only_problem((HEADER + "9,4,drug,Anakinra,100,,mg,SC,daily,,T,reported\n").encode())
    assert "row 2, column 'end_day': found '4'" in found


def test_negative_doses():
    found = only_problem((HEADER + "1,,drug,Dexamethasone,-10,,mg,IV,,,T,reported\n").encode())
    assert "column 'value': found '-10'; expected a value of zero or more" in found


def test_duplicated_rows():
    assert "row 3: found 'a copy of row 2'" in only_problem((HEADER + ROW + ROW).encode())


def test_100000_rows_are_refused_by_the_stated_limit_quickly():
    rows = "".join(f"{i % 90},,lab,CRP,{i},,mg/L,,,,T,reported\n" for i in range(100_000))
    started = time.perf_counter()
    found = only_problem((HEADER + rows).encode())
    elapsed = time.perf_counter() - started
    expected = f"found 'more than {MAX_EVENT_ROWS:,} rows'; expected at most {MAX_EVENT_ROWS:,}"
    assert expected in found
    print(f"100,000 rows refused in {elapsed:.2f} s")  # measured, not asserted


def test_a_file_over_the_limit_is_refused_before_decoding():
    huge = "data:text/csv;base64," + "!" * (MAX_UPLOAD_BYTES * 4 // 3 + 8)  # not even base64
    with pytest.raises(CaseFileError) as caught:
        decode_contents(huge, "huge.csv")
    assert "expected a file of at most 5 MB" in str(caught.value)
    assert "at most 5 MB" in only_problem(b"x" * (MAX_FILE_BYTES + 1))


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_XLSX_UNPACKED_BYTES + 1))
    found = only_problem(buffer.getvalue(), "bomb.xlsx")
    assert "a workbook that unpacks to 52.4 MB" in found
    assert len(buffer.getvalue()) < 100_000  # it really is a bomb


def test_a_small_part_compressed_too_far_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (20 * 1024 * 1024))
    assert "compressed over 100 times" in only_problem(buffer.getvalue(), "dense.xlsx")


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04 but no zip follows", b"day,item\n1,CRP\n", bytes(range(256))]
)
def test_an_xlsx_that_is_not_a_zip(data):
    assert "found 'not a workbook Excel can open: " in only_problem(data, "events.xlsx")


def test_html_and_script_are_kept_as_plain_text():
    text = HEADER + '1,,symptom,<script>alert(1)</script>,,,,,,<b onclick="x()">hi</b>,T,reported\n'
    events = uploaded_case(read_upload(data_url(text.encode()), "a.csv")).events
    assert events["item"].tolist() == ["<script>alert(1)</script>"]
    assert events["detail"].tolist() == ['<b onclick="x()">hi</b>']


def test_formula_cells_are_kept_as_text_and_neutralised_in_csv_exports():
    text = HEADER + "-2,,symptom,=1+1,,,,,,@SUM(A1),+cmd,reported\n"
    events = uploaded_case(read_upload(data_url(text.encode()), "a.csv")).events
    assert events[["day", "item", "detail", "source"]].values.tolist() == [
        [-2, "=1+1", "@SUM(A1)", "+cmd"]
    ]
    exported = events_csv(events).splitlines()[1]
    assert exported.startswith("-2,")  # a negative day stays a number
    assert "'=1+1" in exported and "'@SUM(A1)" in exported and "'+cmd" in exported


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("..\\..\\windows\\case.csv", "case.csv"),
        ("/abs/path/x.csv", "x.csv"),
        ("..", "uploaded file"),
    ],
)
def test_a_file_name_with_dot_dot_slash_is_only_a_name(filename, shown):
    assert display_name(filename) == shown
    upload = read_upload(data_url((HEADER + ROW).encode()), filename)
    assert "/" not in upload.name and "\\" not in upload.name


# --------------------------------------------------------------------------------------------
# Workbooks with a case sheet.


def test_xlsx_with_a_case_sheet_gives_the_header():
    events = pd.DataFrame([{"day": 3, "category": "score", "item": "ICE", "value": 9,
                            "source": "Chart", "basis": "reported"}])  # fmt: skip
    case = pd.DataFrame(
        {
            "field": ["title", "product", "citation", "doi"],
            "value": ["Patient 7", "Tisa-cel", "Our paper", "10.1/x"],
        }
    )
    upload = read_upload(data_url(xlsx(events, case)), "p7.xlsx")
    assert upload.info.title == "Patient 7"
    assert upload.info.product == "Tisa-cel"
    assert upload.info.reference.url == "https://doi.org/10.1/x"
    events = uploaded_case(upload).events
    assert events.loc[events["item"] == "ICE", "value"].tolist() == [9.0]


def test_problems_of_the_case_sheet_and_the_events_come_together():
    events = pd.DataFrame([{"day": "x", "category": "score", "item": "ICE", "value": 9,
                            "source": "Chart", "basis": "reported"}])  # fmt: skip
    case = pd.DataFrame({"field": ["titel"], "value": ["Patient 7"]})
    found = problems(xlsx(events, case), "p7.xlsx")
    assert any("p7.xlsx, row 2, column 'day'" in p for p in found)
    assert any("p7.xlsx, sheet 'case', row 2, column 'field': found 'titel'" in p for p in found)


def test_an_excel_upload_is_rebuilt_by_a_worker_that_did_not_receive_it(monkeypatch):
    """Finding 3: the stored rows are CSV text whatever was uploaded; a worker without the
    upload in its cache reads them as CSV, not as a workbook because of the .xlsx name."""
    table = pd.read_csv(io.StringIO(HEADER + ROW), dtype=str, keep_default_na=False)
    upload = read_upload(data_url(xlsx(table), XLSX_MIME), "my-case.xlsx")
    stored = upload.as_store()
    assert stored["kind"] == "csv"
    first_worker = uploaded_case(upload).events
    monkeypatch.setattr(upload_module, "_cases", OrderedDict())  # another worker's cache
    rebuilt = uploaded_case(UploadedCase.from_store(stored))
    pd.testing.assert_frame_equal(rebuilt.events, first_worker)


def test_a_store_of_another_kind_is_refused():
    stored = read_upload(data_url((HEADER + ROW).encode()), "a.csv").as_store()
    with pytest.raises(CaseFileError):
        UploadedCase.from_store({**stored, "kind": "xlsx"})


def test_a_200k_row_workbook_is_refused_by_the_row_limit():
    """Finding 4: the sheet is streamed and the read stops at the limit (timed in
    bench/bench_workbook.py, not here)."""
    data = long_workbook(200_000)
    assert len(data) < MAX_FILE_BYTES  # under the size and zip-bomb limits: rows decide
    found = only_problem(data, "long.xlsx")
    assert f"found 'more than {MAX_EVENT_ROWS:,} rows'; expected at most" in found


def test_a_workbook_whose_rows_skip_to_a_million_stops_at_the_limit():
    """A row numbered 1,000,000 would make openpyxl fill in every empty row before it."""
    data = long_workbook(2, first_row_number=1_000_000)
    found = only_problem(data, "gap.xlsx")
    assert f"more than {MAX_EVENT_ROWS:,} rows" in found


def test_a_worker_that_rebuilds_an_upload_reads_the_same_cells(monkeypatch):
    text = HEADER + "3,,score,ICE,9,,,,,''=x,=y,reported\n"
    upload = read_upload(data_url(text.encode()), "a.csv")
    first_worker = uploaded_case(upload).events
    monkeypatch.setattr(upload_module, "_cases", OrderedDict())
    rebuilt = uploaded_case(UploadedCase.from_store(upload.as_store())).events
    pd.testing.assert_frame_equal(rebuilt, first_worker)
    # A leading apostrophe before a formula is the spreadsheet's "this is text" mark.
    cells = first_worker.loc[first_worker["item"] == "ICE", ["detail", "source"]]
    assert cells.values.tolist() == [["'=x", "=y"]]
