"""Saving a case to the library: a new folder under a safe id, written whole, never over another."""

from __future__ import annotations

import os
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
from components.cases.index import INDEX_DIR, LibraryIndex
from components.cases.library import MAX_NAME_SUFFIX, CaseLibrary, case_slug
from components.cases.synth import write_synthetic_cases
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
    library = CaseLibrary(tmp_path)
    listing = library.listing()
    assert listing.shown == [SEED_CASE.name]
    problems = library.problems("aaa-broken")
    assert listing.broken == {"aaa-broken": len(problems)}
    assert any("case.toml" in str(p) for p in problems)
    assert library.problems(SEED_CASE.name) == []


def test_a_folder_that_cannot_be_read_is_listed_apart(tmp_path):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    shutil.copytree(SEED_CASE, tmp_path / "aaa-unreadable")
    (tmp_path / "aaa-unreadable" / "case.toml").unlink()
    (tmp_path / "aaa-unreadable" / "case.toml").mkdir()  # a folder where a file should be
    library = CaseLibrary(tmp_path)
    listing = library.listing()
    assert listing.shown == [SEED_CASE.name]
    assert listing.broken == {"aaa-unreadable": 1}
    assert "cannot be read" in str(library.problems("aaa-unreadable")[0])


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


@pytest.fixture
def indexed(tmp_path):
    """A library of the seed case, two synthetic cases and a broken one, its index built."""
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    write_synthetic_cases(tmp_path, 2, seed=3)
    (tmp_path / "aaa-broken").mkdir()
    (tmp_path / "aaa-broken" / "events.csv").write_text("garbage\n", encoding="utf-8")
    LibraryIndex([tmp_path]).update()
    return tmp_path


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """The case folders the library loads, in order."""
    loaded: list[str] = []
    monkeypatch.setattr(
        "components.cases.library.load_case",
        lambda folder: loaded.append(folder.name) or load_case(folder),
    )
    return loaded


def test_a_library_with_a_current_index_is_listed_without_loading_a_case(indexed, loads):
    listing = CaseLibrary(indexed).listing()
    assert listing.shown == [SEED_CASE.name, "synthetic-001", "synthetic-002"]
    assert listing.synthetic == {"synthetic-001", "synthetic-002"}
    assert listing.broken == {"aaa-broken": 7}
    assert listing.broken_labels() == {"aaa-broken": "aaa-broken — not shown: 7 problems"}
    assert loads == []


def test_the_index_lists_what_loading_every_case_lists(indexed, tmp_path_factory):
    unindexed = tmp_path_factory.mktemp("unindexed")
    for folder in indexed.iterdir():
        if folder.name != INDEX_DIR:
            shutil.copytree(folder, unindexed / folder.name)
    assert CaseLibrary(indexed).listing() == CaseLibrary(unindexed).listing()


def test_a_case_whose_files_changed_since_the_index_is_loaded_and_only_it(indexed, loads):
    (indexed / "synthetic-002" / "case.toml").write_text('title = "Real now"\n', encoding="utf-8")
    (indexed / "synthetic-001" / "annotations.csv").write_text("day,lane,text\nx,,Note\n")
    listing = CaseLibrary(indexed).listing()
    assert sorted(loads) == ["synthetic-001", "synthetic-002"]
    assert listing.shown == [SEED_CASE.name, "synthetic-002"]
    assert listing.synthetic == frozenset()
    assert list(listing.broken) == ["aaa-broken", "synthetic-001"]


def test_a_touched_but_unchanged_case_is_listed_from_the_index(indexed, loads):
    os.utime(indexed / "synthetic-001" / "events.csv", ns=(1, 1))
    assert "synthetic-001" in CaseLibrary(indexed).listing().synthetic
    assert loads == []


def test_a_library_whose_index_cannot_be_written_is_listed_by_loading_each_case_once(
    tmp_path, loads, caplog
):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    write_synthetic_cases(tmp_path, 1, seed=3)
    (tmp_path / INDEX_DIR).write_text("a file where the index folder would go")
    library = CaseLibrary(tmp_path)
    library.index.update()
    assert "cannot be written" in caplog.text
    first = library.listing()
    assert (first.shown, first.synthetic) == ([SEED_CASE.name, "synthetic-001"], {"synthetic-001"})
    assert library.listing() == first
    assert loads == [], "the index kept in memory serves the listing"
    assert CaseLibrary(tmp_path).listing() == first
    assert sorted(loads) == [SEED_CASE.name, "synthetic-001"], "a new process loads each once"
