"""Presenter's notes as data: short text pinned to a day (and optionally a lane), read from
and saved to a case folder, checked like every other input. Drawing them is
`components.figures.timeline.overlays` (with the key days, in the band above the lanes).

A case folder may hold `annotations.csv` with columns `day`, `lane` (a lane key, or empty for
the whole figure) and `text`. The page keeps a person's notes in their browser and can save
them back to that file; the loader and the command-line export read it.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from components.cases.files import Modes, not_written, read_bytes, utf8_text
from components.model.csv_text import csv_rows, read_csv_table
from components.model.problems import CaseFileError, Problem, spreadsheet_row

ANNOTATIONS_FILE_NAME = "annotations.csv"
NOTE_COLUMNS = ("day", "lane", "text")
MAX_NOTE_LENGTH = 120
MAX_NOTES = 50
#: An annotations.csv of MAX_NOTES notes is a few KB; far more is not a notes file.
MAX_NOTES_BYTES = 64 * 1024
#: A day is a whole number of at most this many digits (Python refuses to read a number of
#: thousands of digits, and no course of treatment is a hundred thousand days long).
MAX_DAY_DIGITS = 5
#: A save that replaces notes saved less than this long ago says so: two people saving the
#: same case at once would otherwise both be told "Saved" while one lost their notes.
RECENT_SAVE_S = 60.0
#: A lane key's shape; which lanes exist is the figures' registry, where a note on a lane
#: not drawn stands over the whole figure.
LANE_KEY = re.compile(r"^[a-z][a-z0-9-]{0,31}\Z")


@dataclass(frozen=True)
class Note:
    day: int
    text: str
    lane: str = ""

    def as_dict(self) -> dict:
        return {"day": self.day, "lane": self.lane, "text": self.text}


def note_problems(
    day: object, text: object, lane: object, file: str, row: int | None
) -> list[Problem]:
    """What is wrong with one note, if anything; used for the file and for the page's form."""
    problems = []
    digits = str(day).strip().removeprefix("-").removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= MAX_DAY_DIGITS):
        found = str(day or "") if len(str(day or "")) <= 40 else f"a number of {len(digits)} digits"
        expected = f"a whole number of days (at most {MAX_DAY_DIGITS} digits)"
        problems.append(Problem(file, row, "day", found, expected))
    text = str(text or "").strip()
    if not text or len(text) > MAX_NOTE_LENGTH:
        problems.append(
            Problem(file, row, "text", text[:40], f"a note of 1 to {MAX_NOTE_LENGTH} characters")
        )
    if lane and not LANE_KEY.match(str(lane)):
        problems.append(Problem(file, row, "lane", str(lane), "empty or a lane key, e.g. drugs"))
    return problems


def make_note(day: object, text: object, lane: object = "", file: str = "note") -> Note:
    problems = note_problems(day, text, lane or "", file, None)
    if problems:
        raise CaseFileError(problems)
    return Note(int(str(day).strip()), str(text).strip(), str(lane or ""))


def read_notes(path: Path) -> list[Note]:
    """The notes of a case folder's annotations.csv; none when there is no such file.

    CaseFileError for anything else than UTF-8 text of valid notes (`files.read_bytes`)."""
    try:
        text = utf8_text(read_bytes(path, MAX_NOTES_BYTES), path.name)
    except FileNotFoundError:
        return []
    file = path.name
    # The project's one reader: its budget, and a row of more cells than the header named.
    rows = read_csv_table(text, file).to_dict("records")
    missing = [c for c in NOTE_COLUMNS if c != "lane" and c not in (rows[0] if rows else {})]
    if rows and missing:
        raise CaseFileError([Problem(file, 1, c, "", f"a column named '{c}'") for c in missing])
    problems, notes = [], []
    for index, row in enumerate(rows[: MAX_NOTES + 1]):
        found = note_problems(
            row.get("day"), row.get("text"), row.get("lane", ""), file, spreadsheet_row(index)
        )
        problems += found
        if not found:
            notes.append(Note(int(row["day"]), row["text"].strip(), row.get("lane") or ""))
    if len(rows) > MAX_NOTES:
        problems.append(Problem(file, None, None, f"{len(rows)} notes", f"at most {MAX_NOTES}"))
    if problems:
        raise CaseFileError(problems)
    return notes


def notes_csv(notes: list[Note]) -> str:
    """annotations.csv's text; a note starting like a formula is written as text (`csv_rows`)."""
    return csv_rows((note.as_dict() for note in notes), NOTE_COLUMNS)


@dataclass(frozen=True)
class SavedNotes:
    """Where notes were saved, and how long before other notes were saved in their place
    (None when the file replaced was older than RECENT_SAVE_S, the same, or absent)."""

    path: Path
    replaced_age_s: float | None = None


def save_notes(folder: Path, notes: list[Note], modes: Modes | None = None) -> SavedNotes:
    """Write annotations.csv atomically: a reader sees the old file or the new, never half.

    Saves of one folder take turns (a lock on the folder), so each one knows the file it
    replaced; CaseFileError when the disk is full or the folder cannot be written."""
    target, text = folder / ANNOTATIONS_FILE_NAME, notes_csv(notes)
    try:
        return _replace_notes(folder, target, text, modes or Modes.from_env())
    except OSError as error:
        raise not_written(ANNOTATIONS_FILE_NAME, error) from error


def _replace_notes(folder: Path, target: Path, text: str, modes: Modes) -> SavedNotes:
    lock = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        replaced = _recent_other(target, text)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".annotations-", suffix=".csv")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.chmod(temporary, modes.file)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    finally:
        os.close(lock)
    return SavedNotes(target, replaced)


def _recent_other(target: Path, text: str) -> float | None:
    """How long ago other notes than `text` were saved at `target`, when moments ago."""
    try:
        age = time.time() - target.stat().st_mtime
        before = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return max(age, 0.0) if age < RECENT_SAVE_S and before != text else None


def checked_notes(
    items: object, days: tuple[int, int], lanes: Collection[str], file: str = "notes"
) -> list[Note]:
    """Notes as a browser sent them, checked before anything is written: each as a row of
    annotations.csv is (day, text, lane key), its day within the case's course and its lane
    one that exists. CaseFileError lists every problem (row N is the Nth note)."""
    if items is None:
        items = []
    if not isinstance(items, list):
        raise CaseFileError([Problem(file, None, None, type(items).__name__, "a list of notes")])
    problems: list[Problem] = []
    if len(items) > MAX_NOTES:
        problems.append(Problem(file, None, None, f"{len(items)} notes", f"at most {MAX_NOTES}"))
    notes = []
    for row, item in enumerate(items[: MAX_NOTES + 1], start=1):
        if not isinstance(item, dict):
            problems.append(Problem(file, row, None, type(item).__name__, "a note"))
            continue
        day, text, lane = item.get("day"), item.get("text"), item.get("lane") or ""
        found = note_problems(day, text, lane, file, row)
        if not found:
            note = make_note(day, text, lane, file)
            if not days[0] <= note.day <= days[1]:
                expected = f"a day of the case's course, {days[0]} to {days[1]}"
                found.append(Problem(file, row, "day", str(note.day), expected))
            if note.lane and note.lane not in lanes:
                expected = "empty or one of: " + ", ".join(lanes)
                found.append(Problem(file, row, "lane", note.lane, expected))
            notes.append(note)
        problems += found
    if problems:
        raise CaseFileError(problems)
    return notes


def notes_from_store(items: list[dict] | None) -> list[Note]:
    """Notes as the browser keeps them (dicts); anything malformed is dropped."""
    notes = []
    for item in items or []:
        try:
            notes.append(make_note(item.get("day"), item.get("text"), item.get("lane", "")))
        except (CaseFileError, AttributeError):
            continue
    return notes[:MAX_NOTES]
