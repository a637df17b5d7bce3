"""A one-sentence caption of what a day range shows, computed from the events.

"Days 40-50: ICANS grade 4 on day 41; intrathecal chemotherapy on days 45 and 47; GCS from 3
to 8." Every export carries it, so a slide says what it shows without retyping.
"""

from __future__ import annotations

import pandas as pd

from components.clinical.phases import grade_rows, in_day_range, intrathecal_days
from components.model.columns import DERIVED, Col
from components.model.formatting import day_text, value_text


def _days_list(days: list[int]) -> str:
    if len(days) == 1:
        return f"day {days[0]}"
    return f"days {', '.join(map(str, days[:-1]))} and {days[-1]}"


def _peak_grade(events: pd.DataFrame, syndrome: str) -> str | None:
    """'ICANS grade 4 on day 41 (derived on day 45)': reported days first."""
    rows = grade_rows(events, syndrome)
    if rows.empty:
        return None
    top = rows[rows[Col.VALUE] == rows[Col.VALUE].max()]
    grade = int(top[Col.VALUE].iloc[0])
    reported = sorted({int(d) for d in top.loc[top[Col.BASIS] != DERIVED, Col.DAY]})
    derived = sorted({int(d) for d in top.loc[top[Col.BASIS] == DERIVED, Col.DAY]})
    if not reported:
        return f"{syndrome} grade at least {grade} on {_days_list(derived)} (derived)"
    also = f" (derived on {_days_list(derived)})" if derived else ""
    return f"{syndrome} grade {grade} on {_days_list(reported)}{also}"


def _score_course(events: pd.DataFrame, item: str, days: tuple[int, int]) -> str | None:
    """'GCS from 3 (day 41) to 11 (days 49–88)', over the readings that start in the range."""
    rows = events[
        (events[Col.CATEGORY] == "score")
        & (events[Col.ITEM] == item)
        & events[Col.DAY].between(*days)
    ]
    if len(rows) < 2:
        return None

    def reading(row: pd.Series) -> str:
        value = value_text(row[Col.VALUE], row[Col.VALUE_MAX], "")
        return f"{value} ({day_text(row[Col.DAY], row[Col.END_DAY])})"

    return f"{item} from {reading(rows.iloc[0])} to {reading(rows.iloc[-1])}"


def range_caption(events: pd.DataFrame, days: tuple[int, int]) -> str:
    visible = in_day_range(events, days)
    parts = [p for p in (_peak_grade(visible, "ICANS"), _peak_grade(visible, "CRS")) if p]
    it_days = intrathecal_days(visible)
    if it_days:
        parts.append(f"intrathecal chemotherapy on {_days_list(it_days)}")
    parts += [p for p in (_score_course(visible, item, days) for item in ("GCS", "ICE")) if p]
    body = "; ".join(parts) if parts else "no graded toxicity or scores recorded"
    return f"Days {days[0]} to {days[1]}: {body}."
