"""Marks and hover text shared by every lane and insight figure.

Every mark carries `customdata` whose first element is its event id (the event table's index),
so a click on the figure finds the row, and a hover that says the day, the value with its unit,
the detail, the source and whether the value is reported or derived. Text from a case goes
through `figures.text.plain_text` here: plotly reads a subset of HTML in labels.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.clinical.phases import last_days
from components.figures.text import plain_text
from components.figures.theme import Theme
from components.model.columns import DERIVED, Col
from components.model.formatting import attributed, day_text, value_text

HOVER_WRAP = 70  # characters per hover line


def hover_template(theme: Theme) -> str:
    """What · when, then value and detail lines, then source and basis in muted text."""
    return (
        "<b>%{customdata[1]}</b>, %{customdata[2]}<br>%{customdata[3]}"
        f"<span style='color:{theme.muted_text_color}'>"
        "%{customdata[4]} · %{customdata[5]}</span><extra></extra>"
    )


def hover_lines(*parts: str) -> str:
    """Hover lines, each wrapped and ending in a break; empty parts leave no blank line."""
    lines = [
        wrapped
        for part in parts
        for line in part.split("\n")
        if line
        for wrapped in textwrap.wrap(plain_text(line), HOVER_WRAP)
    ]
    return "".join(f"{line}<br>" for line in lines)


def hover_data(
    rows: pd.DataFrame, values: Iterable[str], titles: Iterable[str] | None = None
) -> list[list]:
    """customdata per row: [event id, title, days, value and detail lines, source, basis]; a
    finding attributed to another cause says so under its detail."""
    titles = rows[Col.ITEM] if titles is None else titles
    attributions = rows[Col.ATTRIBUTION] if Col.ATTRIBUTION in rows else [""] * len(rows)
    details = [
        attributed(detail, why) for detail, why in zip(rows[Col.DETAIL], attributions, strict=True)
    ]
    return [
        [
            int(event_id),
            plain_text(title),
            day_text(day, end),
            hover_lines(value, detail),
            plain_text(s),
            b,
        ]
        for event_id, title, day, end, value, detail, s, b in zip(
            rows.index,
            titles,
            rows[Col.DAY],
            rows[Col.END_DAY],
            values,
            details,
            rows[Col.SOURCE],
            rows[Col.BASIS],
            strict=True,
        )
    ]


def value_texts(rows: pd.DataFrame, prefix: str = "") -> list[str]:
    """'0.37 g/L', 'ICE 0–2', '<7 10^6/L' for each row."""
    texts = (
        value_text(v, m, u)
        for v, m, u in zip(rows[Col.VALUE], rows[Col.VALUE_MAX], rows[Col.UNIT], strict=True)
    )
    return [f"{prefix}{t}" if t else "" for t in texts]


def is_derived(rows: pd.DataFrame) -> np.ndarray:
    return (rows[Col.BASIS] == DERIVED).to_numpy()


def day_bounds(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of each row as floats."""
    return rows[Col.DAY].to_numpy(float), last_days(rows).to_numpy(float)


def centres(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The middle of each event and half its length: a span covers day - 0.5 to end + 0.5."""
    first, last = day_bounds(rows)
    length = np.where(rows[Col.END_DAY].isna().to_numpy(), 0.0, last - first + 1)
    return (first + last) / 2, length / 2


def measured(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Where a value sits and half its range: 'a–b' at the middle, '<b' at b."""
    low = rows[Col.VALUE].to_numpy(float)
    high = rows[Col.VALUE_MAX].to_numpy(float)
    high = np.where(np.isnan(high), low, high)
    low = np.where(np.isnan(low), high, low)
    return (low + high) / 2, (high - low) / 2


def mark_symbols(rows: pd.DataFrame, base: str | Sequence[str], theme: Theme) -> list[str]:
    bases = [base] * len(rows) if isinstance(base, str) else list(base)
    return [
        s + theme.derived_symbol_suffix if derived else s
        for s, derived in zip(bases, is_derived(rows), strict=True)
    ]


def hatch_patterns(rows: pd.DataFrame, theme: Theme) -> list[str]:
    return [theme.derived_pattern if d else "" for d in is_derived(rows)]


def value_series(
    rows: pd.DataFrame,
    name: str,
    color: str,
    theme: Theme,
    values: list[str],
    labels: Sequence[str] | None = None,
) -> go.Scatter:
    """A measured series: points joined by lines, ranges as vertical and spans as horizontal
    error bars, derived points as open markers."""
    x, half_length = centres(rows)
    y, half_range = measured(rows)
    error = {"type": "data", "color": color, "thickness": theme.line_width, "width": 0}
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines+markers+text" if labels is not None else "lines+markers",
        text=labels,
        textposition="top center",
        textfont={"color": color, "size": theme.small_font_size},
        line={"color": color, "width": theme.line_width},
        marker={
            "color": color,
            "size": theme.marker_size,
            "symbol": mark_symbols(rows, "circle", theme),
            "line": {"color": color, "width": theme.line_width},
        },
        error_x={**error, "array": half_length},
        error_y={**error, "array": half_range},
        cliponaxis=False,
        customdata=hover_data(rows, values),
        hovertemplate=hover_template(theme),
    )
