"""Figures and tables of the clinical insight panel, built from the pure cores.

API (pure; no dash):

- `steroid_exposure_figure(exposure, theme, day_range=None) -> go.Figure`: daily systemic
  corticosteroid dose as bars (hatched where a documented minimum) and the cumulative sum as a
  line on the right axis, both in mg dexamethasone equivalent; intrathecal hydrocortisone as
  markers on the day axis, apart from the dose scale. Take `exposure` from
  `steroids.steroid_exposure(events, day_range)` with the same range.
- `grade_check_table(events, days=None) -> list[dict]`: `grading.grade_check` as display text,
  JSON-safe for a grid, consecutive days that read alike joined ("days 15–19"); a derived grade
  as "≥3" where it is a lower bound, "not gradeable" where the findings cannot grade the day
  (never 0), "–" for no reported grade.
- `insight_layout(theme, title, footnote)`: the layout both insight figures share (fonts,
  colours, title and a wrapped source note under the plot).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.clinical.grading import DERIVED_ONLY, NOT_GRADEABLE, check_runs, grade_check
from components.clinical.phases import Span
from components.clinical.steroids import EQUIVALENCE_SOURCE, UNIT, SteroidExposure
from components.figures.marks import hover_data, hover_template
from components.figures.text import (
    AXIS_LINES,
    HALF_DAY,
    LINE_HEIGHT,
    X_TITLE,
    legend_grid_rows,
    line_height,
    plain_lines,
    plain_text,
    plot_width,
    wrapped,
)
from components.figures.theme import Theme
from components.model.drugs import CORTICOSTEROID, INTRATHECAL_CHEMOTHERAPY
from components.model.formatting import day_text, number_text

NO_VALUE = "–"
AT_LEAST = "≥"
CUMULATIVE_HEADROOM = 1.15  # the right axis runs this far above the total, for its label
IT_SYMBOL = "diamond"  # the timeline's intrathecal marker


def legend_entries(fig: go.Figure) -> list[str]:
    """The names the figure's legend lists, once each."""
    return list(dict.fromkeys(t.name for t in fig.data if t.showlegend is not False and t.name))


def insight_layout(
    theme: Theme,
    title: str,
    footnote: list[str],
    note_width: float = 1.0,
    legend: Sequence[str] = (),
) -> dict:
    """Fonts, colours, a left-aligned title, the legend under it and the note under the plot,
    from the theme. The top margin holds as many rows as the `legend` names wrap to in the
    plot's width (on a 4:3 slide three rows rose into the title).

    The note starts at the plot's left edge, under the x axis's tick labels and title (their
    room is reserved in the bottom margin: placed at the plot's edge, the note covered them);
    `note_width` is the share of the figure's width the plot is expected to take, so that long
    row labels leave the note room to wrap.
    """
    lines = wrapped(footnote, theme, note_width)
    note_height = theme.small_font_size * 1.4 * len(lines)
    axis_height = AXIS_LINES * theme.font_size * LINE_HEIGHT
    rows = legend_grid_rows(legend, theme.small_font_size, plot_width(theme, note_width))
    legend_height = max(rows - 1, 0) * line_height(theme.small_font_size)
    return {
        "title": _title_at_top(title, theme),
        "font": {"family": theme.font_family, "size": theme.font_size, "color": theme.text_color},
        "paper_bgcolor": theme.background,
        "plot_bgcolor": theme.plot_background,
        "width": theme.width,
        "height": theme.height,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "font": {"size": theme.small_font_size, "color": theme.text_color},
        },
        "margin": {
            "l": theme.margin_left,
            "r": theme.margin_right,
            "t": theme.margin_top + theme.title_size * 4 + legend_height,
            "b": axis_height + note_height + theme.margin_bottom,
        },
        "annotations": [_note_under_axis(lines, axis_height, theme)],
    }


def _title_at_top(title: str, theme: Theme) -> dict:
    """A left-aligned title at the top of the figure, not plotly's middle of the top margin,
    which grows with the legend."""
    return {
        "text": plain_text(title),
        "font": {"size": theme.title_size, "color": theme.text_color},
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"l": theme.margin_left, "t": theme.margin_top},
    }


def _note_under_axis(lines: list[str], axis_height: float, theme: Theme) -> dict:
    """The footnote at the plot's left edge, under the x axis's tick labels and title."""
    return {
        "text": plain_lines(lines),
        "x": 0,
        "y": 0,
        "xref": "paper",
        "yref": "paper",
        "yshift": -axis_height,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"size": theme.small_font_size, "color": theme.muted_text_color},
    }


# ---------------------------------------------------------------------------------------------
# Corticosteroid exposure.


def _mg(value: float, minimum: bool) -> str:
    return f"{AT_LEAST if minimum else ''}{number_text(value)} mg"


def _dose_lines(doses: pd.DataFrame) -> list[str]:
    """'Day 8: 1,000 mg × 1 = 187.5 mg dexamethasone equivalent'."""
    return [
        f"Day {day}: {number_text(mg)} mg × {per_day} = {_mg(eq, minimum)} "
        f"dexamethasone equivalent" + (" (documented minimum)" if minimum else "")
        for day, mg, per_day, eq, minimum in zip(
            doses["dose_day"],
            doses["dose_mg"],
            doses["doses_per_day"],
            doses["dex_eq_mg"],
            doses["documented_minimum"],
            strict=True,
        )
    ]


def _dose_bars(exposure: SteroidExposure, theme: Theme) -> list[go.Bar]:
    color = theme.drug_class_colors[CORTICOSTEROID]
    bars = []
    for minimum, name in ((False, "Daily dose"), (True, "Daily dose, documented minimum")):
        doses = exposure.doses[exposure.doses["documented_minimum"] == minimum]
        if doses.empty:
            continue
        bars.append(
            go.Bar(
                x=doses["dose_day"].to_numpy(float),
                y=doses["dex_eq_mg"].to_numpy(float),
                name=name,
                marker={
                    "color": color,
                    "line": {"color": theme.background, "width": 1},
                    "pattern": {
                        "shape": theme.derived_pattern if minimum else "",
                        "fillmode": "overlay",
                        "fgcolor": theme.background,
                        "solidity": 0.35,
                    },
                },
                customdata=hover_data(doses, _dose_lines(doses)),
                hovertemplate=hover_template(theme),
            )
        )
    return bars


def _daily_labels(exposure: SteroidExposure, theme: Theme) -> go.Scatter:
    """The day's total above its bars, once over a run of days with the same total, and '≥'
    where it is a documented minimum."""
    daily = exposure.daily
    run = (
        (daily["day"].diff() != 1)
        | (daily["dex_eq_mg"].diff() != 0)
        | (daily["documented_minimum"] != daily["documented_minimum"].shift())
    ).cumsum()
    runs = (
        daily[daily["dex_eq_mg"] > 0]
        .groupby(run)
        .agg(
            day=("day", "mean"), mg=("dex_eq_mg", "first"), minimum=("documented_minimum", "first")
        )
    )
    return go.Scatter(
        x=runs["day"].to_numpy(float),
        y=runs["mg"].to_numpy(float),
        mode="text",
        text=[
            f"{AT_LEAST if m else ''}{number_text(v)}"
            for v, m in zip(runs["mg"], runs["minimum"], strict=True)
        ],
        textposition="top center",
        textfont={"size": theme.small_font_size, "color": theme.drug_class_colors[CORTICOSTEROID]},
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )


def _cumulative_line(exposure: SteroidExposure, theme: Theme) -> go.Scatter:
    """A step that rises at the start of each dose day and holds to the end of the range."""
    daily = exposure.daily
    x = [*(daily["day"] - HALF_DAY), daily["day"].iloc[-1] + HALF_DAY]
    y = [*daily["cumulative_mg"], daily["cumulative_mg"].iloc[-1]]
    minimum = [*daily["cumulative_minimum"], daily["cumulative_minimum"].iloc[-1]]
    days = [*daily["day"], daily["day"].iloc[-1]]
    return go.Scatter(
        x=x,
        y=y,
        name=(
            f"Cumulative: {_mg(exposure.cumulative_mg, exposure.documented_minimum)} "
            f"by {day_text(days[-1], None)}"
        ),
        mode="lines",
        line={"color": theme.text_color, "width": theme.line_width, "shape": "hv"},
        customdata=[[day, _mg(total, m)] for day, total, m in zip(days, y, minimum, strict=True)],
        hovertemplate=(
            "<b>Cumulative to day %{customdata[0]}</b><br>%{customdata[1]} "
            "dexamethasone equivalent<extra></extra>"
        ),
    )


def _intrathecal_marks(exposure: SteroidExposure, theme: Theme) -> go.Scatter:
    rows = exposure.intrathecal
    color = theme.drug_class_colors[INTRATHECAL_CHEMOTHERAPY]
    given = [
        f"{number_text(v)} {u} {r}: into the CSF; not converted, not added to systemic dosing"
        for v, u, r in zip(rows["value"], rows["unit"], rows["route"], strict=True)
    ]
    return go.Scatter(
        x=rows["day"].to_numpy(float),
        y=[0.0] * len(rows),
        name=f"{' and '.join(sorted(set(rows['item'])))} IT (not added)",
        mode="markers",
        marker={
            "color": color,
            "size": theme.marker_size + 2,
            "symbol": IT_SYMBOL,
            "line": {"color": theme.background, "width": 1},
        },
        cliponaxis=False,
        customdata=hover_data(rows, given),
        hovertemplate=hover_template(theme),
    )


def steroid_exposure_figure(
    exposure: SteroidExposure, theme: Theme, day_range: Span | None = None
) -> go.Figure:
    """Daily bars and the cumulative line of systemic corticosteroids, IT doses apart."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_traces(_dose_bars(exposure, theme))
    minimum = exposure.documented_minimum
    footnote = [EQUIVALENCE_SOURCE]
    if len(exposure.daily):
        fig.add_trace(_daily_labels(exposure, theme))
        fig.add_trace(_cumulative_line(exposure, theme), secondary_y=True)
        if minimum:
            footnote.insert(
                0,
                "Documented minimum (≥, hatched): where the record leaves the frequency or the "
                "schedule open, the fewest doses it shows are counted; see the assumptions.",
            )
    if len(exposure.intrathecal):
        fig.add_trace(_intrathecal_marks(exposure, theme))
    days = day_range or (
        (int(exposure.daily["day"].iloc[0]), int(exposure.daily["day"].iloc[-1]))
        if len(exposure.daily)
        else None
    )
    title = f"Systemic corticosteroids, {UNIT}"
    fig.update_layout(
        insight_layout(
            theme,
            title + (" (documented minimum)" if minimum else ""),
            footnote,
            legend=legend_entries(fig),
        ),
        barmode="stack",
        legend_traceorder="normal",
        bargap=0.15,
        hovermode="closest",
    )
    _steroid_axes(fig, exposure, days, theme)
    return fig


def _steroid_axes(
    fig: go.Figure, exposure: SteroidExposure, days: Span | None, theme: Theme
) -> None:
    """The day axis, the daily dose on the left and the cumulative dose on the right."""
    axis = {
        "gridcolor": theme.grid_color,
        "linecolor": theme.muted_text_color,
        "showline": True,
        "ticks": "outside",
        "tickcolor": theme.muted_text_color,
        "zeroline": False,
        "rangemode": "tozero",
    }
    fig.update_xaxes(
        axis,
        title={"text": X_TITLE},
        range=None if days is None else [days[0] - HALF_DAY, days[1] + HALF_DAY],
        rangemode="normal",
    )
    fig.update_yaxes(
        axis,
        title={"text": f"Per day ({UNIT})"},
        tickfont={"color": theme.drug_class_colors[CORTICOSTEROID]},
        secondary_y=False,
    )
    fig.update_yaxes(
        axis,
        title={"text": f"Cumulative ({UNIT})"},
        showgrid=False,
        tickmode="auto",
        range=[0, max(exposure.cumulative_mg, 1.0) * CUMULATIVE_HEADROOM],
        secondary_y=True,
    )


# ---------------------------------------------------------------------------------------------
# Grade check.


def _derived_text(derived, at_least: bool) -> str:
    if pd.isna(derived):
        return NOT_GRADEABLE
    return f"{AT_LEAST if at_least else ''}{int(derived)}"


def grade_check_table(events: pd.DataFrame, days: Span | None = None) -> list[dict]:
    """One dict per checked run of days (the whole course, or the runs that touch `days`):
    syndrome, day, end_day, days, reported, derived, verdict, why; plain str and int values,
    ready for a grid or a CSV. The check is always of the whole course, because a day's CRS
    grade can rest on an earlier day (fever waived after treatment within an episode). A
    derived 0 with no reported grade ("at least 0") says nothing and is left out."""
    runs = check_runs(grade_check(events))
    if days is not None:
        runs = runs[(runs["day"] <= days[1]) & (runs["end_day"] >= days[0])]
    runs = runs[~((runs["check"] == DERIVED_ONLY) & (runs["derived"] == 0))]
    return [
        {
            "syndrome": row.syndrome,
            "day": int(row.day),
            "end_day": int(row.end_day),
            "days": day_text(row.day, row.end_day),
            "reported": NO_VALUE if pd.isna(row.reported) else str(int(row.reported)),
            "derived": _derived_text(row.derived, row.at_least),
            "verdict": row.check,
            "why": row.criterion,
        }
        for row in runs.itertuples(index=False)
    ]
