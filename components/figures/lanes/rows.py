"""Lanes with a row per drug or kind of care: spans as bars, single days as markers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from components.figures.lanes.clinical import lumbar_punctures
from components.figures.lanes.lane import Axis, Lane
from components.figures.marks import (
    centres,
    day_bounds,
    hatch_patterns,
    hover_data,
    hover_template,
    mark_symbols,
    value_texts,
)
from components.figures.text import plain_text
from components.figures.theme import Theme
from components.model.columns import Col
from components.model.drugs import (
    CAR_T,
    DRUG,
    DRUG_CLASSES,
    INTRATHECAL,
    INTRATHECAL_CHEMOTHERAPY,
    drug_class,
)

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


def _row_bars(
    rows: pd.DataFrame,
    labels: Sequence[str],
    color: str,
    name: str,
    values: list[str],
    theme: Theme,
) -> go.Bar:
    """Horizontal bars from day - 0.5 to end + 0.5; derived spans hatched."""
    first, last = day_bounds(rows)
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
            "pattern": {
                "shape": hatch_patterns(rows, theme),
                "fillmode": "overlay",
                "solidity": 0.35,
            },
        },
        text=[
            plain_text(v) if n >= SPAN_LABEL_MIN_DAYS else ""
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
        middle, half_length = centres(days)
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
                    "symbol": mark_symbols(days, list(np.array(symbols)[~is_span]), theme),
                    "line": {"color": color, "width": theme.line_width},
                },
                cliponaxis=False,
                customdata=hover_data(days, list(np.array(values)[~is_span])),
                hovertemplate=hover_template(theme),
            )
        )
    return marks


def _row_lane(traces: list[BaseTraceType], labels: Iterable[str], theme: Theme) -> Lane:
    """A lane with a row per label (in the order given, top to bottom), as tall as its rows."""
    rows = tuple(dict.fromkeys(labels))
    return Lane(
        traces=tuple(traces),
        y=Axis("", categories=rows),
        height=theme.row_height * (len(rows) + 0.6),
    )


def row_marks_lane(rows: pd.DataFrame, color: str, name: str, symbol: str, theme: Theme) -> Lane:
    """A row per item (in the order first seen), its spans as bars and days as markers."""
    labels = rows[Col.ITEM].map(plain_text)
    marks = _row_marks(rows, labels, color, name, value_texts(rows), [symbol] * len(rows), theme)
    for mark in marks:
        mark.update(showlegend=False)
    return _row_lane(marks, labels, theme)


def drug_row_label(item: str, route: str) -> str:
    """'Methotrexate IT': intrathecal doses get their own row, apart from systemic ones."""
    return f"{item} {INTRATHECAL}" if route == INTRATHECAL else item


def _dosing(rows: pd.DataFrame) -> list[str]:
    """'10 mg IV QID', or 'SC dose not stated' (a stop, or a span the source gives no dose for)."""
    texts = []
    for dose, route, frequency in zip(
        value_texts(rows), rows[Col.ROUTE], rows[Col.FREQUENCY], strict=True
    ):
        given = (dose, route, frequency) if dose or frequency else (route, "dose not stated")
        texts.append(" ".join(p for p in given if p))
    return texts


def drug_rows(events: pd.DataFrame) -> pd.DataFrame:
    return events[events[Col.CATEGORY] == DRUG]


def drug_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """A row per drug, grouped by class: spans as bars, single doses as markers."""
    drugs = drug_rows(events)
    if drugs.empty:
        return None
    classes = pd.Series(
        [drug_class(i, r) for i, r in zip(drugs[Col.ITEM], drugs[Col.ROUTE], strict=True)],
        index=drugs.index,
    )
    labels = pd.Series(
        [
            plain_text(drug_row_label(i, r))
            for i, r in zip(drugs[Col.ITEM], drugs[Col.ROUTE], strict=True)
        ],
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
    return _row_lane(traces, order["l"], theme)


#: Procedures drawn on the row of the status they start or end.
CARE_ROW_OF = {"Intubation": "Mechanical ventilation", "Extubation": "Mechanical ventilation"}
#: Kinds of care whose span dates one event to somewhere within it, never a lasting state.
DATED_WITHIN_SPAN = ("procedure", "imaging", "outcome")
CSF_TAP = "CSF tap"
IMAGING = "Imaging"
SEIZURE = "Seizure"


def care_events(events: pd.DataFrame) -> pd.DataFrame:
    """Status, procedures, imaging, outcomes, seizures and CSF results (one mark per tap)."""
    kinds = events[Col.CATEGORY]
    return events[
        kinds.isin(["status", "procedure", "imaging", "outcome", "csf"])
        | ((kinds == "symptom") & (events[Col.ITEM] == SEIZURE))
    ]


def care_lane(events: pd.DataFrame, theme: Theme) -> Lane | None:
    """ICU stays and ventilation as spans; procedures, lumbar punctures, imaging, seizures and
    death as markers on a row each."""
    care = care_events(events)
    taps = care[Col.CATEGORY] == "csf"
    rows = pd.concat([care[~taps], lumbar_punctures(care[taps], CSF_TAP)])
    if rows.empty:
        return None
    category = rows[Col.CATEGORY].astype(str)
    labels = pd.Series(
        np.select(
            [category == "imaging", category == "csf"],
            [IMAGING, CSF_TAP],
            rows[Col.ITEM].map(lambda item: plain_text(CARE_ROW_OF.get(item, item))),
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
        short_names = [plain_text(item.split(" ")[0]) for item in chosen[Col.ITEM]]
        traces += _row_marks(
            chosen,
            labels[of_kind],
            theme.care_colors[kind],
            kind,
            value_texts(chosen),
            [CARE_SYMBOLS.get(kind, DOSE_SYMBOL)] * len(chosen),
            theme,
            text=short_names if kind == "imaging" else None,
            spans_as_bars=kind not in DATED_WITHIN_SPAN,
        )
    for trace in traces:
        trace.update(showlegend=False)
    return _row_lane(traces, order["l"], theme)
