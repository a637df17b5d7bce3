"""The loader: bytes of CSV or XLSX to one typed, sorted event table; case folders."""

import io
from pathlib import Path

import pandas as pd
import pytest
from factories import event, text_table

from components.cases.case import (
    MAX_FILE_BYTES,
    case_folder,
    case_ids,
    load_case,
    load_case_info,
    parse_events,
    summary_line,
)
from components.clinical.phases import case_day_span
from components.model.problems import CaseFileError

HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
ROWS = (
    "8,,lab,CRP,26.7,,mg/L,,,,Table 1,reported\n"
    "3,,score,ICE,9,,,,,,Table 1,reported\n"
    "7,9,drug,Methylprednisolone,1000,,mg,,daily,,Table 1,reported\n"
)


def csv_bytes(text: str = HEADER + ROWS, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_loader_types_and_sorts_by_day():
    events = parse_events(csv_bytes(), "events.csv")
    assert events["day"].tolist()[:3] == [3, 3, 7]  # ICE, its derived ICANS grade, MPS
    assert str(events["day"].dtype) == "Int64"
    assert str(events["end_day"].dtype) == "Int64"
    assert isinstance(events["category"].dtype, pd.CategoricalDtype)
    assert events["value"].dtype == float
    mps = events[events["item"] == "Methylprednisolone"].iloc[0]
    assert (mps["day"], mps["end_day"], mps["file_row"]) == (7, 9, 4)


def test_loader_adds_derived_grades_without_a_file_row():
    events = parse_events(csv_bytes(), "events.csv")
    derived = events[events["basis"] == "derived"]
    assert derived[["day", "item", "value"]].values.tolist() == [[3, "ICANS", 1.0]]
    assert derived["file_row"].isna().all()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "latin-1"])
def test_encodings(encoding):
    text = HEADER + "5,,vital,Temperature,38.6,,°C,,,Fièvre,Table 1,reported\n"
    events = parse_events(csv_bytes(text, encoding), "events.csv")
    temperature = events[events["item"] == "Temperature"]
    assert temperature["unit"].tolist() == ["°C"]
    assert temperature["detail"].tolist() == ["Fièvre"]


def test_semicolon_separated_export_is_read():
    text = (HEADER + ROWS).replace(",", ";")
    assert len(parse_events(csv_bytes(text), "events.csv")) == 4


def test_decimal_comma_in_a_semicolon_file_is_named():
    text = HEADER.replace(",", ";") + "1;;lab;CRP;26,7;;mg/L;;;;Table 1;reported\n"
    with pytest.raises(CaseFileError) as caught:
        parse_events(csv_bytes(text), "events.csv")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.found) == (2, "value", "26,7")
    assert "decimal commas" in problem.expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "an empty file"),
        (b"\x00\x01\x02garbage\x00", "binary data"),
        (b"PK\x03\x04not really a zip", "not a workbook Excel can open: File is not a zip"),
    ],
)
def test_unreadable_files_get_a_message(data, words):
    with pytest.raises(CaseFileError, match=words):
        parse_events(data, "events.csv")


def test_size_limit_applies_before_parsing():
    with pytest.raises(CaseFileError) as caught:
        parse_events(b"x" * (MAX_FILE_BYTES + 1), "events.csv")
    assert "at most 5 MB" in str(caught.value)


def test_xlsx_events_sheet_is_read():
    buffer = io.BytesIO()
    table = text_table(
        event("1", "lab", "CRP", "201.9", unit="mg/L"), event("2", "score", "ICE", "10")
    )
    table["day"] = [1, 2]  # numbers, as Excel stores them
    table["value"] = [201.9, 10]
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"title": ["x"]}).to_excel(writer, sheet_name="case", index=False)
        table.to_excel(writer, sheet_name="events", index=False)
    events = parse_events(buffer.getvalue(), "case.xlsx")
    assert events["day"].tolist() == [1, 2]
    assert events["value"].tolist() == [201.9, 10.0]


def write_case(folder: Path, events: str = HEADER + ROWS, toml: str = 'title = "A case"\n') -> Path:
    folder.mkdir(parents=True)
    (folder / "events.csv").write_text(events, encoding="utf-8")
    if toml is not None:
        (folder / "case.toml").write_text(toml, encoding="utf-8")
    return folder


def test_case_folder_loads_header_and_events(tmp_path):
    case = load_case(write_case(tmp_path / "my-case"))
    assert case.case_id == "my-case"
    assert case.info.title == "A case"
    assert case_day_span(case.events) == (3, 9)


def test_problems_of_both_files_are_reported_together(tmp_path):
    folder = write_case(
        tmp_path / "bad", events=HEADER + "x,,lab,CRP,1,,mg/L,,,,T,reported\n", toml="titel = 1\n"
    )
    with pytest.raises(CaseFileError) as caught:
        load_case(folder)
    files = {p.file for p in caught.value.problems}
    assert files == {"case.toml", "events.csv"}


def test_library_lists_only_case_folders_with_safe_ids(tmp_path):
    write_case(tmp_path / "good-case")
    write_case(tmp_path / "Bad Name")
    (tmp_path / "empty").mkdir()
    assert case_ids(tmp_path) == ["good-case"]


@pytest.mark.parametrize("case_id", ["../etc", "a/b", "..", "", "good-case\n", "a\x00b"])
def test_case_ids_cannot_leave_the_folder(tmp_path, case_id):
    with pytest.raises(CaseFileError):
        case_folder(tmp_path, case_id)


def test_summary_line():
    events = parse_events(csv_bytes(), "events.csv")
    assert summary_line(events) == "4 events (3 reported, 1 derived), days 3 to 9, 4 items"


def test_a_bad_case_toml_is_answered_in_toml_terms(tmp_path):
    path = tmp_path / "case.toml"
    path.write_text('reference = "a string"\nundated = 5\n[extra]\n', encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case_info(path)
    said = [str(p) for p in caught.value.problems]
    assert """case.toml: found 'no title'; expected a line title = "..." """.strip() in said
    assert any("[reference] on a line of its own" in s and "citation, doi" in s for s in said)
    assert any("[[undated]] before each one" in s for s in said)
    assert any("no such key here" in s for s in said)
    assert not any("valid dictionary" in s or "valid list" in s for s in said)


def test_a_case_toml_yes_or_no_is_asked_for_as_toml_writes_it(tmp_path):
    path = tmp_path / "case.toml"
    path.write_text('title = "A case"\nsynthetic = "maybe"\n', encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case_info(path)
    (said,) = [str(p) for p in caught.value.problems]
    assert "expected true or false, without quotes: synthetic = true" in said
    assert "valid boolean" not in said
