"""Lanes for every other measure a case records: the labs beyond CRP and ferritin as small
multiples (a strip per lab, on its own scale and unit, with its reference range where the case
gives one), the vital signs that grade CRS (temperature with the 38.0 °C line, systolic pressure
with the 90 mmHg line, SpO2, oxygen flow), and the symptoms (a row each).

A strip maps its values onto its own band of the lane's axis: strip k (from the top) spans
[k, k + 1) and its values fill the middle of it, so strips on different scales share one lane
and each keeps its own numbers in the hover, the tick labels and its peak label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.lanes.clinical import INFLAMMATION_LABS
from components.figures.lanes.lane import Axis, Band, Lane
from components.figures.lanes.rows import SEIZURE, row_marks_lane
from components.figures.marks import hover_data, hover_template, mark_symbols, measured, value_texts
from components.figures.text import plain_text
from components.figures.theme import Theme
from components.model.formatting import number_text
from components.model.schema import Col

STRIP_FILL = (0.15, 0.65)  # the part of its band a strip's values take: room for peak labels
STRIP_ROWS = 2.2  # a strip's height in rows of a row lane
#: Where a case's row gives a reference range: 'ref. 0-7', 'reference range 150–400', 'ref <5'.
REFERENCE = re.compile(
    r"\bref(?:erence)?(?: range)?\.?:?\s*(?P<low>[<>]?\s*[\d.]+)\s*(?:[-–]\s*(?P<high>[\d.]+))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Threshold:
    """A line a strip carries: the value that grades it (fever, hypotension)."""

    value: float
    label: str


#: ASTCT 2019 CRS consensus grading (Lee et al., Biol Blood Marrow Transplant 2019, Table 3):
#: fever is a temperature of 38.0 °C or more; hypotension needs treatment, shown against the
#: 90 mmHg systolic line clinicians read it by.
VITAL_THRESHOLDS = {
    "Temperature": Threshold(38.0, "fever ≥38.0 °C"),
    "Systolic blood pressure": Threshold(90.0, "systolic 90 mmHg"),
}
VITAL_ORDER = (
    "Temperature",
    "Systolic blood pressure",
    "Diastolic blood pressure",
    "SpO2",
    "Oxygen",
)
OXYGEN_ITEM = "Oxygen"
#: Shorter strip labels for the long names of vital signs: the labels share the lanes' margin.
SHORT_NAMES = {"Systolic blood pressure": "Systolic BP", "Diastolic blood pressure": "Diastolic BP"}


def reference_range(rows: pd.DataFrame) -> tuple[float | None, float | None]:
    """The reference range a lab's rows state in their detail, as (low, high); (None, None)
    when none does. '<5' is (None, 5); '>60' is (60, None)."""
    for detail in rows[Col.DETAIL].dropna().astype(str):
        found = REFERENCE.search(detail)
        if not found:
            continue
        low_text, high = found["low"].replace(" ", ""), found["high"]
        if high is not None:
            return float(low_text.lstrip("<>")), float(high)
        if low_text.startswith("<"):
            return None, float(low_text[1:])
        if low_text.startswith(">"):
            return float(low_text[1:]), None
    return None, None


def _reference_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"ref. {number_text(low)}–{number_text(high)}"
    if high is not None:
        return f"ref. <{number_text(high)}"
    return f"ref. >{number_text(low)}" if low is not None else ""


@dataclass(frozen=True)
class Strip:
    """One measure in a small-multiples lane: its rows, name, colour and lines."""

    item: str
    rows: pd.DataFrame
    color: str
    reference: tuple[float | None, float | None] = (None, None)
    threshold: Threshold | None = None

    def scale(self) -> tuple[float, float]:
        """The values, reference and threshold, with room around them."""
        middle, half = measured(self.rows)
        values = [*(middle - half), *(middle + half)]
        values += [v for v in (*self.reference, self.threshold and self.threshold.value) if v]
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
        return low - pad, high + pad


def _place(value: np.ndarray | float, scale: tuple[float, float], band: int) -> np.ndarray:
    low, high = scale
    fill_low, fill_high = STRIP_FILL
    return (
        band + fill_low + (np.asarray(value, float) - low) / (high - low) * (fill_high - fill_low)
    )


def _strip_traces(strip: Strip, band: int, theme: Theme) -> tuple[list, list[Band]]:
    """The strip's series (points joined, ranges as error bars) with its peak labelled, and its
    reference range and threshold as bands on its part of the axis."""
    scale = strip.scale()
    middle, half = measured(strip.rows)
    unit = next((u for u in strip.rows[Col.UNIT] if u), "")
    peak = int(np.nanargmax(middle)) if np.isfinite(middle).any() else None
    labels = [
        plain_text(f"{number_text(v)} {unit}".strip()) if i == peak else ""
        for i, v in enumerate(middle)
    ]
    ends = strip.rows[Col.END_DAY].notna().to_numpy()
    first, last = strip.rows[Col.DAY].to_numpy(float), strip.rows[Col.END_DAY].to_numpy(float)
    last = np.where(ends, last, first)
    error = {"type": "data", "color": strip.color, "thickness": theme.line_width, "width": 0}
    trace = go.Scatter(
        x=(first + last) / 2,
        y=_place(middle, scale, band),
        name=plain_text(f"{strip.item} ({unit})" if unit else strip.item),
        showlegend=False,
        mode="lines+markers+text",
        text=labels,
        textposition="top center",
        textfont={"color": strip.color, "size": theme.small_font_size},
        line={"color": strip.color, "width": theme.line_width},
        marker={
            "color": strip.color,
            "size": theme.marker_size,
            "symbol": mark_symbols(strip.rows, "circle", theme),
            "line": {"color": strip.color, "width": theme.line_width},
        },
        error_x={**error, "array": np.where(ends, (last - first + 1) / 2, 0.0)},
        error_y={**error, "array": half * (STRIP_FILL[1] - STRIP_FILL[0]) / (scale[1] - scale[0])},
        cliponaxis=False,
        customdata=hover_data(strip.rows, value_texts(strip.rows)),
        hovertemplate=hover_template(theme),
    )
    bands = []
    low, high = strip.reference
    if low is not None or high is not None:
        y0 = _place(low if low is not None else scale[0], scale, band)
        y1 = _place(high if high is not None else scale[1], scale, band)
        bands.append(Band(float(y0), float(y1), theme.reference_band_color, f"{strip.item} ref."))
    if strip.threshold is not None:
        y = float(_place(strip.threshold.value, scale, band))
        bands.append(Band(y, y, theme.guide_color, strip.threshold.label, line=True))
    return [trace], bands


def strip_label(strip: Strip) -> str:
    unit = next((u for u in strip.rows[Col.UNIT] if u), "")
    reference = _reference_text(*strip.reference)
    name = SHORT_NAMES.get(strip.item, strip.item)
    return " ".join(p for p in (name, f"({unit})" if unit else "", reference) if p)


def small_multiples(strips: list[Strip], theme: Theme, note: str = "") -> Lane | None:
    """A lane of strips, the first on top; `note` says what its lines mean."""
    if not strips:
        return None
    traces, bands = [], []
    count = len(strips)
    for position, strip in enumerate(strips):
        band = count - 1 - position
        strip_traces, strip_bands = _strip_traces(strip, band, theme)
        traces += strip_traces
        bands += strip_bands
    return Lane(
        traces=tuple(traces),
        y=Axis(
            note,
            range=(0.0, float(count)),
            tickvals=tuple(count - 1 - p + 0.5 for p in range(count)),
            ticktext=tuple(strip_label(s) for s in strips),
            keep_ticks=True,
        ),
        bands=tuple(bands),
        height=theme.row_height * STRIP_ROWS * count,
    )


def _palette(theme: Theme) -> list[str]:
    return list(dict.fromkeys(theme.drug_class_colors.values()))


def _measured_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows[Col.VALUE].notna() | rows[Col.VALUE_MAX].notna()]


def other_labs(events: pd.DataFrame) -> pd.DataFrame:
    """Lab values other than CRP and ferritin (those have their own lane)."""
    labs = events[(events[Col.CATEGORY] == "lab") & ~events[Col.ITEM].isin(INFLAMMATION_LABS)]
    return _measured_rows(labs)


def other_labs_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    labs = other_labs(events)
    colors = _palette(theme)
    strips = [
        Strip(item, rows, colors[i % len(colors)], reference_range(rows))
        for i, (item, rows) in enumerate(labs.groupby(Col.ITEM, sort=False, observed=True))
    ]
    return small_multiples(strips, theme, "each on its own scale")


def vital_signs(events: pd.DataFrame) -> pd.DataFrame:
    """Vital signs with a value, and oxygen flow (a status row with litres a minute)."""
    kinds, items = events[Col.CATEGORY], events[Col.ITEM]
    return _measured_rows(
        events[(kinds == "vital") | ((kinds == "status") & (items == OXYGEN_ITEM))]
    )


def vitals_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    vitals = vital_signs(events)
    items = list(dict.fromkeys(vitals[Col.ITEM]))
    ordered = [i for i in VITAL_ORDER if i in items] + [i for i in items if i not in VITAL_ORDER]
    colors = _palette(theme)
    strips = [
        Strip(
            item,
            vitals[vitals[Col.ITEM] == item],
            colors[n % len(colors)],
            threshold=VITAL_THRESHOLDS.get(item),
        )
        for n, item in enumerate(ordered)
    ]
    lines = [VITAL_THRESHOLDS[i].label for i in ordered if i in VITAL_THRESHOLDS]
    return small_multiples(strips, theme, f"dashed: {', '.join(lines)}" if lines else "")


def symptoms(events: pd.DataFrame) -> pd.DataFrame:
    """Symptoms other than seizures (those are marked in the care lane)."""
    return events[(events[Col.CATEGORY] == "symptom") & (events[Col.ITEM] != SEIZURE)]


def symptom_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    rows = symptoms(events)
    if rows.empty:
        return None
    return row_marks_lane(rows, theme.care_colors["symptom"], "symptom", "star", theme)
