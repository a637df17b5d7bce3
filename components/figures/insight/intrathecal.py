"""Days from ICANS onset to intrathecal therapy in earlier reports and in this case: medians as
dots, upper bounds as bars, single patients as markers (a cross where the patient did not
improve), this case as a highlighted star. The rows come from `clinical.literature`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.clinical.literature import (
    CASE_RECORD,
    MEDIAN,
    NOT_IMPROVED,
    NOT_STATED,
    SEED_PAPER,
    SINGLE,
    STATED,
    THIS_CASE,
    UPPER_BOUND,
    improvement_text,
    onset_to_it_text,
)
from components.figures.insight.builders import insight_layout, legend_entries
from components.figures.marks import hover_template
from components.figures.text import plain_text
from components.figures.theme import Theme
from components.model.drugs import INTRATHECAL_CHEMOTHERAPY

X_TITLE = "Days from ICANS onset to intrathecal therapy"
X_PAD = 8  # days of room right of the latest report for its label
PLOT_SHARE = 0.6  # of the figure's width; the report names take the rest
MARKERS = {MEDIAN: "circle", SINGLE: "diamond", STATED: "diamond", THIS_CASE: "star"}
LEGEND_NAMES = {
    MEDIAN: "Median of a series",
    UPPER_BOUND: "All patients within",
    SINGLE: "One patient",
    STATED: "Day stated, patients not",
    THIS_CASE: "This case",
}


def _label(row) -> str:
    patients = "" if pd.isna(row.n_patients) else f" (n = {int(row.n_patients)})"
    return f"{row.report}{patients}"


def _hover(reports: pd.DataFrame) -> list[list]:
    """customdata in the timeline's hover layout: [row, title, when, lines, source, kind]."""
    lines = [
        "".join(
            f"{plain_text(part)}<br>"
            for part in (
                row.agents,
                row.outcome,
                f"Response: {row.response}; improvement: {improvement_text(row)}",
            )
        )
        for row in reports.itertuples(index=False)
    ]
    return [
        [
            position,
            plain_text(_label(row)),
            onset_to_it_text(row.days_onset_to_it, row.day_kind),
            text,
            plain_text(row.source),
            row.day_kind,
        ]
        for position, (row, text) in enumerate(
            zip(reports.itertuples(index=False), lines, strict=True)
        )
    ]


def _note(unplaced: pd.DataFrame) -> list[str]:
    reports = unplaced[unplaced["reference"] != CASE_RECORD]
    names = "; ".join(f"{r.report} ({r.reference})" for r in reports.itertuples(index=False))
    lines = [f"Not plotted, the paper gives no day: {names}."] if names else []
    if (unplaced["reference"] == CASE_RECORD).any():
        lines.append("This case is not plotted: it has no ICANS onset or no intrathecal drug.")
    return lines


def _kind_trace(
    kind: str, placed: pd.DataFrame, labels: list[str], hover: list[list], theme: Theme
) -> go.Bar | go.Scatter | None:
    """The reports of one day kind: upper bounds as bars from day 0, the others as markers (a
    cross where the patient did not improve); this case highlighted."""
    chosen = placed.index[placed["day_kind"] == kind]
    if chosen.empty:
        return None
    days = placed.loc[chosen, "days_onset_to_it"].to_numpy(float)
    this_case = kind == THIS_CASE
    color = (
        theme.drug_class_colors[INTRATHECAL_CHEMOTHERAPY] if this_case else theme.muted_text_color
    )
    common = {
        "y": [labels[i] for i in chosen],
        "name": LEGEND_NAMES[kind],
        "customdata": [hover[i] for i in chosen],
        "hovertemplate": hover_template(theme),
        "textfont": {
            "color": color,
            "size": theme.font_size if this_case else theme.small_font_size,
        },
        "cliponaxis": False,
    }
    texts = [onset_to_it_text(d, kind) for d in days]
    if kind == UPPER_BOUND:
        return go.Bar(
            orientation="h",
            base=0,
            x=days,
            width=theme.bar_thickness,
            marker={"color": theme.grid_color, "line": {"color": color, "width": 1}},
            text=texts,
            textposition="outside",
            **common,
        )
    failed = (placed.loc[chosen, "response"] == NOT_IMPROVED).to_numpy()
    return go.Scatter(
        x=days,
        mode="markers+text",
        marker={
            "color": color,
            "size": theme.marker_size * (2.2 if this_case else 1.4),
            "symbol": ["x" if f else MARKERS[kind] for f in failed],
            "line": {"color": color, "width": theme.line_width},
        },
        text=[f"{t}, no recovery" if f else t for t, f in zip(texts, failed, strict=True)],
        textposition="middle right",
        **common,
    )


def intrathecal_timing_figure(reports: pd.DataFrame, theme: Theme) -> go.Figure:
    """Days from ICANS onset to intrathecal therapy, a row per report with a day."""
    placed = reports[reports["day_kind"] != NOT_STATED].reset_index(drop=True)
    labels = [plain_text(_label(row)) for row in placed.itertuples(index=False)]
    hover = _hover(placed)
    traces = [
        _kind_trace(kind, placed, labels, hover, theme)
        for kind in (UPPER_BOUND, MEDIAN, SINGLE, STATED, THIS_CASE)
    ]
    fig = go.Figure([trace for trace in traces if trace is not None])
    footnote = _note(reports[reports["day_kind"] == NOT_STATED])
    footnote.append(f"Source: {SEED_PAPER}. A cross marks a patient who did not improve.")
    fig.update_layout(
        insight_layout(
            theme,
            "Intrathecal therapy for ICANS: how long after onset",
            footnote,
            PLOT_SHARE,
            legend_entries(fig),
        ),
        barmode="overlay",
        showlegend=True,
        xaxis={
            "title": {"text": X_TITLE},
            "range": [0, float(placed["days_onset_to_it"].max()) + X_PAD] if len(placed) else None,
            "gridcolor": theme.grid_color,
            "zeroline": True,
            "zerolinecolor": theme.muted_text_color,
            "dtick": 7,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(labels)),  # the paper's order, top to bottom
            "automargin": True,
            "gridcolor": theme.grid_color,
        },
    )
    return fig
