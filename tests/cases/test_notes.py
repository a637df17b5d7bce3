"""Presenter's notes: the file format, atomic saving, and drawing on the figure."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from factories import SEED_CASE

from components.cases.case import load_case
from components.cases.notes import (
    Note,
    make_note,
    notes_from_store,
    read_notes,
    save_notes,
)
from components.figures.timeline.figure import build_timeline
from components.model.problems import CaseFileError


def test_saved_notes_read_back(tmp_path):
    notes = [Note(45, "IT MTX/AraC/HC - GCS improves", "drugs"), Note(41, "=relapse, grade 4")]
    path = save_notes(tmp_path, notes).path
    assert path.name == "annotations.csv"
    assert read_notes(path) == notes
    assert [p.name for p in tmp_path.iterdir()] == ["annotations.csv"]  # no temp file left


def test_no_file_means_no_notes(tmp_path):
    assert read_notes(tmp_path / "annotations.csv") == []


def test_bad_notes_name_row_and_column(tmp_path):
    path = tmp_path / "annotations.csv"
    path.write_text("day,lane,text\nx,,fine\n3,Kidneys & liver,ok\n4,,\n", encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        read_notes(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "day"),
        (3, "lane"),
        (4, "text"),
    ]


def test_case_folder_loads_its_notes(tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    for name in ("events.csv", "case.toml"):
        (folder / name).write_bytes((SEED_CASE / name).read_bytes())
    save_notes(folder, [Note(47, "second IT dose")])
    assert load_case(folder).notes == [Note(47, "second IT dose")]


def test_make_note_refuses_long_or_empty_text():
    with pytest.raises(CaseFileError):
        make_note(3, "")
    with pytest.raises(CaseFileError):
        make_note(3, "x" * 121)
    assert make_note("7", " ok ", "") == Note(7, "ok")


def test_store_items_that_are_malformed_are_dropped():
    assert notes_from_store([{"day": 3, "text": "a"}, {"day": "x", "text": "b"}, "junk"]) == [
        Note(3, "a")
    ]


def test_notes_are_drawn_escaped_with_a_line_down_to_their_lane():
    notes = [Note(45, "<script>x</script>", "drugs"), Note(3, "onset")]
    figure = build_timeline(load_case(SEED_CASE).events, notes=notes)
    labels = [a for a in figure.layout.annotations if a.name == "presenter-note"]
    assert sorted((a.x, a.text) for a in labels) == [
        (3, "onset"),
        (45, "&lt;script&gt;x&lt;/script&gt;"),
    ]
    lines = {s.x0: s for s in figure.layout.shapes if s.name == "presenter-note"}
    drugs = figure.layout[figure.layout.meta["lane_axes"]["drugs"].replace("y", "yaxis")]
    assert lines[45].y0 == pytest.approx(drugs.domain[1])  # down to the drug lane's top
    assert lines[3].y0 == 0  # a note on no lane runs down through every lane


def test_a_day_of_thousands_of_digits_is_named_not_raised(tmp_path):
    path = tmp_path / "annotations.csv"
    path.write_text("day,lane,text\n" + "9" * 5000 + ",,far\n-12,,ok\n", encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        read_notes(path)
    assert [str(p) for p in caught.value.problems] == [
        "annotations.csv, row 2, column 'day': found 'a number of 5000 digits'; "
        "expected a whole number of days (at most 5 digits)"
    ]
    with pytest.raises(CaseFileError, match="a number of 5000 digits"):
        make_note("9" * 5000, "from the page's form")


def test_a_row_of_more_cells_than_columns_is_named(tmp_path):
    path = tmp_path / "annotations.csv"
    path.write_text("day,lane,text\n3,,one,two\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="row 2: found '4 cells'; expected at most 3"):
        read_notes(path)


def test_a_save_says_when_it_replaced_other_notes_saved_moments_before(tmp_path):
    """Issue 20, item 6: 200 saves of one case at once each said 'Saved' while 199 were lost."""
    saves = 200
    with ThreadPoolExecutor(max_workers=16) as pool:
        saved = list(pool.map(lambda n: save_notes(tmp_path, [Note(n, f"note {n}")]), range(saves)))
    replaced = [s.replaced_age_s for s in saved if s.replaced_age_s is not None]
    assert len(replaced) == saves - 1, "every save but the first replaced another's notes"
    assert all(0 <= age < 60 for age in replaced)
    assert len(read_notes(tmp_path / "annotations.csv")) == 1
    assert save_notes(tmp_path, read_notes(tmp_path / "annotations.csv")).replaced_age_s is None
