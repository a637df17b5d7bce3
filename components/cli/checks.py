"""`case-timeline validate` and `case-timeline grades`: a case's problems, notes on what the
ASTCT rules do not read, and the grades of each day."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from components.cases.case import (
    CASE_FILE_NAME,
    case_ids,
    events_file,
    load_case,
    load_events,
    summary_line,
)
from components.cases.library import CaseLibrary
from components.clinical.grading import CHECK_COLUMNS, check_runs, grade_check
from components.model.astct import unread_hint
from components.model.columns import FILE_ROW, Col
from components.model.csv_text import csv_text
from components.model.formatting import day_text
from components.model.problems import CaseFileError


def print_problems(name: Path | str, problems: list) -> None:
    count = len(problems)
    print(f"{name}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def validate_library(path: Path) -> int:
    """A folder of case folders: a line per case that can be shown, every problem of each one
    that cannot (as the page's case selector names them); 0 when all are valid. Every case is
    loaded: this is the check itself, never the library index's memory of one."""
    library = CaseLibrary(path)
    problems = {case_id: library.problems(case_id) for case_id in library.case_ids()}
    for case_id in (case_id for case_id, found in problems.items() if not found):
        print(f"valid: {case_id}")
    broken = {case_id: found for case_id, found in problems.items() if found}
    for case_id, found in broken.items():
        print_problems(f"{path / case_id} (not shown)", found)
    return 1 if broken else 0


def validate(path: Path) -> int:
    """Print a one-line summary, or every problem; 0 when valid, 1 when not. A folder of case
    folders (a library) is checked case by case."""
    if path.is_dir() and not (path / CASE_FILE_NAME).exists() and case_ids(path):
        return validate_library(path)
    try:
        if path.is_dir():
            case = load_case(path)
            events, name = case.events, f"{case.case_id}: {case.info.title}"
        elif path.is_file():
            events, name = load_events(path), path.name
        else:
            print(f"{path}: no such file or folder", file=sys.stderr)
            return 1
    except CaseFileError as error:
        print_problems(path, error.problems)
        return 1
    except OSError as error:
        print(f"{path}: cannot read ({error.strerror})", file=sys.stderr)
        return 1
    print(f"valid: {name}")
    print(f"  {summary_line(events)}")
    checks = check_runs(grade_check(events))
    for check in checks[checks["check"].isin(["unconfirmed", "disagrees"])].itertuples():
        span = day_text(check.day, check.end_day)
        print(f"  grade check, {check.syndrome} {span}: {check.check}. {check.criterion}")
    for note in unread_notes(events):
        print(f"  note: {note}")
    if path.is_file() and not (path.parent / CASE_FILE_NAME).is_file():
        print(f"  note: no {CASE_FILE_NAME} beside it; a case folder needs one to be served")
    return 0


def unread_notes(events: pd.DataFrame) -> list[str]:
    """A note per item in a grade-relevant category that the ASTCT rules do not read, with the
    rows it is on and the vocabulary to use instead (data/README.md lists it)."""
    notes = []
    rows = events[events[FILE_ROW].notna()].sort_values(FILE_ROW)
    for (category, item, route), group in rows.groupby(
        [rows[Col.CATEGORY].astype(str), Col.ITEM, Col.ROUTE], sort=False
    ):
        hint = unread_hint(category, item, route)
        if hint:
            where = ", ".join(str(r) for r in group[FILE_ROW])
            notes.append(
                f"{category} '{item}' (row{'s' if len(group) > 1 else ''} {where}) is not read by "
                f"the ASTCT grading; to be graded, write {hint}"
            )
    return notes


GRADE_FORMATS = ("table", "csv")


def _grades_of(path: Path) -> tuple[str, pd.DataFrame]:
    """The case name (folder name or file stem) and its day-by-day grade check."""
    events = load_events(events_file(path) if path.is_dir() else path)
    return (path.name if path.is_dir() else path.stem), grade_check(events)


def grades(paths: list[Path], fmt: str) -> int:
    """Print the grades of each case, a row per syndrome and calendar day; 0 when every file is
    valid. CSV columns: case, then `grading.CHECK_COLUMNS` (a stable interface for scripts)."""
    frames, status = [], 0
    for path in paths:
        try:
            if not path.exists():
                raise OSError(2, "no such file or folder")
            name, check = _grades_of(path)
        except CaseFileError as error:
            status = 1
            print_problems(path, error.problems)
            continue
        except OSError as error:
            status = 1
            print(f"{path}: cannot read ({error.strerror})", file=sys.stderr)
            continue
        frames.append(check.assign(case=name))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    table = table.reindex(columns=["case", *CHECK_COLUMNS])
    table["at_least"] = table["at_least"].map({True: "true", False: "false"})
    if fmt == "csv":
        sys.stdout.write(csv_text(table))
    else:
        print(grades_text(table))
    return status


def grades_text(table: pd.DataFrame) -> str:
    """The grades as aligned columns for a person: a derived lower bound as '≥2', the
    criterion last and whole."""
    derived = [
        "" if pd.isna(d) else f"{'≥' if at_least == 'true' else ''}{d}"
        for d, at_least in zip(table["derived"], table["at_least"], strict=True)
    ]
    cells = [
        ["case", "day", "syndrome", "reported", "derived", "check", "criterion"],
        *(
            [str(c), str(d), s, "" if pd.isna(r) else str(r), g, k, t]
            for c, d, s, r, g, k, t in zip(
                table["case"],
                table["day"],
                table["syndrome"],
                table["reported"],
                derived,
                table["check"],
                table["criterion"],
                strict=True,
            )
        ),
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in cells
    )
