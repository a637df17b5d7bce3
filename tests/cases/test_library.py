"""Saving a case to the library: a new folder under a safe id, written whole, never over another."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from factories import SEED_CASE
from support.denied import deny
from support.odd_files import PROBES, odd_case

from components.cases.case import (
    MAX_FILE_BYTES,
    CaseInfo,
    Reference,
    UndatedFact,
    case_ids,
    load_case,
)
from components.cases.files import FILE_MODE_ENV, FOLDER_MODE_ENV
from components.cases.index import INDEX_DIR, LibraryIndex
from components.cases.library import MAX_NAME_SUFFIX, CaseLibrary, case_slug
from components.cases.notes import Note
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


@pytest.mark.parametrize("name", ["case.toml", "events.csv", "annotations.csv"])
def test_a_folder_in_a_files_place_is_listed_apart(tmp_path, name):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    shutil.copytree(SEED_CASE, tmp_path / "aaa-unreadable")
    (tmp_path / "aaa-unreadable" / name).unlink(missing_ok=True)
    (tmp_path / "aaa-unreadable" / name).mkdir()  # a folder where a file should be
    library = CaseLibrary(tmp_path)
    listing = library.listing()
    assert listing.shown == [SEED_CASE.name]
    assert listing.broken == {"aaa-unreadable": 1}
    problem = f"{name}: found 'a folder where a file goes'; expected a file"
    assert str(library.problems("aaa-unreadable")[0]) == problem
    assert listing.broken_labels() == {"aaa-unreadable": f"aaa-unreadable — not shown: {problem}"}


def test_listing_more_cases_than_the_cache_holds_loads_none_again(tmp_path, monkeypatch):
    monkeypatch.setattr("components.cases.library.CACHED_CASES", 1)
    for name in ("a", "b", "c"):
        shutil.copytree(SEED_CASE, tmp_path / name)
    (tmp_path / "c" / "case.toml").write_text('title = "C"\nsynthetic = true\n', encoding="utf-8")
    library = CaseLibrary(tmp_path)
    loads = []
    monkeypatch.setattr(
        "components.cases.case.load_case",
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
        "components.cases.case.load_case",
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
    loads.clear()  # the index build loaded each case; the listing should load none again
    first = library.listing()
    assert (first.shown, first.synthetic) == ([SEED_CASE.name, "synthetic-001"], {"synthetic-001"})
    assert library.listing() == first
    assert loads == [], "the index kept in memory serves the listing"
    assert CaseLibrary(tmp_path).listing() == first
    assert sorted(loads) == [SEED_CASE.name, "synthetic-001"], "a new process loads each once"


@pytest.mark.parametrize("probe", PROBES)
def test_one_odd_file_makes_its_case_listed_apart_with_the_reason(tmp_path, probe):
    """Issue 20, item 1: one odd file in one case, and what the case is listed with."""
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    reason = odd_case(SEED_CASE, tmp_path / "aaa-odd", probe)
    library = CaseLibrary(tmp_path)
    listing = library.listing()
    assert listing.shown == [SEED_CASE.name]
    assert listing.broken == {"aaa-odd": 1}
    assert str(library.problems("aaa-odd")[0]).startswith(reason)
    assert listing.broken_labels()["aaa-odd"].startswith(f"aaa-odd — not shown: {reason[:40]}")
    assert library.get(SEED_CASE.name).case_id == SEED_CASE.name


def test_a_case_folder_of_another_account_is_listed_apart_and_starts_nothing_failing(
    tmp_path, monkeypatch
):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    shutil.copytree(SEED_CASE, tmp_path / "aaa-theirs")
    deny(monkeypatch, tmp_path / "aaa-theirs")
    library = CaseLibrary(tmp_path)
    listing = library.listing()
    assert listing.shown == [SEED_CASE.name]
    reason = "aaa-theirs/: found 'a file or folder the server cannot read (Permission denied)'"
    assert listing.broken_labels()["aaa-theirs"].startswith(f"aaa-theirs — not shown: {reason}")
    cohort, _ = library.index.update()
    assert list(cohort.valid["case"]) == [SEED_CASE.name]
    assert cohort.invalid.iloc[0]["problem_text"].startswith(reason)


def test_a_library_folder_that_cannot_be_read_lists_no_case_and_breaks_nothing(
    tmp_path, monkeypatch
):
    shutil.copytree(SEED_CASE, tmp_path / "cases" / SEED_CASE.name)
    deny(monkeypatch, tmp_path / "cases")
    library = CaseLibrary(tmp_path / "cases")
    assert (library.listing().shown, library.listing().broken) == ([], {})
    assert library.index.update()[0].cases.empty


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_what_the_library_saves_its_group_can_read(tmp_path):
    library = CaseLibrary(tmp_path / "cases")
    case_id = library.add("Shared", EVENTS, CaseInfo(title="Shared"))
    folder = tmp_path / "cases" / case_id
    saved = library.save_notes(case_id, [Note(3, "seen by the group")])
    library.index.update()
    index = tmp_path / "cases" / INDEX_DIR
    assert (mode(folder), mode(index)) == (0o750, 0o750)
    files = [*folder.iterdir(), *index.iterdir()]
    assert saved.path in files and len(files) == 5
    assert {p.name: mode(p) for p in files} == {p.name: 0o640 for p in files}


def test_the_saved_modes_are_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv(FOLDER_MODE_ENV, "0700")
    monkeypatch.setenv(FILE_MODE_ENV, "0600")
    library = CaseLibrary(tmp_path)
    folder = tmp_path / library.add("Private", EVENTS, CaseInfo(title="Private"))
    assert (mode(folder), mode(folder / "events.csv")) == (0o700, 0o600)


def test_a_case_saved_from_a_request_is_never_synthetic(tmp_path):
    library = CaseLibrary(tmp_path)
    forged = library.add("Forged", EVENTS, CaseInfo(title="Forged", synthetic=True))
    assert library.get(forged).info.synthetic is False
    assert library.listing().synthetic == frozenset()


def test_what_a_killed_save_left_is_swept_at_start_and_never_counted(tmp_path):
    orphan = tmp_path / ".saving-abc123"
    orphan.mkdir()
    (orphan / "events.csv").write_bytes(b"x" * 2000)
    (tmp_path / INDEX_DIR).mkdir()
    (tmp_path / INDEX_DIR / ".writing-abc.parquet").write_bytes(b"half")
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    (tmp_path / SEED_CASE.name / ".annotations-x.csv").write_text("half")
    young = tmp_path / ".saving-now"
    young.mkdir()
    old = time.time() - 120
    for path in (orphan, tmp_path / INDEX_DIR / ".writing-abc.parquet"):
        os.utime(path, (old, old))
    os.utime(tmp_path / SEED_CASE.name / ".annotations-x.csv", (old, old))
    library = CaseLibrary(tmp_path, max_bytes=(SEED_CASE / "events.csv").stat().st_size + 2000)
    assert library.add("Small", EVENTS, CaseInfo(title="Small")) == "small"  # orphan not counted
    assert sorted(p.name for p in library.sweep()) == [
        ".annotations-x.csv",
        ".saving-abc123",
        ".writing-abc.parquet",
    ]
    assert young.is_dir(), "a save under way is left alone"


def test_a_full_disk_is_said_as_such_and_leaves_nothing(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(CaseFileError) as caught:
        CaseLibrary(tmp_path).add("Full", EVENTS, CaseInfo(title="Full"))
    assert "found 'the library's disk is full'" in problems_of(caught)
    assert list(tmp_path.iterdir()) == []
