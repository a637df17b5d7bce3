"""The cohort figure: a swimmer plot with a row per case on one aligned day axis, under a
summary of how many cases are at each grade on each day.

- A row: ICANS grade as a bar along the row, CRS as a thinner bar above it, coloured with the
  timeline's grade ramp; derived grades hatched as on the timeline. Markers for tocilizumab,
  corticosteroids, anakinra and intrathecal therapy, a grey band for ICU stays, and the end of
  follow-up: a bar at the last recorded day, a cross where the case records a death.
- The summary: for each aligned day, the shown cases at each grade of 1 or more (ICANS, or CRS
  on the toggle), stacked.
Every mark carries its case id (`customdata`), so a click opens that case.

The traces are plain dicts made into one figure without plotly's per-property validation: a
thousand cases make thousands of bars, and validating them cost most of a view change. Their
shape is checked by the tests (and by plotly.js, which draws them).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.cases.cohort_select import Selection, cohort_caption, summary_counts
from components.figures.text import plain_text
from components.figures.theme import NEUTRAL_GREY, OKABE_ITO_BLACK, Theme
from components.model.cohort_view import ALIGNS
from components.model.drugs import ANTI_CYTOKINE, CORTICOSTEROID, INTRATHECAL_CHEMOTHERAPY

GRADES = (1, 2, 3, 4)
#: Row height in pixels: readable labels for a few dozen cases, a dense strip for a thousand.
MAX_ROW_PX, MIN_ROW_PX, ROWS_AREA_PX = 22, 4, 640
SUMMARY_PX = 170
MAX_LABELLED_ROWS = 80
#: The most swimmer rows drawn (see `drawn`).
MAX_SWIMMERS = 150
#: A few cases still get room for the legend beside them.
MIN_ROWS = 14
MAX_LABEL, MIN_LABEL_FONT = 28, 8
#: Each bar's place within its row (offset from the row's centre and width; rows are 1 apart
#: and the axis runs downwards, so a negative offset is higher): CRS thin, above ICANS.
BARS = {"ICANS": (-0.18, 0.5), "CRS": (-0.44, 0.22)}
#: Where the markers and the ICU line sit within a row.
MARKER_Y, ICU_Y = 0.07, 0.4
#: Markers on the rows: symbol, colour key (a drug class or a care row), label.
MARKERS = {
    "tocilizumab": ("triangle-up", ANTI_CYTOKINE, "Tocilizumab"),
    "anakinra": ("square", ANTI_CYTOKINE, "Anakinra"),
    "corticosteroid": ("diamond", CORTICOSTEROID, "Corticosteroid"),
    "intrathecal": ("star", INTRATHECAL_CHEMOTHERAPY, "Intrathecal therapy"),
}


def runs(days: pd.DataFrame) -> pd.DataFrame:
    """Consecutive days of one case and lane at the same grade and basis, joined into runs."""
    days = days.sort_values(["case", "lane", "day"], kind="stable")
    keys = [days[c].to_numpy() for c in ("case", "lane", "grade", "derived")]
    day = days["day"].to_numpy()
    starts = np.ones(len(days), dtype=bool)
    if len(days):
        same = np.logical_and.reduce([k[1:] == k[:-1] for k in keys] + [day[1:] == day[:-1] + 1])
        starts[1:] = ~same
    first = np.flatnonzero(starts)
    last = np.append(first[1:] - 1, len(days) - 1) if len(first) else first
    return pd.DataFrame(
        {
            "case": keys[0][first],
            "lane": keys[1][first],
            "grade": keys[2][first],
            "derived": keys[3][first],
            "day": day[first],
            "end_day": day[last],
        }
    )


def row_label(title: str) -> str:
    """A row label: the title cut to MAX_LABEL characters, then made `plain_text` (cut first,
    so an escape is never cut in half). The server's figure and the browser's rows
    (`cohort_browser.case_data`) both take it from here."""
    cut = title if len(title) <= MAX_LABEL else title[: MAX_LABEL - 1].rstrip() + "…"
    return plain_text(cut)


def row_px(cases: int) -> int:
    return max(MIN_ROW_PX, min(MAX_ROW_PX, ROWS_AREA_PX // max(cases, 1)))


def _grade_bars(selection: Selection, rows: pd.Series, theme: Theme) -> list[dict]:
    graded = selection.series[
        selection.series["lane"].isin(BARS) & (selection.series["grade"] >= 1)
    ]
    bars = []
    for (lane, grade, derived), part in runs(graded).groupby(["lane", "grade", "derived"]):
        offset, width = BARS[lane]
        basis = "derived, at least" if derived else "reported"
        bars.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": part["case"].map(rows).tolist(),
                "base": (part["day"] - 0.5).tolist(),
                "x": (part["end_day"] - part["day"] + 1).tolist(),
                "offset": offset,
                "width": width,
                "marker": {
                    "color": theme.grade_colors[grade],
                    "line": {"width": 0},
                    "pattern": {"shape": theme.derived_pattern if derived else ""},
                },
                "customdata": part["case"].tolist(),
                "name": f"grade {grade}" if not derived else "derived (hatched)",
                "legendgroup": f"grade {grade}" if not derived else "derived",
                "showlegend": lane == "ICANS" and (not derived or grade == 2),
                "hovertemplate": f"%{{customdata}}<br>{lane} grade {grade} ({basis})<br>"
                "aligned days %{base:.0f} + %{x}<extra></extra>",
            }
        )
    return bars


def _icu_line(icu: pd.DataFrame, rows: pd.Series, theme: Theme) -> dict:
    """ICU stays as one line broken between stays, under each row's ICANS bar."""
    count = len(icu)
    xs = np.full(3 * count, np.nan)
    xs[0::3], xs[1::3] = icu["day"] - 0.5, icu["end_day"] + 0.5
    ys = np.full(3 * count, np.nan)
    ys[0::3] = ys[1::3] = icu["case"].map(rows) + ICU_Y
    ids = np.repeat(icu["case"].to_numpy(), 3).astype(object)
    ids[2::3] = None
    return {
        "type": "scatter",
        "mode": "lines",
        "x": [None if np.isnan(x) else float(x) for x in xs],
        "y": [None if np.isnan(y) else float(y) for y in ys],
        "line": {"color": NEUTRAL_GREY, "width": max(2, theme.marker_size // 3)},
        "customdata": ids.tolist(),
        "name": "ICU stay",
        "hovertemplate": "%{customdata}: ICU stay<extra></extra>",
    }


def _points(x, y, cases, name: str, marker: dict) -> dict:
    return {
        "type": "scatter",
        "mode": "markers",
        "x": list(x),
        "y": list(y),
        "marker": marker,
        "customdata": list(cases),
        "name": name,
        "hovertemplate": f"%{{customdata}}: {name.lower()}, aligned day %{{x}}<extra></extra>",
    }


def _markers(selection: Selection, rows: pd.Series, theme: Theme) -> list[dict]:
    series = selection.series
    icu = series[series["lane"] == "icu"]
    traces = [_icu_line(icu, rows, theme)] if len(icu) else []
    for kind, (symbol, colour_key, label) in MARKERS.items():
        part = series[series["lane"] == kind].drop_duplicates(["case", "day"])
        if len(part):
            marker = {
                "symbol": symbol,
                "size": theme.marker_size,
                "color": theme.drug_class_colors[colour_key],
                "line": {"width": 1, "color": theme.background},
            }
            y = part["case"].map(rows) + MARKER_Y
            traces.append(_points(part["day"], y, part["case"], label, marker))
    # In case order, as every other swimmer trace: a new rank only moves rows (assets/cohort.js).
    cases = selection.cases.sort_values("case", kind="stable")
    end = cases["last_day"].astype(int) - cases["offset"]
    for died, symbol, colour, label in (
        (False, "line-ns", NEUTRAL_GREY, "Last recorded day"),
        (True, "x-thin", OKABE_ITO_BLACK, "Death"),
    ):
        chosen = (cases["died"] == died).to_numpy()
        if chosen.any():
            marker = {
                "symbol": symbol,
                "size": theme.marker_size + 2,
                "line": {"width": 2, "color": colour},
            }
            shown = cases.loc[chosen, "case"]
            traces.append(_points(end[chosen], shown.map(rows), shown, label, marker))
    for trace in traces:
        trace.update(xaxis="x2", yaxis="y2")
    return traces


def _summary(selection: Selection, syndrome: str, theme: Theme) -> list[dict]:
    counts = summary_counts(selection, syndrome)
    # Stacked by hand (each grade's bars start where the lower grades end): the swimmer rows
    # below are bars too, and they must not stack.
    counts = counts.sort_values(["day", "grade"])
    counts["base"] = counts.groupby("day")["cases"].cumsum() - counts["cases"]
    return [
        {
            "type": "bar",
            "x": part["day"].tolist(),
            "y": part["cases"].tolist(),
            "base": part["base"].tolist(),
            "marker": {"color": theme.grade_colors[grade], "line": {"width": 0}},
            "name": f"{syndrome} grade {grade}: cases",
            "showlegend": False,
            "hovertemplate": f"aligned day %{{x}}: %{{y}} cases at {syndrome} grade {grade}"
            "<extra></extra>",
        }
        for grade in GRADES
        if not (part := counts[counts["grade"] == grade]).empty
    ]


def _heading(selection: Selection, theme: Theme, title: str | None, caption: bool) -> str:
    # The caption holds the URL's filter values, as a person typed them.
    heading = plain_text(title or "")
    if caption:
        heading += f"<br><span style='font-size:{theme.small_font_size}px'>"
        heading += f"{plain_text(cohort_caption(selection))}</span>"
    return heading


def _row_axis(cases: pd.DataFrame, theme: Theme, rows_px: float) -> dict:
    """The swimmer rows' axis: a label per case while they fit, in a font that fits a row."""
    labelled = len(cases) <= MAX_LABELLED_ROWS
    size = min(theme.small_font_size, max(MIN_LABEL_FONT, int(rows_px * 0.8)))
    return {
        "tickmode": "array",
        "tickvals": list(range(len(cases))) if labelled else [],
        "ticktext": [row_label(t) for t in cases["title"]] if labelled else [],
        "tickfont": {"size": size},
        "showgrid": False,
        "zeroline": False,
        "range": [len(cases) - 0.5, -0.5],
    }


def _axes(selection: Selection, theme: Theme, split: float, rows_axis: dict) -> dict:
    """Two stacked plots sharing the day axis: the summary on top, the swimmer rows below."""
    line = {"showline": True, "linecolor": theme.text_color, "ticks": "outside"}
    grid = {"showgrid": True, "gridcolor": theme.grid_color, **line}
    syndrome = selection.view.summary.upper()
    return {
        "xaxis": {**grid, "matches": "x2", "showticklabels": False, "anchor": "y"},
        "yaxis": {
            **line,
            "domain": [split + 0.04, 1],
            "title": {"text": f"{syndrome} cases", "font": {"size": theme.small_font_size}},
            "rangemode": "tozero",
        },
        "xaxis2": {
            **grid,
            "anchor": "y2",
            "zeroline": True,
            "zerolinecolor": theme.guide_color,
            "title": {"text": f"days from {ALIGNS[selection.view.align]}"},
        },
        "yaxis2": {**line, **rows_axis, "domain": [0, split], "anchor": "x2"},
    }


def drawn(selection: Selection) -> Selection:
    """The rows the plot draws: the first MAX_SWIMMERS in rank order (the summary and the table
    count every case). Past a few hundred rows a swimmer plot is a texture, not rows, and its
    SVG bars take seconds to draw."""
    if len(selection.cases) <= MAX_SWIMMERS:
        return selection
    cases = selection.cases.iloc[:MAX_SWIMMERS]
    series = selection.series[selection.series["case"].isin(cases["case"])]
    return replace(selection, cases=cases, series=series)


def drawn_note(selection: Selection) -> str | None:
    """'The plot draws the first 150 of 1000 cases ...', or None when it draws them all."""
    if len(selection.cases) <= MAX_SWIMMERS:
        return None
    return (
        f"The plot draws the first {MAX_SWIMMERS} of {len(selection.cases)} cases in rank order; "
        "the summary above it and the table count every case."
    )


def swimmer_traces(selection: Selection, rows: pd.Series, theme: Theme) -> list[dict]:
    """The swimmer rows' traces (grade bars, markers, end of follow-up) of every case of the
    selection, each case on its row (`rows`: case id to row). Every point carries its case id
    and its points are in case order, whatever the rank."""
    bars = [{**bar, "xaxis": "x2", "yaxis": "y2"} for bar in _grade_bars(selection, rows, theme)]
    return [*bars, *_markers(selection, rows, theme)]


def summary_traces(selection: Selection, theme: Theme) -> list[dict]:
    """The summary's stacked bars: every case of the selection, whatever the plot draws."""
    return _summary(selection, selection.view.summary.upper(), theme)


def cohort_layout(
    selection: Selection, theme: Theme, title: str | None = None, caption: bool = False
) -> dict:
    """The figure's layout: its height and row axis follow the rows drawn (`drawn`); the row
    labels (while there are few enough) are in rank order."""
    summarised, selection = selection, drawn(selection)
    cases = selection.cases
    heading = _heading(summarised, theme, title, caption)
    top = theme.margin_top + (theme.title_size + 2 * theme.small_font_size + 20 if heading else 10)
    height = theme.height or (
        SUMMARY_PX + row_px(len(cases)) * max(len(cases), MIN_ROWS) + top + 110
    )
    plot_px = height - top - theme.margin_bottom
    rows_axis = _row_axis(cases, theme, (plot_px - SUMMARY_PX - 40) / max(len(cases), 1))
    label_px = int(MAX_LABEL * rows_axis["tickfont"]["size"] * 0.55) if len(cases) else 20
    layout = {
        **_axes(selection, theme, 1 - (SUMMARY_PX + 20) / plot_px, rows_axis),
        "height": height,
        "width": theme.width,
        "barmode": "overlay",
        "bargap": 0,
        "font": {"family": theme.font_family, "size": theme.font_size, "color": theme.text_color},
        "paper_bgcolor": theme.background,
        "plot_bgcolor": theme.plot_background,
        "margin": {
            "l": theme.margin_left + label_px,
            "r": theme.margin_right,
            "t": top,
            "b": theme.margin_bottom,
        },
        "legend": {
            "x": 1.01,
            "y": 1,
            "yanchor": "top",
            "font": {"size": theme.small_font_size},
            "title": {"text": "ICANS bar, CRS<br>thin bar above it"},
        },
        "hovermode": "closest",
        "clickmode": "event",
    }
    if heading:
        layout["title"] = {
            "text": heading,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "pad": {"l": theme.margin_left},
            "font": {"size": theme.title_size},
        }
    return layout


def cohort_figure(
    selection: Selection, theme: Theme, title: str | None = None, caption: bool = False
) -> go.Figure:
    """The swimmer plot under its summary. With `caption`, the automatic caption goes under the
    title (for slides)."""
    cases = drawn(selection).cases
    rows = pd.Series(np.arange(len(cases), dtype=float), index=cases["case"].to_numpy())
    traces = [*summary_traces(selection, theme), *swimmer_traces(drawn(selection), rows, theme)]
    layout = cohort_layout(selection, theme, title, caption)
    return go.Figure(data=traces, layout=layout, _validate=False)
