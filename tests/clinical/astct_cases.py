"""Reading one syndrome on one day of a small case, as `case-timeline grades` reports it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from factories import event, events

from components.clinical.grading import grade_check
from components.model.astct_cells import CELLS, Cell


@dataclass(frozen=True)
class Graded:
    """One row of the grade check: None for an empty cell."""

    reported: int | None
    derived: int | None
    at_least: bool
    criterion: str
    check: str


def graded(*rows: dict, syndrome: str, day: int = 1) -> Graded | None:
    """The grade check of `syndrome` on `day`, or None where the case gives it no row."""
    check = grade_check(events(*rows))
    found = check[(check["day"] == day) & (check["syndrome"] == syndrome)]
    if found.empty:
        return None
    assert len(found) == 1, found
    row = found.iloc[0]
    return Graded(
        None if pd.isna(row["reported"]) else int(row["reported"]),
        None if pd.isna(row["derived"]) else int(row["derived"]),
        bool(row["at_least"]),
        row["criterion"],
        row["check"],
    )


def symptom(item: str, detail: str = "", day: str = "1", **cells) -> dict:
    return event(day, "symptom", item, detail=detail, **cells)


def ice(value: str, day: str = "1", **cells) -> dict:
    return event(day, "score", "ICE", value, **cells)


def gcs(detail: str, total: str, day: str = "1", **cells) -> dict:
    return event(day, "score", "GCS", total, detail=detail, **cells)


def temperature(value: str, day: str = "1", **cells) -> dict:
    return event(day, "vital", "Temperature", value, unit="°C", **cells)


def systolic(value: str, day: str = "1") -> dict:
    return event(day, "vital", "Systolic blood pressure", value, unit="mmHg")


def oxygen(flow: str = "", detail: str = "", day: str = "1", item: str = "Oxygen", **cells) -> dict:
    unit = "L/min" if flow else ""
    return event(day, "status", item, flow, unit=unit, detail=detail, **cells)


def drug(item: str, day: str = "1", **cells) -> dict:
    return event(day, "drug", item, **cells)


def assert_cell(cell: Cell, rows: list[dict], grade: int) -> None:
    """A case written for one cell of a table comes out at the cell's grade, named."""
    assert grade == cell.grade
    result = graded(*rows, syndrome=cell.syndrome)
    assert (result.derived, result.check) == (grade, "derived only")
    assert str(cell) in result.criterion


def graded_cells(syndrome: str) -> set[Cell]:
    """Every cell of a syndrome's table that gives a grade (footnotes aside)."""
    return {c for c in CELLS if c.syndrome == syndrome and c.grade is not None}
