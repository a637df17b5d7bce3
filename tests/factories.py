"""Small event tables built in code for the unit tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from components.cases.case import finish_event_table
from components.model.columns import EVENT_COLUMNS
from components.model.schema import validate_event_table

#: The bundled case, transcribed from the paper: its folder.
SEED_CASE = Path(__file__).resolve().parent.parent / "data" / "cases" / "axicel-relapsing-icans"


def text_table(*rows: dict) -> pd.DataFrame:
    """A table as read from a file: every cell text, missing cells empty."""
    return pd.DataFrame(
        [{name: str(row.get(name, "")) for name in EVENT_COLUMNS} for row in rows],
        columns=list(EVENT_COLUMNS),
    )


def event(day, category, item, value="", **cells) -> dict:
    """One row with the usual defaults: reported, source 'Test'."""
    row = {"day": day, "category": category, "item": item, "value": value}
    row.setdefault("source", "Test")
    row.setdefault("basis", "reported")
    row.update(cells)
    return row


def events(*rows: dict) -> pd.DataFrame:
    """A typed event table, as the loader returns it (derived grades included)."""
    return finish_event_table(validate_event_table(text_table(*rows), "test.csv"))
