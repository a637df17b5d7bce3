"""Saving a case to the library: a new folder under a safe id, written whole, never over another."""

from __future__ import annotations

import shutil

import pytest
from factories import SEED_CASE

from components.cases.case import (
    MAX_FILE_BYTES,
    CaseInfo,
    Reference,
    UndatedFact,
    case_ids,
    load_case,
)
from components.cases.library import MAX_NAME_SUFFIX, CaseLibrary, case_slug
from components.model.problems import CaseFileError

EVENTS = (
    "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
    '3,,score,ICE,9,,,,,"=1+1, ""quoted""",Chart,reported\n'
)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Relapsing ICANS (2024)", "relapsing-icans-2024"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\Windows", "windows"),
        ("C:/cases/x", "c-cases-x"),
        ("...", "case"),
        ("Ünïcode only ∑", "n-code-only"),
    ],
)
def test_slugs_cannot_leave_the_cases_folder(name, slug):
    assert case_slug(name) == slug


def test_a_saved_case_loads_back_as_it_was(tmp_path):
    info = CaseInfo(
        title='Patient "7" \\ relapse\u007f',
        product="Tisa-cel",
        reference=Reference(citation="Our paper", doi="10.1/x"),
        undated=[UndatedFact(text="R-CHOP x6", source="Letter")],
    )
    library = CaseLibrary(tmp_path)
    case_id = library.add("../Patient 7", EVENTS, info)
    assert case_id == "patient-7"
    case = library.get(case_id)
    assert case.info == info
    assert case.events.loc[case.events["item"] == "ICE", "detail"].tolist() == ['=1+1, "quoted"']
    assert library.case_ids() == ["patient-7"]


def test_saving_never_overwrites_an_existing_case(tmp_path):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    before = (tmp_path / SEED_CASE.name / "events.csv").read_bytes()
    library = CaseLibrary(tmp_path)
    first = library.add(SEED_CASE.name, EVENTS, CaseInfo(title="A"))
    second = library.add(SEED_CASE.name, EVENTS, CaseInfo(title="B"))
    assert (first, second) == (f"{SEED_CASE.name}-2", f"{SEED_CASE.name}-3")
    assert (tmp_path / SEED_CASE.name / "events.csv").read_bytes() == before
    assert load_case(tmp_path / second).info.title == "B"
    assert case_ids(tmp_path) == sorted([SEED_CASE.name, first, second])


def test_no_half_written_folder_is_left_behind(tmp_path):
    library = CaseLibrary(tmp_path)
    library.add("x", EVENTS, CaseInfo(title="x"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_a_file_in_the_way_is_not_replaced(tmp_path):
    (tmp_path / "x").write_text("not a case")
    assert CaseLibrary(tmp_path).add("x", EVENTS, CaseInfo(title="x")) == "x-2"
    assert (tmp_path / "x").read_text() == "not a case"


def problems_of(caught) -> str:
    return "\n".join(str(p) for p in caught.value.problems)


def test_saving_checks_the_rows_as_an_upload_is_checked(tmp_path):
    """Finding 1: whatever the browser sends, nothing invalid is written."""
    library = CaseLibrary(tmp_path)
    with pytest.raises(CaseFileError) as caught:
        library.add("x", "garbage", CaseInfo(title="x"))
    assert "column" in problems_of(caught)
    with pytest.raises(CaseFileError) as caught:
        library.add("x", EVENTS + "3,,score,ICE,9," * (MAX_FILE_BYTES // 10), CaseInfo(title="x"))
    assert "at most 5 MB" in problems_of(caught)
    with pytest.raises(CaseFileError) as caught:
        library.add("x", EVENTS, CaseInfo(title="x", summary="y" * 70_000))
    assert "64 KB" in problems_of(caught)
    assert list(tmp_path.iterdir()) == []


def test_a_saved_formula_is_written_as_text_and_read_back_as_it_was(tmp_path):
    library = CaseLibrary(tmp_path)
    case_id = library.add("f", EVENTS, CaseInfo(title="f"))
    assert "\"'=1+1" in (tmp_path / case_id / "events.csv").read_text()
    events = library.get(case_id).events
    assert events.loc[events["item"] == "ICE", "detail"].tolist() == ['=1+1, "quoted"']


def test_the_library_refuses_a_case_past_its_limits(tmp_path):
    library = CaseLibrary(tmp_path, max_cases=1)
    library.add("a", EVENTS, CaseInfo(title="a"))
    with pytest.raises(CaseFileError) as caught:
        library.add("b", EVENTS, CaseInfo(title="b"))
    assert "found 'a library of 1 cases'; expected at most 1 cases" in problems_of(caught)
    small = CaseLibrary(tmp_path / "small", max_bytes=300)
    with pytest.raises(CaseFileError) as caught:
        small.add("c", EVENTS, CaseInfo(title="c", summary="long " * 40))
    assert "MB in the library" in problems_of(caught)


def test_the_hundredth_save_of_one_title_asks_for_another_title(tmp_path):
    for number in range(1, MAX_NAME_SUFFIX + 1):
        (tmp_path / ("same" if number == 1 else f"same-{number}")).mkdir()
    with pytest.raises(CaseFileError) as caught:
        CaseLibrary(tmp_path).add("Same", EVENTS, CaseInfo(title="Same"))
    assert "expected another title for this case" in problems_of(caught)


def test_a_broken_folder_is_listed_apart_and_the_others_are_shown(tmp_path):
    """Finding 2: a folder that sorts first and does not load never hides the others."""
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    broken = tmp_path / "aaa-broken"
    broken.mkdir()
    (broken / "events.csv").write_text("garbage\n")
    listing = CaseLibrary(tmp_path).listing()
    assert listing.shown == [SEED_CASE.name]
    assert list(listing.broken) == ["aaa-broken"]
    assert any("case.toml" in str(p) for p in listing.broken["aaa-broken"])


def test_a_folder_that_cannot_be_read_is_listed_apart(tmp_path):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    shutil.copytree(SEED_CASE, tmp_path / "aaa-unreadable")
    (tmp_path / "aaa-unreadable" / "case.toml").unlink()
    (tmp_path / "aaa-unreadable" / "case.toml").mkdir()  # a folder where a file should be
    listing = CaseLibrary(tmp_path).listing()
    assert listing.shown == [SEED_CASE.name]
    assert "cannot be read" in str(listing.broken["aaa-unreadable"][0])


def test_listing_more_cases_than_the_cache_holds_loads_none_again(tmp_path, monkeypatch):
    monkeypatch.setattr("components.cases.library.CACHED_CASES", 1)
    for name in ("a", "b", "c"):
        shutil.copytree(SEED_CASE, tmp_path / name)
    (tmp_path / "c" / "case.toml").write_text('title = "C"\nsynthetic = true\n', encoding="utf-8")
    library = CaseLibrary(tmp_path)
    loads = []
    monkeypatch.setattr(
        "components.cases.library.load_case",
        lambda folder: loads.append(folder.name) or load_case(folder),
    )
    first = library.listing()
    assert (first.shown, first.synthetic) == (["a", "b", "c"], frozenset({"c"}))
    assert sorted(loads) == ["a", "b", "c"]
    assert library.listing() == first
    assert sorted(loads) == ["a", "b", "c"], "a second listing loaded a case again"
    (tmp_path / "b" / "case.toml").write_text('title = "B, edited"\n', encoding="utf-8")
    library.listing()
    assert sorted(loads) == ["a", "b", "b", "c"]
