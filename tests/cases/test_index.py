"""The library index: built once per case file, reused while the file is unchanged, shared
through files beside the library, and never broken by one bad case."""

import os
import shutil
import signal
import threading
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from factories import SEED_CASE

from components.cases.case import load_case
from components.cases.index import (
    CASES_FILE,
    INDEX_DIR,
    FolderIndex,
    LibraryIndex,
    registry_table,
    rows_moved,
    summarise,
)
from components.cases.synth import write_synthetic_cases
from components.clinical.cohort import FIELD_NAMES
from components.model.columns import EVENT_COLUMNS


@pytest.fixture
def library(tmp_path):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    write_synthetic_cases(tmp_path, 2, seed=3)
    return tmp_path


def test_a_cold_build_summarises_every_case_and_stores_it_beside_the_library(library):
    cohort, built = FolderIndex(library).update()
    assert built == 3
    assert list(cohort.cases["case"]) == [SEED_CASE.name, "synthetic-001", "synthetic-002"]
    stored = pq.read_table(library / INDEX_DIR / CASES_FILE).to_pandas()
    assert list(stored["case"]) == list(cohort.cases["case"])
    assert not list((library / INDEX_DIR).glob(".writing-*"))


def test_a_warm_update_loads_nothing_and_another_worker_reads_the_same_index(library):
    FolderIndex(library).update()
    cohort, built = FolderIndex(library).update()
    assert built == 0
    assert cohort.valid["icans_max_grade"].notna().any()
    assert set(cohort.series["case"]) == set(cohort.cases["case"])


def test_a_changed_case_is_built_again_and_only_it(library):
    index = FolderIndex(library)
    index.update()
    events = library / "synthetic-001" / "events.csv"
    death = {
        "day": "40",
        "category": "outcome",
        "item": "Death",
        "source": "T",
        "basis": "reported",
    }
    events.write_text(events.read_text() + ",".join(death.get(c, "") for c in EVENT_COLUMNS) + "\n")
    cohort, built = index.update()
    assert built == 1
    row = cohort.cases.set_index("case").loc["synthetic-001"]
    assert row["died"]
    assert row["last_day"] == 40


def test_a_touched_but_unchanged_case_is_not_built_again(library):
    index = FolderIndex(library)
    index.update()
    events = library / "synthetic-002" / "events.csv"
    os.utime(events, ns=(1, 1))
    assert index.update()[1] == 0


def test_a_removed_case_leaves_the_index(library):
    index = FolderIndex(library)
    index.update()
    shutil.rmtree(library / "synthetic-002")
    cohort, _ = index.update()
    assert "synthetic-002" not in set(cohort.cases["case"])
    assert "synthetic-002" not in set(cohort.series["case"])


def test_a_case_that_fails_validation_is_listed_with_its_problems(library):
    bad = library / "broken"
    bad.mkdir()
    (bad / "events.csv").write_text("day,category,item,source,basis\nx,grade,ICANS,T,reported\n")
    (bad / "case.toml").write_text('title = "Broken"\n')
    cohort, _ = FolderIndex(library).update()
    row = cohort.invalid.set_index("case").loc["broken"]
    assert row["problems"] == 1
    assert "row 2, column 'day'" in row["problem_text"]
    assert len(cohort.valid) == 3


def test_an_unwritable_folder_is_indexed_in_memory(library, caplog):
    (library / INDEX_DIR).write_text("a file where the index folder would go")
    _, built = FolderIndex(library).update()
    assert built == 3
    assert "cannot be written" in caplog.text


def test_a_library_of_several_folders_is_one_cohort(library, tmp_path_factory):
    more = tmp_path_factory.mktemp("more")
    write_synthetic_cases(more, 1, seed=3, first=9)
    cohort, _ = LibraryIndex([library, more]).update()
    assert list(cohort.cases["case"])[-1] == "synthetic-009"


def test_the_registry_table_has_the_fields_in_order_and_marks_lower_bounds(library):
    cohort, _ = FolderIndex(library).update()
    table = registry_table(cohort.valid)
    assert list(table.columns) == list(FIELD_NAMES)
    seed = table.set_index("case").loc[SEED_CASE.name]
    assert seed["icans_max_grade"] == "4"
    assert seed["died"] == "true"
    assert seed["synthetic"] == "false"


def test_an_upload_is_summarised_the_same_way():
    cohort = summarise(load_case(SEED_CASE))
    assert cohort.cases["source"].tolist() == ["uploaded"]
    assert registry_table(cohort.cases).loc[0, "icu_days"] == 68


def test_a_page_reuses_the_cohort_it_checked_a_moment_ago(library):
    index = LibraryIndex([library])
    first = index.current()
    assert index.current() is first
    (library / "synthetic-002" / "case.toml").write_text('title = "Renamed"\nsynthetic = true\n')
    assert index.current() is first
    renamed = index.current(max_age_s=0).cases.set_index("case").loc["synthetic-002", "title"]
    assert renamed == "Renamed"


def test_an_empty_library_indexed_again_writes_nothing():
    assert rows_moved(pd.DataFrame(), pd.DataFrame()) is False
    assert rows_moved(pd.DataFrame(), pd.DataFrame({"case": ["a"], "stamp": ["1"]})) is True


def test_a_case_whose_notes_changed_is_built_again(library):
    index = FolderIndex(library)
    index.update()
    (library / "synthetic-001" / "annotations.csv").write_text("day,lane,text\nx,,Note\n")
    cohort, built = index.update()
    assert built == 1
    assert list(cohort.invalid["case"]) == ["synthetic-001"]
    assert "annotations.csv" in cohort.invalid["problem_text"].iloc[0]


def test_the_statuses_are_what_the_index_stored_for_each_case(library):
    cohort, _ = FolderIndex(library).update()
    statuses = LibraryIndex([library]).statuses(library)
    assert {case: (s.problems, s.synthetic) for case, s in statuses.items()} == {
        SEED_CASE.name: (0, False),
        "synthetic-001": (0, True),
        "synthetic-002": (0, True),
    }
    assert [statuses[case].key for case in cohort.cases["case"]] == list(cohort.cases["key"])
    assert LibraryIndex([library]).statuses(library / "elsewhere") == {}


def test_a_worker_forked_while_the_index_is_built_can_build_it_too(library):
    """gunicorn forks its workers while the master may be building the index in a thread."""
    index = LibraryIndex([library])
    held, release = threading.Event(), threading.Event()

    def build() -> None:
        with index._lock:
            held.set()
            release.wait(timeout=30)

    builder = threading.Thread(target=build)
    builder.start()
    try:
        assert held.wait(timeout=30), "the building thread never took the lock"
        pid = os.fork()
        if pid == 0:  # the worker: free to update its own index, not waiting for good
            os._exit(0 if index._lock.acquire(timeout=5) else 1)
        deadline = time.monotonic() + 30
        while (done := os.waitpid(pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail("the forked worker neither took the lock nor gave up in 30 s")
            time.sleep(0.05)
        assert os.waitstatus_to_exitcode(done[1]) == 0, "the forked worker found the lock held"
    finally:
        release.set()
        builder.join(timeout=30)


def test_a_garbage_index_is_warned_about_once_and_written_again(library, caplog):
    index = FolderIndex(library)
    index.update()
    (library / INDEX_DIR / CASES_FILE).write_bytes(b"not parquet")
    for _ in range(5):
        cohort, built = index.update()
        index.statuses()
    assert built == 0 and len(cohort.valid) == 3
    assert caplog.text.count("cannot be read") == 1
    assert pq.read_table(library / INDEX_DIR / CASES_FILE).num_rows == 3


def test_index_writing_is_tried_again_after_a_failure(library, caplog, monkeypatch):
    monkeypatch.setattr("components.cases.index.RETRY_WRITE_S", 0.0)
    (library / INDEX_DIR).write_text("a file where the index folder would go, as a full disk")
    index = FolderIndex(library)
    index.update()
    assert "cannot be written" in caplog.text
    (library / INDEX_DIR).unlink()  # room again
    _, built = index.update()
    assert built == 0
    assert pq.read_table(library / INDEX_DIR / CASES_FILE).num_rows == 3


def test_a_case_that_cannot_be_read_is_a_row_of_its_problem(library):
    (library / "synthetic-002" / "annotations.csv").write_bytes(b"day,lane,text\n3,,caf\xe9\n")
    cohort, _ = FolderIndex(library).update(workers=2)
    row = cohort.invalid.set_index("case").loc["synthetic-002"]
    assert row["problem_text"].startswith("annotations.csv: found 'Latin-1/cp1252 bytes at byte")
    assert FolderIndex(library).statuses()["synthetic-002"].reason == row["problem_text"]
