"""Presenter's notes: short text pinned to a day (and optionally a lane), on the figure and in
every export.

A case folder may hold `annotations.csv` with columns `day`, `lane` (a lane key, or empty for
the whole figure) and `text`. The page keeps a person's notes in their browser and can save
them back to that file; the loader and the command-line export read it.
"""

from __future__ import annotations

import csv
import html
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from components.lanes import LANES
from components.schema import CaseFileError, Problem, spreadsheet_row
from components.theme import Theme

ANNOTATIONS_FILE_NAME = "annotations.csv"
NOTE_COLUMNS = ("day", "lane", "text")
MAX_NOTE_LENGTH = 120
MAX_NOTES = 50
NOTE_RISE_PX = 34  # how far above its day a note's label stands


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
    try:
        ok_day = str(day).strip().lstrip("+-").isdigit()
    except (TypeError, ValueError):
        ok_day = False
    if not ok_day:
        problems.append(Problem(file, row, "day", str(day or ""), "a whole number of days"))
    text = str(text or "").strip()
    if not text or len(text) > MAX_NOTE_LENGTH:
        problems.append(
            Problem(file, row, "text", text[:40], f"a note of 1 to {MAX_NOTE_LENGTH} characters")
        )
    if lane and lane not in LANES:
        problems.append(
            Problem(file, row, "lane", str(lane), "empty or one of: " + ", ".join(LANES))
        )
    return problems


def make_note(day: object, text: object, lane: object = "", file: str = "note") -> Note:
    problems = note_problems(day, text, lane or "", file, None)
    if problems:
        raise CaseFileError(problems)
    return Note(int(str(day).strip()), str(text).strip(), str(lane or ""))


def read_notes(path: Path) -> list[Note]:
    """The notes of a case folder's annotations.csv; none when there is no such file."""
    if not path.is_file():
        return []
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    file = path.name
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
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=NOTE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(note.as_dict() for note in notes)
    return buffer.getvalue()


def save_notes(folder: Path, notes: list[Note]) -> Path:
    """Write annotations.csv atomically: a reader sees the old file or the new, never half."""
    target = folder / ANNOTATIONS_FILE_NAME
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".annotations-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(notes_csv(notes))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def notes_from_store(items: list[dict] | None) -> list[Note]:
    """Notes as the browser keeps them (dicts); anything malformed is dropped."""
    notes = []
    for item in items or []:
        try:
            notes.append(make_note(item.get("day"), item.get("text"), item.get("lane", "")))
        except (CaseFileError, AttributeError):
            continue
    return notes[:MAX_NOTES]


def add_notes(figure: go.Figure, notes: list[Note], theme: Theme) -> go.Figure:
    """Each note as a labelled arrow at its day, on its lane when that lane is shown.

    The text is escaped: plotly reads a subset of HTML in annotations, and a note is a
    person's words, never markup.
    """
    lane_axes = (figure.layout.meta or {}).get("lane_axes", {})
    for note in notes:
        axis = lane_axes.get(note.lane)
        figure.add_annotation(
            x=note.day,
            xref="x",
            y=1,
            yref=f"{axis} domain" if axis else "paper",
            text=html.escape(note.text),
            showarrow=True,
            arrowhead=2,
            arrowcolor=theme.guide_color,
            ax=0,
            ay=-NOTE_RISE_PX,
            bgcolor=theme.background,
            bordercolor=theme.guide_color,
            borderpad=3,
            font={"size": theme.small_font_size, "color": theme.text_color},
            name="presenter-note",
        )
    return figure
