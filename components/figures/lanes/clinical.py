"""Lanes of measured clinical state: the ASTCT grades, the neurological scores, the
inflammation markers and the cerebrospinal fluid. One pure builder per lane; the registry
(`figures.lanes.registry`) names, titles and orders them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.clinical.phases import grade_rows
from components.figures.lanes.lane import Axis, Band, Lane
from components.figures.marks import (
    centres,
    day_bounds,
    hatch_patterns,
    hover_data,
    hover_template,
    is_derived,
    value_series,
    value_texts,
)
from components.figures.text import plain_text
from components.figures.theme import Theme
from components.model.columns import SCORE_SCALES, Col
from components.model.formatting import number_text


@dataclass(frozen=True)
class ReferenceRange:
    low: float | None
    high: float
    unit: str


#: Typical adult reference limits, not taken from the case's source: a faint band for orientation.
INFLAMMATION_LABS: dict[str, ReferenceRange] = {
    "CRP": ReferenceRange(None, 5.0, "mg/L"),
    "Ferritin": ReferenceRange(30.0, 400.0, "ug/L"),
}

CSF_PROTEIN = "CSF total protein"
CSF_CAR_T = "CSF CAR T-cells"
#: The CSF lane's right axis runs to 100 % with a strip above it for the other CSF results.
CSF_PERCENT_RANGE = (0.0, 125.0)
CSF_OTHER_Y = 115.0

GRADE_AXIS_TOP = 6.0  # room above grade 4 for its number, at the least lane height
SCORE_AXIS_PAD = 0.08  # fraction of the scale left free above and below a fixed score scale
#: Free room on the log axis below the lowest value and above the highest (for its label).
LOG_AXIS_BELOW, LOG_AXIS_ABOVE = 2.5, 6.0


# 1. ASTCT grades.


def _grade_lane(events: pd.DataFrame, theme: Theme, syndrome: str) -> Lane | None:
    rows = grade_rows(events, syndrome)
    if rows.empty:
        return None
    grades = rows[Col.VALUE].astype(int).to_numpy()
    derived = is_derived(rows)
    first, last = day_bounds(rows)
    colors = [theme.grade_colors[g] for g in grades]
    values = [
        f"At least grade {g} (derived)" if d else f"Grade {g}"
        for g, d in zip(grades, derived, strict=True)
    ]
    bars = go.Bar(
        x=(first + last) / 2,
        y=grades,
        width=last - first + 1,
        name=f"{syndrome} grade",
        showlegend=False,
        marker={
            "color": colors,
            "line": {"color": theme.muted_text_color, "width": 0.8},
            # Derived bars are hatch only, in the grade's colour on white: a lower bound looks
            # lighter than a reported grade. ("overlay" would fill them too, but plotly.js cannot
            # pick a hatch contrast for per-bar colours and warns in the browser console.)
            "pattern": {
                "shape": hatch_patterns(rows, theme),
                "fillmode": "replace",
                "solidity": 0.5,
            },
        },
        text=[f"≥{g}" if d else str(g) for g, d in zip(grades, derived, strict=True)],
        textposition="outside",
        constraintext="inside",
        textfont={"color": theme.text_color, "size": theme.small_font_size},
        cliponaxis=False,
        customdata=hover_data(rows, values, [f"{syndrome} grade"] * len(rows)),
        hovertemplate=hover_template(theme),
    )
    return Lane(
        traces=(bars,),
        y=Axis("", range=(0, GRADE_AXIS_TOP), tickvals=tuple(range(0, 5, theme.grade_tick_step))),
        height=theme.grade_lane_height,
    )


def crs_grades(events: pd.DataFrame) -> pd.DataFrame:
    return grade_rows(events, "CRS")


def icans_grades(events: pd.DataFrame) -> pd.DataFrame:
    return grade_rows(events, "ICANS")


def crs_grade_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    return _grade_lane(events, theme, "CRS")


def icans_grade_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    return _grade_lane(events, theme, "ICANS")


# ---------------------------------------------------------------------------------------------
# 2. ICE and GCS.


def _score_axis(item: str, theme: Theme) -> Axis:
    low, high = SCORE_SCALES[item]
    pad = (high - low) * SCORE_AXIS_PAD
    return Axis(
        f"{item} ({low}–{high})",
        range=(low - pad, high + pad),
        tickvals=(low, (low + high) / 2, high),
        color=theme.series_colors[item],
    )


def neuro_scores(events: pd.DataFrame) -> pd.DataFrame:
    """The scores with a fixed scale (ICE, GCS)."""
    return events[(events[Col.CATEGORY] == "score") & events[Col.ITEM].isin(SCORE_SCALES)]


def neuro_score_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """ICE on the left axis, GCS on the right; both scales fixed and padded alike, so their
    lowest, middle and highest values share grid lines."""
    scores = neuro_scores(events)
    present = [item for item in SCORE_SCALES if (scores[Col.ITEM] == item).any()]
    if not present:
        return None
    traces = []
    for item in present:
        rows = scores[scores[Col.ITEM] == item]
        low, high = SCORE_SCALES[item]
        traces.append(
            value_series(
                rows,
                f"{item} ({low}–{high})",
                theme.series_colors[item],
                theme,
                value_texts(rows, f"{item} "),
            )
        )
    return Lane(
        traces=tuple(traces[:1]),
        secondary_traces=tuple(traces[1:]),
        y=_score_axis(present[0], theme),
        y2=_score_axis(present[1], theme) if len(present) > 1 else None,
        height=theme.chart_lane_height,
    )


# ---------------------------------------------------------------------------------------------
# 3. CRP and ferritin.


def _peak_labels(rows: pd.DataFrame) -> list[str]:
    """The highest value of a series labelled with its unit; other points unlabelled."""
    peak = rows[Col.VALUE].idxmax()
    return [
        plain_text(f"{number_text(rows.at[peak, Col.VALUE])} {rows.at[peak, Col.UNIT]}")
        if i == peak
        else ""
        for i in rows.index
    ]


def inflammation_labs(events: pd.DataFrame) -> pd.DataFrame:
    """CRP and ferritin values above zero (a log axis has no zero)."""
    labs = events[(events[Col.CATEGORY] == "lab") & events[Col.ITEM].isin(INFLAMMATION_LABS)]
    return labs[labs[Col.VALUE].fillna(labs[Col.VALUE_MAX]) > 0]


def inflammation_lab_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """CRP and ferritin on one log axis, each with its faint reference band."""
    labs = inflammation_labs(events)
    if labs.empty:
        return None
    present = [item for item in INFLAMMATION_LABS if (labs[Col.ITEM] == item).any()]
    measured = labs[Col.VALUE].fillna(labs[Col.VALUE_MAX])
    limits = [r for item in present for r in (INFLAMMATION_LABS[item].low,) if r]
    bottom = min([measured.min(), *limits]) / LOG_AXIS_BELOW
    top = measured.max() * LOG_AXIS_ABOVE
    traces, bands = [], []
    for item in present:
        rows = labs[labs[Col.ITEM] == item]
        reference = INFLAMMATION_LABS[item]
        color = theme.series_colors[item]
        labels = _peak_labels(rows) if rows[Col.VALUE].notna().any() else None
        low = reference.low if reference.low is not None else bottom
        limit = (
            f"{number_text(reference.low)}–{number_text(reference.high)}"
            if reference.low is not None
            else f"<{number_text(reference.high)}"
        )
        # The reference range is in the legend: a label on the band would meet the marks.
        name = f"{item} ({reference.unit}; ref. {limit})"
        traces.append(value_series(rows, name, color, theme, value_texts(rows), labels))
        bands.append(Band(low, reference.high, theme.reference_band_color, f"{item} ref. {limit}"))
    return Lane(
        traces=tuple(traces),
        y=Axis("log scale", range=(bottom, top), log=True),
        bands=tuple(bands),
        height=theme.chart_lane_height,
    )


# ---------------------------------------------------------------------------------------------
# 4. Cerebrospinal fluid.


def lumbar_punctures(csf: pd.DataFrame, title: str) -> pd.DataFrame:
    """One row per lumbar puncture (a day or span with CSF results), indexed by its first
    result's event id, its detail listing every result."""
    taps = csf.groupby([Col.DAY, Col.END_DAY], dropna=False, sort=True)
    firsts = taps.head(1).sort_values(Col.DAY, kind="stable")
    results = {
        group.index[0]: "\n".join(
            f"{item}: {' – '.join(p for p in (value, detail) if p)}"
            for item, value, detail in zip(
                group[Col.ITEM], value_texts(group), group[Col.DETAIL], strict=True
            )
        )
        for _, group in taps
    }
    joined = {
        column: {group.index[0]: separator.join(dict.fromkeys(group[column])) for _, group in taps}
        for column, separator in ((Col.SOURCE, "; "), (Col.BASIS, ", "))
    }
    return firsts.assign(
        **{
            Col.ITEM: title,
            Col.VALUE: math.nan,
            Col.VALUE_MAX: math.nan,
            Col.UNIT: "",
            Col.DETAIL: firsts.index.map(results),
            Col.SOURCE: firsts.index.map(joined[Col.SOURCE]),
            Col.BASIS: firsts.index.map(joined[Col.BASIS]),
        }
    )


def _other_csf_results(others: pd.DataFrame, theme: Theme) -> go.Scatter:
    """A marker per lumbar puncture, in a strip above 100 %, for the results without an axis."""
    taps = lumbar_punctures(others, "Other CSF results")
    x, half_length = centres(taps)
    color = theme.series_colors["CSF other"]
    return go.Scatter(
        x=x,
        y=[CSF_OTHER_Y] * len(taps),
        name="Other CSF results",
        mode="markers",
        marker={
            "color": color,
            "size": theme.marker_size,
            "symbol": "square-open",
            "line": {"color": color, "width": theme.line_width},
        },
        error_x={"type": "data", "array": half_length, "color": color, "width": 0},
        customdata=hover_data(taps, [""] * len(taps)),
        hovertemplate=hover_template(theme),
    )


def csf_results(events: pd.DataFrame) -> pd.DataFrame:
    return events[events[Col.CATEGORY] == "csf"]


def csf_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """Total protein (left axis), CAR T-cell fraction (right axis, 0–100 %) and a strip of
    markers above 100 % for the other results of each lumbar puncture."""
    csf = csf_results(events)
    if csf.empty:
        return None
    protein = csf[(csf[Col.ITEM] == CSF_PROTEIN) & csf[Col.VALUE].notna()]
    car_t = csf[(csf[Col.ITEM] == CSF_CAR_T) & csf[Col.VALUE].notna()]
    others = csf.drop(protein.index.union(car_t.index))
    primary, secondary = [], []
    protein_unit = protein[Col.UNIT].iloc[0] if not protein.empty else "g/L"
    if not protein.empty:
        primary.append(
            value_series(
                protein,
                plain_text(f"Total protein ({protein_unit})"),
                theme.series_colors[CSF_PROTEIN],
                theme,
                value_texts(protein),
            )
        )
    if not car_t.empty:
        secondary.append(
            value_series(
                car_t,
                "CAR T-cells (% of CSF T cells)",
                theme.series_colors[CSF_CAR_T],
                theme,
                value_texts(car_t),
            )
        )
    if not others.empty:
        secondary.append(_other_csf_results(others, theme))
    protein_top = protein[Col.VALUE].max() * 1.3 if not protein.empty else 1.0
    return Lane(
        traces=tuple(primary),
        secondary_traces=tuple(secondary),
        y=Axis(
            f"left: protein ({protein_unit})",
            range=(0, protein_top),
            color=theme.series_colors[CSF_PROTEIN],
        ),
        # Other results sit in a strip above 100 %, named by the legend, not by a tick.
        y2=Axis(
            "right: CAR T-cells (%)",
            range=CSF_PERCENT_RANGE,
            tickvals=(0, 50, 100),
            color=theme.series_colors[CSF_CAR_T],
        ),
        height=theme.chart_lane_height,
    )
