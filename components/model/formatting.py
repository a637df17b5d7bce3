"""How an event reads as text: its days, its value with unit, and a table row."""

from __future__ import annotations

import math

import pandas as pd

from components.model.columns import FILE_ROW, Col


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def span_text(day: int, end_day) -> str:
    """'7' or '15–19'."""
    if _is_missing(end_day) or int(end_day) == int(day):
        return str(int(day))
    return f"{int(day)}–{int(end_day)}"


def day_text(day: int, end_day) -> str:
    """'day 7' or 'days 15–19'."""
    single = _is_missing(end_day) or int(end_day) == int(day)
    return f"day{'' if single else 's'} {span_text(day, end_day)}"


def number_text(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def value_text(value, value_max, unit: str) -> str:
    """'0.37 g/L', '0–2', '<7 10^6/L' (no value, an upper limit), or '' when there is none."""
    unit = f" {unit}" if unit else ""
    if _is_missing(value) and _is_missing(value_max):
        return ""
    if _is_missing(value):
        return f"<{number_text(value_max)}{unit}"
    if _is_missing(value_max) or value_max == value:
        return f"{number_text(value)}{unit}"
    return f"{number_text(value)}–{number_text(value_max)}{unit}"


def attributed(detail: str, attribution: str) -> str:
    """A detail with the other cause a finding is attributed to, which keeps it ungraded."""
    if not attribution:
        return detail
    said = f"Attributed to {attribution}: not graded as CRS or ICANS"
    return f"{detail}. {said}" if detail else said


def event_rows(events: pd.DataFrame) -> list[dict]:
    """Rows for the event browser; `event_id` is the event table's index."""
    return [
        {
            "event_id": str(index),
            "day": int(row[Col.DAY]),
            "end_day": int(row[Col.DAY] if _is_missing(row[Col.END_DAY]) else row[Col.END_DAY]),
            "days": span_text(row[Col.DAY], row[Col.END_DAY]),
            "category": str(row[Col.CATEGORY]),
            "item": row[Col.ITEM],
            "value": value_text(row[Col.VALUE], row[Col.VALUE_MAX], row[Col.UNIT]),
            "dosing": " ".join(p for p in (row[Col.ROUTE], row[Col.FREQUENCY]) if p),
            "detail": attributed(row[Col.DETAIL], row.get(Col.ATTRIBUTION, "")),
            "source": row[Col.SOURCE],
            "basis": row[Col.BASIS],
            "file_row": None if _is_missing(row[FILE_ROW]) else int(row[FILE_ROW]),
        }
        for index, row in events.iterrows()
    ]
