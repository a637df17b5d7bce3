"""The cohort figure: a swimmer plot with a row per case on one aligned day axis, under a
summary of how many cases are at each grade on each day.

- A row: ICANS grade as a bar along the row, CRS as a thinner bar above it, coloured with the
  timeline's grade ramp; derived grades hatched as on the timeline. Markers for tocilizumab,
  corticosteroids, anakinra and intrathecal therapy, a grey band for ICU stays, and the end of
  follow-up: a bar at the last recorded day, a cross where the case records a death.
- The summary: for each aligned day, the shown cases at each grade of 1 or more (ICANS, or CRS
  on the toggle), stacked.
Every mark carries its case id (`customdata`), so a click opens that case.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures.cohort_select import Selection, cohort_caption, summary_counts
from components.figures.theme import NEUTRAL_GREY, OKABE_ITO_BLACK, Theme
from components.model.cohort_view import ALIGNS
from components.model.drugs import ANTI_CYTOKINE, CORTICOSTEROID, INTRATHECAL_CHEMOTHERAPY

GRADES = (1, 2, 3, 4)
#: Row height in pixels: readable labels for a few dozen cases, a dense strip for a thousand.
MAX_ROW_PX, MIN_ROW_PX, ROWS_AREA_PX = 22, 4, 640
SUMMARY_PX = 170
MAX_LABELLED_ROWS = 80
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
    same = (
        (days["case"] == days["case"].shift())
        & (days["lane"] == days["lane"].shift())
        & (days["grade"] == days["grade"].shift())
        & (days["derived"] == days["derived"].shift())
        & (days["day"] == days["day"].shift() + 1)
    )
    group = (~same).cumsum()
    return (
        days.groupby(group)
        .agg(
            case=("case", "first"),
            lane=("lane", "first"),
            grade=("grade", "first"),
            derived=("derived", "first"),
            day=("day", "min"),
            end_day=("day", "max"),
        )
        .reset_index(drop=True)
    )


def short(title: str) -> str:
    """A row label: the title, cut to MAX_LABEL characters."""
    return title if len(title) <= MAX_LABEL else title[: MAX_LABEL - 1].rstrip() + "…"


def row_px(cases: int) -> int:
    return max(MIN_ROW_PX, min(MAX_ROW_PX, ROWS_AREA_PX // max(cases, 1)))


def _grade_bars(selection: Selection, rows: pd.Series, theme: Theme) -> list[go.Bar]:
    graded = selection.series[selection.series["lane"].isin(BARS)]
    bars = []
    for (lane, grade, derived), part in runs(graded).groupby(["lane", "grade", "derived"]):
        if grade < 1:
            continue
        offset, width = BARS[lane]
        basis = "derived, at least" if derived else "reported"
        bars.append(
            go.Bar(
                orientation="h",
                y=part["case"].map(rows),
                base=part["day"] - 0.5,
                x=part["end_day"] - part["day"] + 1,
                offset=offset,
                width=width,
                marker={
                    "color": theme.grade_colors[grade],
                    "line": {"width": 0},
                    "pattern": {"shape": theme.derived_pattern if derived else ""},
                },
                customdata=part["case"],
                name=f"grade {grade}" if not derived else "derived (hatched)",
                legendgroup=f"grade {grade}" if not derived else "derived",
                showlegend=lane == "ICANS" and (not derived or grade == 2),
                hovertemplate=f"%{{customdata}}<br>{lane} grade {grade} ({basis})<br>"
                "aligned days %{base:.0f} + %{x}<extra></extra>",
                xaxis="x2",
                yaxis="y2",
            )
        )
    return bars


def _markers(selection: Selection, rows: pd.Series, theme: Theme) -> list[go.Scatter]:
    series = selection.series
    traces = []
    icu = series[series["lane"] == "icu"]
    if len(icu):
        xs, ys, ids = [], [], []
        for case, first, last in zip(icu["case"], icu["day"], icu["end_day"], strict=True):
            xs += [first - 0.5, last + 0.5, None]
            ys += [rows[case] + ICU_Y, rows[case] + ICU_Y, None]
            ids += [case, case, None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": NEUTRAL_GREY, "width": max(2, theme.marker_size // 3)},
                customdata=ids,
                name="ICU stay",
                hovertemplate="%{customdata}: ICU stay<extra></extra>",
            )
        )
    for kind, (symbol, colour_key, label) in MARKERS.items():
        part = series[series["lane"] == kind].drop_duplicates(["case", "day"])
        if part.empty:
            continue
        traces.append(
            go.Scatter(
                x=part["day"],
                y=part["case"].map(rows) + MARKER_Y,
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": theme.marker_size,
                    "color": theme.drug_class_colors[colour_key],
                    "line": {"width": 1, "color": theme.background},
                },
                customdata=part["case"],
                name=label,
                hovertemplate=f"%{{customdata}}: {label}, aligned day %{{x}}<extra></extra>",
            )
        )
    cases = selection.cases
    end = cases["last_day"].astype(int) - cases["offset"]
    for died, symbol, colour, label in (
        (False, "line-ns", NEUTRAL_GREY, "Last recorded day"),
        (True, "x-thin", OKABE_ITO_BLACK, "Death"),
    ):
        chosen = cases["died"] == died
        if chosen.any():
            traces.append(
                go.Scatter(
                    x=end[chosen],
                    y=cases.loc[chosen, "case"].map(rows),
                    mode="markers",
                    marker={
                        "symbol": symbol,
                        "size": theme.marker_size + 2,
                        "line": {"width": 2, "color": colour},
                    },
                    customdata=cases.loc[chosen, "case"],
                    name=label,
                    hovertemplate=f"%{{customdata}}: {label.lower()}, aligned day %{{x}}"
                    "<extra></extra>",
                )
            )
    for trace in traces:
        trace.update(xaxis="x2", yaxis="y2")
    return traces


def _summary(selection: Selection, syndrome: str, theme: Theme) -> list[go.Bar]:
    counts = summary_counts(selection, syndrome)
    # Stacked by hand (each grade's bars start where the lower grades end): the swimmer rows
    # below are bars too, and they must not stack.
    counts = counts.sort_values(["day", "grade"])
    counts["base"] = counts.groupby("day")["cases"].cumsum() - counts["cases"]
    return [
        go.Bar(
            x=part["day"],
            y=part["cases"],
            base=part["base"],
            marker={"color": theme.grade_colors[grade], "line": {"width": 0}},
            name=f"{syndrome} grade {grade}: cases",
            showlegend=False,
            hovertemplate=f"aligned day %{{x}}: %{{y}} cases at {syndrome} grade {grade}"
            "<extra></extra>",
        )
        for grade in GRADES
        if not (part := counts[counts["grade"] == grade]).empty
    ]


def _heading(selection: Selection, theme: Theme, title: str | None, caption: bool) -> str:
    heading = title or ""
    if caption:
        heading += f"<br><span style='font-size:{theme.small_font_size}px'>"
        heading += f"{cohort_caption(selection)}</span>"
    return heading


def _row_axis(cases: pd.DataFrame, theme: Theme, rows_px: float) -> dict:
    """The swimmer rows' axis: a label per case while they fit, in a font that fits a row."""
    labelled = len(cases) <= MAX_LABELLED_ROWS
    size = min(theme.small_font_size, max(MIN_LABEL_FONT, int(rows_px * 0.8)))
    return {
        "tickmode": "array",
        "tickvals": list(range(len(cases))) if labelled else [],
        "ticktext": [short(t) for t in cases["title"]] if labelled else [],
        "tickfont": {"size": size},
        "showgrid": False,
        "zeroline": False,
        "range": [len(cases) - 0.5, -0.5],
    }


def cohort_figure(
    selection: Selection, theme: Theme, title: str | None = None, caption: bool = False
) -> go.Figure:
    """The swimmer plot under its summary. With `caption`, the automatic caption goes under the
    title (for slides)."""
    cases = selection.cases
    syndrome = selection.view.summary.upper()
    rows = pd.Series(range(len(cases)), index=cases["case"], dtype=float)
    heading = _heading(selection, theme, title, caption)
    top = theme.margin_top + (theme.title_size + 2 * theme.small_font_size + 20 if heading else 10)
    height = theme.height or (
        SUMMARY_PX + row_px(len(cases)) * max(len(cases), MIN_ROWS) + top + 110
    )
    rows_px = (height - top - theme.margin_bottom - SUMMARY_PX - 40) / max(len(cases), 1)
    axis = _row_axis(cases, theme, rows_px)
    label_px = int(MAX_LABEL * axis["tickfont"]["size"] * 0.55) if axis["tickvals"] else 20
    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=40 / height,
        row_heights=[SUMMARY_PX / height, 1 - SUMMARY_PX / height],
    )
    figure.add_traces([*_summary(selection, syndrome, theme)], rows=1, cols=1)
    figure.add_traces([*_grade_bars(selection, rows, theme), *_markers(selection, rows, theme)])
    figure.update_layout(
        template="simple_white",
        height=height,
        width=theme.width,
        barmode="overlay",
        bargap=0,
        font={"family": theme.font_family, "size": theme.font_size, "color": theme.text_color},
        paper_bgcolor=theme.background,
        plot_bgcolor=theme.plot_background,
        margin={
            "l": theme.margin_left + label_px,
            "r": theme.margin_right,
            "t": top,
            "b": theme.margin_bottom,
        },
        title={
            "text": heading,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "pad": {"l": theme.margin_left},
            "font": {"size": theme.title_size},
        }
        if heading
        else None,
        legend={
            "x": 1.01,
            "y": 1,
            "yanchor": "top",
            "font": {"size": theme.small_font_size},
            "title": {"text": "ICANS bar, CRS<br>thin bar above it"},
        },
        hovermode="closest",
        clickmode="event",
    )
    figure.update_yaxes(
        row=1, title={"text": f"{syndrome} cases", "font": {"size": theme.small_font_size}}
    )
    figure.update_yaxes(row=2, **axis)
    figure.update_xaxes(
        row=2,
        title={"text": f"days from {ALIGNS[selection.view.align]}"},
        zeroline=True,
        zerolinecolor=theme.guide_color,
    )
    figure.update_xaxes(showgrid=True, gridcolor=theme.grid_color)
    return figure
