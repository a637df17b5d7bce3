"""`case-timeline index` and `case-timeline cohort`: the library index and the registry fields
of every case."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from components.cases.index import LibraryIndex, registry_table
from components.clinical.cohort import FIELDS
from components.model.csv_text import csv_text


def progress_bar(done: int, total: int, width: int = 30) -> None:
    """A progress bar on stderr, redrawn in place: `[#####.....] 17/100 cases`."""
    filled = width * done // max(total, 1)
    end = "\n" if done == total else ""
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} cases", end=end, file=sys.stderr
    )


def missing_folders(folders: list[Path]) -> int:
    """1 with one clear message when a library folder is missing or unreadable, else 0."""
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: no such folder of cases", file=sys.stderr)
            return 1
        try:
            next(folder.iterdir(), None)
        except OSError as error:
            print(f"{folder}: cannot read ({error.strerror})", file=sys.stderr)
            return 1
    return 0


def index(folders: list[Path], workers: int) -> int:
    """Build or refresh the library index, with a progress bar; a line per folder."""
    if missing_folders(folders):
        return 1
    for folder in folders:
        started = time.perf_counter()
        cohort, built = LibraryIndex([folder]).update(progress_bar, workers)
        print(
            f"{folder}: {len(cohort.cases)} cases, {built} (re)built, "
            f"{len(cohort.invalid)} with problems, {time.perf_counter() - started:.1f} s"
        )
    return 0


def cohort(folders: list[Path], fmt: str) -> int:
    """The registry fields of every valid case, as a table or CSV; invalid cases on stderr."""
    if missing_folders(folders):
        return 1
    cases, _ = LibraryIndex(folders).update()
    table = registry_table(cases.valid)
    if fmt == "csv":
        print(csv_text(table), end="")
    else:
        print(table.astype(object).fillna("").to_string(index=False))
    for row in cases.invalid.itertuples():
        print(
            f"not shown: {row.case}: {row.problems} problems: {row.problem_text}", file=sys.stderr
        )
    return 0


def field_help() -> str:
    return "Columns, in this order:\n" + "\n".join(f"  {f.name}: {f.definition}" for f in FIELDS)
