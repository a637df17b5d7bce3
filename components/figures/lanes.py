"""The swimlanes of the timeline: one pure builder per lane, and the registry that orders them.

Each builder takes the event table and a theme and returns a `Lane` (its traces, y-axis and
bands, in day coordinates) or None when the case has nothing for it. The timeline stacks lanes;
it knows nothing about grades or drugs. Adding a lane is one builder and one `LANES` entry.

Every mark carries `customdata` whose first element is its event id (the event table's index),
so a click on the figure finds the row, and a hover that says the day, the value with its unit,
the detail, the source and whether the value is reported or derived.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from components.clinical.phases import grade_rows, last_days
from components.figures.theme import Theme
from components.model.drugs import (
    CAR_T,
    DRUG,
    DRUG_CLASSES,
    INTRATHECAL,
    INTRATHECAL_CHEMOTHERAPY,
    drug_class,
)
from components.model.formatting import attributed, day_text, number_text, value_text
from components.model.schema import DERIVED, SCORE_SCALES, Col


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

GRADE_AXIS_TOP = 5.3  # room above grade 4 for its number
SCORE_AXIS_PAD = 0.08  # fraction of the scale left free above and below a fixed score scale
#: Free room on the log axis below the lowest value and above the highest (for its label).
LOG_AXIS_BELOW, LOG_AXIS_ABOVE = 2.5, 6.0
HOVER_WRAP = 70  # characters per hover line
SPAN_LABEL_MIN_DAYS = 5  # spans at least this long carry their dose inside the bar

#: Marker shapes: never colour alone.
DOSE_SYMBOL = "circle"
NO_DOSE_SYMBOL = "x"
CLASS_SYMBOLS = {INTRATHECAL_CHEMOTHERAPY: "diamond", CAR_T: "star"}
CARE_SYMBOLS = {
    "procedure": "triangle-up",
    "csf": "circle",
    "imaging": "square",
    "symptom": "star",
    "outcome": "x",
}


@dataclass(frozen=True)
class Axis:
    """A lane's y-axis: a title with the unit, and a fixed range where the scale is fixed."""

    title: str
    range: tuple[float, float] | None = None
    log: bool = False
    #: Row labels of a lane with a row per drug or kind of care, top to bottom.
    categories: tuple[str, ...] = ()
    tickvals: tuple[float, ...] = ()
    ticktext: tuple[str, ...] = ()
    color: str | None = None
    #: False on a collapsed lane: a thin strip whose marks show when, not how much.
    show_labels: bool = True


@dataclass(frozen=True)
class Band:
    """A horizontal band in a lane, in the units of its axis (a reference range)."""

    y0: float
    y1: float
    color: str
    label: str


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    traces: tuple[BaseTraceType, ...]
    y: Axis
    #: Height in pixels at the theme's sizes; the timeline stacks lanes in proportion.
    height: float
    y2: Axis | None = None
    #: Traces drawn against the right-hand axis `y2`.
    secondary_traces: tuple[BaseTraceType, ...] = ()
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class LaneSpec:
    title: str
    build: Callable[[pd.DataFrame, Theme], Lane | None]


def _lane(key: str, **fields) -> Lane:
    """A lane titled as its registry entry says (the title shown in the lane picker too)."""
    return Lane(key=key, title=LANES[key].title, **fields)


# ---------------------------------------------------------------------------------------------
# Hover text and positions shared by all lanes.


def hover_template(theme: Theme) -> str:
    """What · when, then value and detail lines, then source and basis in muted text."""
    return (
        "<b>%{customdata[1]}</b>, %{customdata[2]}<br>%{customdata[3]}"
        f"<span style='color:{theme.muted_text_color}'>"
        "%{customdata[4]} · %{customdata[5]}</span><extra></extra>"
    )


def _escape(text: str) -> str:
    return html.escape(str(text), quote=False)


def _lines(*parts: str) -> str:
    """Hover lines, each wrapped and ending in a break; empty parts leave no blank line."""
    lines = [
        wrapped
        for part in parts
        for line in part.split("\n")
        if line
        for wrapped in textwrap.wrap(_escape(line), HOVER_WRAP)
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
        [int(event_id), _escape(title), day_text(day, end), _lines(value, detail), _escape(s), b]
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


def _values(rows: pd.DataFrame, prefix: str = "") -> list[str]:
    """'0.37 g/L', 'ICE 0–2', '<7 10^6/L' for each row."""
    texts = (
        value_text(v, m, u)
        for v, m, u in zip(rows[Col.VALUE], rows[Col.VALUE_MAX], rows[Col.UNIT], strict=True)
    )
    return [f"{prefix}{t}" if t else "" for t in texts]


def _is_derived(rows: pd.DataFrame) -> np.ndarray:
    return (rows[Col.BASIS] == DERIVED).to_numpy()


def _days(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of each row as floats."""
    return rows[Col.DAY].to_numpy(float), last_days(rows).to_numpy(float)


def _centres(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The middle of each event and half its length: a span covers day - 0.5 to end + 0.5."""
    first, last = _days(rows)
    length = np.where(rows[Col.END_DAY].isna().to_numpy(), 0.0, last - first + 1)
    return (first + last) / 2, length / 2


def _measured(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Where a value sits and half its range: 'a–b' at the middle, '<b' at b."""
    low = rows[Col.VALUE].to_numpy(float)
    high = rows[Col.VALUE_MAX].to_numpy(float)
    high = np.where(np.isnan(high), low, high)
    low = np.where(np.isnan(low), high, low)
    return (low + high) / 2, (high - low) / 2


def _symbols(rows: pd.DataFrame, base: str | Sequence[str], theme: Theme) -> list[str]:
    bases = [base] * len(rows) if isinstance(base, str) else list(base)
    return [
        s + theme.derived_symbol_suffix if derived else s
        for s, derived in zip(bases, _is_derived(rows), strict=True)
    ]


def _patterns(rows: pd.DataFrame, theme: Theme) -> list[str]:
    return [theme.derived_pattern if d else "" for d in _is_derived(rows)]


def _series(
    rows: pd.DataFrame,
    name: str,
    color: str,
    theme: Theme,
    values: list[str],
    labels: Sequence[str] | None = None,
) -> go.Scatter:
    """A measured series: points joined by lines, ranges as vertical and spans as horizontal
    error bars, derived points as open markers."""
    x, half_length = _centres(rows)
    y, half_range = _measured(rows)
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
            "symbol": _symbols(rows, "circle", theme),
            "line": {"color": color, "width": theme.line_width},
        },
        error_x={**error, "array": half_length},
        error_y={**error, "array": half_range},
        cliponaxis=False,
        customdata=hover_data(rows, values),
        hovertemplate=hover_template(theme),
    )


# ---------------------------------------------------------------------------------------------
# 1. ASTCT grades.


def _grade_lane(events: pd.DataFrame, theme: Theme, syndrome: str, key: str) -> Lane | None:
    rows = grade_rows(events, syndrome)
    if rows.empty:
        return None
    grades = rows[Col.VALUE].astype(int).to_numpy()
    derived = _is_derived(rows)
    first, last = _days(rows)
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
            "pattern": {"shape": _patterns(rows, theme), "fillmode": "replace", "solidity": 0.5},
        },
        text=[f"≥{g}" if d else str(g) for g, d in zip(grades, derived, strict=True)],
        textposition="outside",
        constraintext="inside",
        textfont={"color": theme.text_color, "size": theme.small_font_size},
        cliponaxis=False,
        customdata=hover_data(rows, values, [f"{syndrome} grade"] * len(rows)),
        hovertemplate=hover_template(theme),
    )
    return _lane(
        key,
        traces=(bars,),
        y=Axis(
            "Grade", range=(0, GRADE_AXIS_TOP), tickvals=tuple(range(0, 5, theme.grade_tick_step))
        ),
        height=theme.grade_lane_height,
    )


def crs_grade_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    return _grade_lane(events, theme, "CRS", "crs")


def icans_grade_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    return _grade_lane(events, theme, "ICANS", "icans")


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


def neuro_score_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """ICE on the left axis, GCS on the right; both scales fixed and padded alike, so their
    lowest, middle and highest values share grid lines."""
    scores = events[events[Col.CATEGORY] == "score"]
    present = [item for item in SCORE_SCALES if (scores[Col.ITEM] == item).any()]
    if not present:
        return None
    traces = []
    for item in present:
        rows = scores[scores[Col.ITEM] == item]
        low, high = SCORE_SCALES[item]
        traces.append(
            _series(
                rows,
                f"{item} ({low}–{high})",
                theme.series_colors[item],
                theme,
                _values(rows, f"{item} "),
            )
        )
    return _lane(
        "neuro",
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
        f"{number_text(rows.at[peak, Col.VALUE])} {rows.at[peak, Col.UNIT]}" if i == peak else ""
        for i in rows.index
    ]


def inflammation_lab_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """CRP and ferritin on one log axis, each with its faint reference band."""
    labs = events[(events[Col.CATEGORY] == "lab") & events[Col.ITEM].isin(INFLAMMATION_LABS)]
    labs = labs[labs[Col.VALUE].fillna(labs[Col.VALUE_MAX]) > 0]  # a log axis has no zero
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
        traces.append(
            _series(rows, f"{item} ({reference.unit})", color, theme, _values(rows), labels)
        )
        low = reference.low if reference.low is not None else bottom
        limit = (
            f"{number_text(reference.low)}–{number_text(reference.high)}"
            if reference.low is not None
            else f"<{number_text(reference.high)}"
        )
        bands.append(Band(low, reference.high, theme.reference_band_color, f"{item} ref. {limit}"))
    units = ", ".join(dict.fromkeys(labs[Col.UNIT]))
    return _lane(
        "labs",
        traces=tuple(traces),
        y=Axis(f"{units} (log)", range=(bottom, top), log=True),
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
                group[Col.ITEM], _values(group), group[Col.DETAIL], strict=True
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
    x, half_length = _centres(taps)
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


def csf_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """Total protein (left axis), CAR T-cell fraction (right axis, 0–100 %) and a strip of
    markers above 100 % for the other results of each lumbar puncture."""
    csf = events[events[Col.CATEGORY] == "csf"]
    if csf.empty:
        return None
    protein = csf[(csf[Col.ITEM] == CSF_PROTEIN) & csf[Col.VALUE].notna()]
    car_t = csf[(csf[Col.ITEM] == CSF_CAR_T) & csf[Col.VALUE].notna()]
    others = csf.drop(protein.index.union(car_t.index))
    primary, secondary = [], []
    protein_unit = protein[Col.UNIT].iloc[0] if not protein.empty else "g/L"
    if not protein.empty:
        primary.append(
            _series(
                protein,
                f"Total protein ({protein_unit})",
                theme.series_colors[CSF_PROTEIN],
                theme,
                _values(protein),
            )
        )
    if not car_t.empty:
        secondary.append(
            _series(
                car_t,
                "CAR T-cells (% of CSF T cells)",
                theme.series_colors[CSF_CAR_T],
                theme,
                _values(car_t),
            )
        )
    if not others.empty:
        secondary.append(_other_csf_results(others, theme))
    protein_top = protein[Col.VALUE].max() * 1.3 if not protein.empty else 1.0
    return _lane(
        "csf",
        traces=tuple(primary),
        secondary_traces=tuple(secondary),
        y=Axis(
            f"Protein ({protein_unit})",
            range=(0, protein_top),
            color=theme.series_colors[CSF_PROTEIN],
        ),
        y2=Axis(
            "CAR T (%)",
            range=CSF_PERCENT_RANGE,
            tickvals=(0, 50, 100, CSF_OTHER_Y),
            ticktext=("0", "50", "100", "other"),
            color=theme.series_colors[CSF_CAR_T],
        ),
        height=theme.chart_lane_height,
    )


# ---------------------------------------------------------------------------------------------
# 5 and 6. Lanes with a row per drug or kind of care.


def _row_bars(
    rows: pd.DataFrame,
    labels: Sequence[str],
    color: str,
    name: str,
    values: list[str],
    theme: Theme,
) -> go.Bar:
    """Horizontal bars from day - 0.5 to end + 0.5; derived spans hatched."""
    first, last = _days(rows)
    length = last - first + 1
    return go.Bar(
        orientation="h",
        base=first - 0.5,
        x=length,
        y=list(labels),
        width=theme.bar_thickness,
        name=name,
        marker={
            "color": color,
            "line": {"color": color, "width": 1},
            "pattern": {"shape": _patterns(rows, theme), "fillmode": "overlay", "solidity": 0.35},
        },
        text=[
            _escape(v) if n >= SPAN_LABEL_MIN_DAYS else ""
            for v, n in zip(values, length, strict=True)
        ],
        textposition="inside",
        insidetextanchor="start",
        textfont={"size": theme.font_size},
        customdata=hover_data(rows, values),
        hovertemplate=hover_template(theme),
    )


def _row_marks(
    rows: pd.DataFrame,
    labels: pd.Series,
    color: str,
    name: str,
    values: list[str],
    symbols: Sequence[str],
    theme: Theme,
    text: Sequence[str] | None = None,
    spans_as_bars: bool = True,
) -> list[BaseTraceType]:
    """Spans as bars and single days as markers, all in one colour. Without `spans_as_bars`, a
    span is a marker in its middle with a whisker over its days: an event the source dates only
    to a span (an extubation "within days 49-88"), not a state lasting all of it."""
    is_span = rows[Col.END_DAY].notna().to_numpy() & spans_as_bars
    marks: list[BaseTraceType] = []
    if is_span.any():
        spans = rows[is_span]
        marks.append(
            _row_bars(spans, labels[is_span], color, name, list(np.array(values)[is_span]), theme)
        )
    if (~is_span).any():
        days = rows[~is_span]
        middle, half_length = _centres(days)
        marks.append(
            go.Scatter(
                x=middle,
                error_x={"type": "data", "array": half_length, "color": color, "width": 0},
                y=list(labels[~is_span]),
                name=name,
                mode="markers+text" if text is not None else "markers",
                text=None if text is None else list(np.array(text)[~is_span]),
                textposition="middle right",
                textfont={"color": color, "size": theme.small_font_size},
                marker={
                    "color": color,
                    "size": theme.marker_size + 2,
                    "symbol": _symbols(days, list(np.array(symbols)[~is_span]), theme),
                    "line": {"color": color, "width": theme.line_width},
                },
                cliponaxis=False,
                customdata=hover_data(days, list(np.array(values)[~is_span])),
                hovertemplate=hover_template(theme),
            )
        )
    return marks


def _row_lane(key: str, traces: list[BaseTraceType], labels: Iterable[str], theme: Theme) -> Lane:
    """A lane with a row per label (in the order given, top to bottom), as tall as its rows."""
    rows = tuple(dict.fromkeys(labels))
    return _lane(
        key,
        traces=tuple(traces),
        y=Axis("", categories=rows),
        height=theme.row_height * (len(rows) + 0.6),
    )


def drug_row_label(item: str, route: str) -> str:
    """'Methotrexate IT': intrathecal doses get their own row, apart from systemic ones."""
    return f"{item} {INTRATHECAL}" if route == INTRATHECAL else item


def _dosing(rows: pd.DataFrame) -> list[str]:
    """'10 mg IV QID', or 'SC dose not stated' (a stop, or a span the source gives no dose for)."""
    texts = []
    for dose, route, frequency in zip(
        _values(rows), rows[Col.ROUTE], rows[Col.FREQUENCY], strict=True
    ):
        given = (dose, route, frequency) if dose or frequency else (route, "dose not stated")
        texts.append(" ".join(p for p in given if p))
    return texts


def drug_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """A row per drug, grouped by class: spans as bars, single doses as markers."""
    drugs = events[events[Col.CATEGORY] == DRUG]
    if drugs.empty:
        return None
    classes = pd.Series(
        [drug_class(i, r) for i, r in zip(drugs[Col.ITEM], drugs[Col.ROUTE], strict=True)],
        index=drugs.index,
    )
    labels = pd.Series(
        [drug_row_label(i, r) for i, r in zip(drugs[Col.ITEM], drugs[Col.ROUTE], strict=True)],
        index=drugs.index,
    )
    class_order = classes.map(DRUG_CLASSES.index)
    first_day = drugs[Col.DAY].groupby(labels).transform("min")
    order = pd.DataFrame({"c": class_order, "d": first_day, "l": labels}).sort_values(
        ["c", "d", "l"]
    )
    traces: list[BaseTraceType] = []
    for drug_class_name in DRUG_CLASSES:
        in_class = classes == drug_class_name
        if not in_class.any():
            continue
        rows = drugs[in_class]
        no_dose = rows[Col.VALUE].isna() & (rows[Col.FREQUENCY] == "")
        base = CLASS_SYMBOLS.get(drug_class_name, DOSE_SYMBOL)
        marks = _row_marks(
            rows,
            labels[in_class],
            theme.drug_class_colors[drug_class_name],
            drug_class_name,
            _dosing(rows),
            np.where(no_dose, NO_DOSE_SYMBOL, base),
            theme,
        )
        for position, mark in enumerate(marks):
            mark.update(legendgroup=drug_class_name, showlegend=position == 0)
        traces += marks
    return _row_lane("drugs", traces, order["l"], theme)


#: Procedures drawn on the row of the status they start or end.
CARE_ROW_OF = {"Intubation": "Mechanical ventilation", "Extubation": "Mechanical ventilation"}
#: Kinds of care whose span dates one event to somewhere within it, never a lasting state.
DATED_WITHIN_SPAN = ("procedure", "imaging", "outcome")
CSF_TAP = "CSF tap"
IMAGING = "Imaging"
SEIZURE = "Seizure"


def care_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """ICU stays and ventilation as spans; procedures, lumbar punctures, imaging, seizures and
    death as markers on a row each."""
    kinds = events[Col.CATEGORY]
    rows = pd.concat(
        [
            events[kinds.isin(["status", "procedure", "imaging", "outcome"])],
            events[(kinds == "symptom") & (events[Col.ITEM] == SEIZURE)],
            lumbar_punctures(events[kinds == "csf"], CSF_TAP),
        ]
    )
    if rows.empty:
        return None
    category = rows[Col.CATEGORY].astype(str)
    labels = pd.Series(
        np.select(
            [category == "imaging", category == "csf"],
            [IMAGING, CSF_TAP],
            rows[Col.ITEM].map(lambda item: CARE_ROW_OF.get(item, item)),
        ),
        index=rows.index,
    )
    row_order = ["status", "procedure", "csf", "imaging", "symptom", "outcome"]
    order = pd.DataFrame({"k": category.map(row_order.index), "d": rows[Col.DAY], "l": labels})
    order = order.assign(k=order.groupby("l")["k"].transform("min")).sort_values(["k", "d"])
    traces: list[BaseTraceType] = []
    for kind in row_order:
        of_kind = (category == kind).to_numpy()
        if not of_kind.any():
            continue
        chosen = rows[of_kind]
        short_names = [item.split(" ")[0] for item in chosen[Col.ITEM]]
        traces += _row_marks(
            chosen,
            labels[of_kind],
            theme.care_colors[kind],
            kind,
            _values(chosen),
            [CARE_SYMBOLS.get(kind, DOSE_SYMBOL)] * len(chosen),
            theme,
            text=short_names if kind == "imaging" else None,
            spans_as_bars=kind not in DATED_WITHIN_SPAN,
        )
    for trace in traces:
        trace.update(showlegend=False)
    return _row_lane("care", traces, order["l"], theme)


#: The lanes in stacking order, top to bottom; the key is what the URL's `lanes=` names.
LANES: dict[str, LaneSpec] = {
    "crs": LaneSpec("CRS grade (ASTCT)", crs_grade_lane),
    "icans": LaneSpec("ICANS grade (ASTCT)", icans_grade_lane),
    "neuro": LaneSpec("Neurological scores (ICE, GCS)", neuro_score_lane),
    "labs": LaneSpec("Inflammation markers (CRP, ferritin)", inflammation_lab_lane),
    "csf": LaneSpec("Cerebrospinal fluid", csf_lane),
    "drugs": LaneSpec("Drugs", drug_lane),
    "care": LaneSpec("Care and events", care_lane),
}
