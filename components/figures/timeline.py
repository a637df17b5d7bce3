"""The timeline figure: the non-empty lanes stacked on one "day after CAR-T infusion" axis,
with the phases of the case shaded behind them and its key days as labelled guides.

Phases and key days are read from the events (ICANS onset, intrathecal days, ICU stays), so the
same code serves any case. The figure is built once per case and lane choice; a change of the
day range only moves the x-axis in the browser.
"""

from __future__ import annotations

import hashlib
import math
import textwrap
from collections.abc import Collection, Sequence
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.clinical.phases import (
    case_day_span,
    key_days,
    phase_spans,
)
from components.figures.lanes import LANES, Axis, Lane
from components.figures.theme import SCREEN_THEME, Theme

X_TITLE = "Day after CAR-T infusion"
HALF_DAY = 0.5  # day d is drawn from d - 0.5 to d + 0.5, so a range of whole days gets a margin
#: Width the screen figure is laid out for when it follows its container: used only to keep the
#: labels of nearby key days apart.
NOMINAL_WIDTH = 1400
CHAR_WIDTH = 0.6  # average character width as a fraction of the font size
LINE_HEIGHT = 1.45  # a text line as a multiple of its font size
LEGEND_HEIGHT = 2.2  # a one-row legend as a multiple of its font size
MIN_LANE_SCALE = 0.6  # a chart lane fitted into a fixed figure height keeps this much of it

PHASE_NAMES = {
    "lymphodepletion": "Lymphodepletion",
    "infusion": "CAR-T infusion",
    "icu": "ICU stay",
    "crs": "CRS episode",
    "icans": "ICANS episode",
}
CAPTION = (
    "Numbers on bars are ASTCT grades. Hatched bars, open markers and ≥ are derived here "
    "(an ASTCT rule, a lower bound, or an assumed dosing span); hover a mark for how."
)


def guides(events: pd.DataFrame) -> list[tuple[int, str]]:
    """(day, label) of each vertical guide, by day."""
    days = key_days(events)
    found = [(0, "Day 0")]
    if "icans_onset" in days:
        found.append((days["icans_onset"], "ICANS onset"))
    found += [(day, "IT chemo") for day in days.get("intrathecal", [])]
    return sorted(found)


def label_rows(labelled: list[tuple[int, str]], days_per_pixel: float, font_size: int) -> list[int]:
    """A row for each label (0 nearest the lanes) so labels on nearby days never overlap: each
    goes on the first row whose last label ends before its day."""
    row_ends: list[float] = []
    rows = []
    for day, label in labelled:
        width = (len(label) + 1) * font_size * CHAR_WIDTH * days_per_pixel
        row = next((r for r, end in enumerate(row_ends) if end < day), len(row_ends))
        if row == len(row_ends):
            row_ends.append(day + width)
        else:
            row_ends[row] = day + width
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# The figure.


def lane_keys(events: pd.DataFrame) -> list[str]:
    """The lanes this case has data for, in stacking order."""
    return [key for key, spec in LANES.items() if spec.build(events, SCREEN_THEME) is not None]


def _chosen_keys(lanes: Sequence[str] | None) -> list[str]:
    if lanes is None:
        return list(LANES)
    unknown = [key for key in lanes if key not in LANES]
    if unknown:
        raise ValueError(f"Unknown lanes: {', '.join(unknown)}; known: {', '.join(LANES)}")
    return list(dict.fromkeys(lanes))


def _axis_layout(axis: Axis, theme: Theme) -> dict:
    """Plotly y-axis properties for a lane's axis."""
    font = {"color": axis.color or theme.text_color}
    layout: dict = {
        "title": {"text": axis.title, "font": font, "standoff": 6},
        "tickfont": font,
        "gridcolor": theme.grid_color,
        "linecolor": theme.muted_text_color,
        "showline": True,
        "zeroline": False,
        "ticks": "outside",
        "tickcolor": theme.muted_text_color,
        "showspikes": False,
        "fixedrange": True,  # a zoom moves days, never a lane's scale
        "automargin": True,
    }
    if not axis.show_labels:
        layout["showticklabels"] = False
    if axis.log:
        layout["type"] = "log"
    if axis.range is not None:
        low, high = axis.range
        layout["range"] = [math.log10(low), math.log10(high)] if axis.log else [low, high]
    if axis.tickvals:
        layout["tickvals"] = list(axis.tickvals)
        layout["ticktext"] = list(axis.ticktext) or None
    if axis.categories:
        layout |= {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(axis.categories)),  # first row on top
            "range": [-0.6, len(axis.categories) - 0.4],
            # Every row keeps its label: plotly would otherwise skip some when rows are tight.
            "tickmode": "array",
            "tickvals": list(axis.categories),
        }
    return layout


COLLAPSED_ROWS = 2  # a collapsed lane is this many drug rows high


def collapsed_lane(lane: Lane, theme: Theme) -> Lane:
    """The lane as a thin strip: its marks keep their days, its axes lose their labels."""

    def strip(axis: Axis | None) -> Axis | None:
        return None if axis is None else replace(axis, title="", show_labels=False)

    return replace(
        lane, height=theme.row_height * COLLAPSED_ROWS, y=strip(lane.y), y2=strip(lane.y2), bands=()
    )


def _one_day_axis(fig: go.Figure, rows: int) -> None:
    """Put every lane on the one x-axis `x`, drawn under the bottom lane.

    make_subplots gives each lane its own x-axis matched to the bottom one; plotly.js draws an
    'across' spike line only over the lanes of the hovered x-axis, so with one axis per lane the
    hovered day would not run through the other lanes.
    """
    bottom = fig.layout[f"xaxis{rows}" if rows > 1 else "xaxis"].anchor
    fig.update_traces(xaxis="x")
    for row in range(2, rows + 1):
        fig.layout.pop(f"xaxis{row}")
    fig.layout.xaxis.update(matches=None, anchor=bottom, showticklabels=True)
    for name in fig.layout:
        if name.startswith("yaxis"):
            fig.layout[name].anchor = "x"


def _revision(events: pd.DataFrame) -> str:
    """The same for the same events: the browser keeps zoom and legend clicks across a rebuild
    of the same case (other lanes) and drops them for another case."""
    digest = hashlib.sha1(pd.util.hash_pandas_object(events).to_numpy().tobytes())
    return digest.hexdigest()[:16]


def _text(text: str, size: int, color: str, x: float, y: float, **position) -> dict:
    """An annotation: plain text at (x, y), in paper coordinates unless `position` says."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": size, "color": color},
        **position,
    }


# Shapes and annotations are gathered as dicts and set on the figure once: plotly re-validates
# every shape already on a figure at each add_shape, which is quadratic in a long case.


def _add_lane(
    fig: go.Figure, row: int, lane: Lane, legend: str | None, theme: Theme
) -> tuple[dict, list[dict], list[dict]]:
    """Put a lane's traces in its row; returns its axes and legend (layout properties), its
    bands and its title."""
    # Set before the traces join the figure: an update inside a figure costs a relayout.
    for position, trace in enumerate((*lane.traces, *lane.secondary_traces)):
        trace.update(legend=legend, uid=f"{lane.key}-{position}")
    fig.add_traces(list(lane.traces), rows=row, cols=1)
    if lane.secondary_traces:
        n = len(lane.secondary_traces)
        fig.add_traces(
            list(lane.secondary_traces), rows=[row] * n, cols=[1] * n, secondary_ys=[True] * n
        )
    subplot = fig.get_subplot(row, 1)
    top = subplot.yaxis.domain[1]
    layout = {subplot.yaxis.plotly_name: _axis_layout(lane.y, theme)}
    if lane.y2 is not None:
        right = fig.get_subplot(row, 1, secondary_y=True).yaxis.plotly_name
        layout[right] = _axis_layout(lane.y2, theme) | {"showgrid": False}
    if legend is not None:
        layout[legend] = {
            "orientation": "h",
            "x": subplot.xaxis.domain[1],  # the lanes' right edge, clear of a right axis
            "xanchor": "right",
            "y": top,
            "yanchor": "bottom",
            "bgcolor": "rgba(0,0,0,0)",
            "font": {"size": theme.small_font_size, "color": theme.text_color},
        }
    bands = [
        {
            # Shapes take data values on log axes too (plotly.js 3); axis ranges take logarithms.
            "type": "rect",
            "xref": "x domain",
            "yref": subplot.yaxis.plotly_name.replace("axis", ""),
            "x0": 0,
            "x1": 1,
            "y0": band.y0,
            "y1": band.y1,
            "fillcolor": band.color,
            "line": {"width": 0},
            "layer": "below",
            "label": {
                "text": band.label,
                "textposition": "top right",  # data thin out late in a course
                "font": {"size": theme.small_font_size, "color": theme.muted_text_color},
            },
        }
        for band in lane.bands
    ]
    title = _text(
        f"<b>{lane.title}</b>",
        theme.lane_title_size,
        theme.text_color,
        x=0,
        y=top,
        xanchor="left",
        yanchor="bottom",
        yshift=2,
        bgcolor=theme.background,  # key-day guides pass behind the title, not through it
    )
    return layout, bands, [title]


def _legend_names(count: int) -> list[str]:
    return ["legend" if n == 1 else f"legend{n}" for n in range(1, count + 1)]


def _plot_width(theme: Theme) -> float:
    return (theme.width or NOMINAL_WIDTH) - theme.margin_left - theme.margin_right


def _label_rows(events: pd.DataFrame, labelled: list[tuple[int, str]], theme: Theme) -> list[int]:
    # Rows sized for the whole course: the widest view a person can zoom out to.
    first, last = case_day_span(events)
    return label_rows(labelled, (last - first + 1) / _plot_width(theme), theme.small_font_size)


def _guides(
    labelled: list[tuple[int, str]], rows: list[int], theme: Theme, plot_height: float
) -> tuple[list[dict], list[dict]]:
    """Dotted lines at the key days, labelled above the top lane."""
    line = theme.small_font_size * LINE_HEIGHT
    lines, labels = [], []
    for (day, label), row in zip(labelled, rows, strict=True):
        y = 1 + (theme.lane_gap + row * line) / plot_height
        lines.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": day,
                "x1": day,
                "y0": 0,
                "y1": y + line / plot_height,
                "line": {"color": theme.guide_color, "width": 1, "dash": "dot"},
                "layer": "below",
            }
        )
        labels.append(
            _text(
                label,
                theme.small_font_size,
                theme.guide_color,
                x=day,
                y=y,
                xref="x",
                xanchor="left",
                yanchor="bottom",
                xshift=3,
            )
        )
    return lines, labels


def _phases(events: pd.DataFrame, theme: Theme, legend: str) -> list[dict]:
    """Faint full-height shading per phase, each kind once in the phase key."""
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": start - HALF_DAY,
            "x1": end + HALF_DAY,
            "y0": 0,
            "y1": 1,
            "fillcolor": theme.phase_colors[kind],
            "line": {"width": 0},
            "layer": "below",
            "name": PHASE_NAMES[kind],
            "legend": legend,
            "legendgroup": kind,
            "showlegend": position == 0,
        }
        for kind, found in phase_spans(events).items()
        for position, (start, end) in enumerate(found)
    ]


def _wrapped(text: str | None, theme: Theme) -> list[str]:
    """Small text broken into lines that fit the plot's width (plotly does not wrap)."""
    if not text:
        return []
    return textwrap.wrap(text, int(_plot_width(theme) / (theme.small_font_size * CHAR_WIDTH)))


def _caption_lines(theme: Theme, footnote: str | None) -> list[str]:
    return [*_wrapped(CAPTION, theme), *_wrapped(footnote, theme)]


def _caption(theme: Theme, footnote: str | None) -> dict:
    """The key to derived marks, and the footnote (a source line), under the x-axis title."""
    return _text(
        "<br>".join(_caption_lines(theme, footnote)),
        theme.small_font_size,
        theme.muted_text_color,
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        align="left",
        yshift=-theme.margin_bottom,
    )


def _lane_heights(built: list[Lane], theme: Theme, margins: float) -> list[float]:
    """Pixel height of each lane: as built, or fitted to the theme's fixed figure height.

    Fitting stretches or shrinks the lanes with a scale; lanes with a row per drug or kind of
    care keep their height, since their row labels would otherwise be skipped. When even the
    smallest scale does not fit, the figure is taller than the theme asks.
    """
    heights = [lane.height for lane in built]
    if theme.height is None or not built:
        return heights
    rows = sum(h for lane, h in zip(built, heights, strict=True) if lane.y.categories)
    scalable = sum(heights) - rows
    room = theme.height - margins - theme.lane_gap * (len(built) - 1) - rows
    scale = max(room / scalable, MIN_LANE_SCALE) if scalable else 1.0
    return [h if lane.y.categories else h * scale for lane, h in zip(built, heights, strict=True)]


def _stack(
    built: list[Lane], heights: list[float], theme: Theme, plot_height: float
) -> tuple[go.Figure, dict, list[dict], list[dict]]:
    """The lanes one under another, each with its title and legend above it; returns the
    figure with the lanes' traces, and their layout properties, shapes and annotations."""
    if not built:
        empty = _text(
            "Nothing recorded for these lanes",
            theme.font_size,
            theme.muted_text_color,
            x=0.5,
            y=0.5,
        )
        return go.Figure(), {}, [], [empty]
    fig = make_subplots(
        rows=len(built),
        cols=1,
        shared_xaxes=True,
        # One lane has no gap, and a short one (a single row of care) would ask for a gap
        # taller than the plot, which plotly refuses.
        vertical_spacing=theme.lane_gap / plot_height if len(built) > 1 else 0,
        row_heights=heights,
        specs=[[{"secondary_y": lane.y2 is not None}] for lane in built],
    )
    with_legend = [
        any(t.showlegend is not False for t in (*lane.traces, *lane.secondary_traces))
        for lane in built
    ]
    names = iter(_legend_names(len(built)))
    layout: dict = {}
    shapes, annotations = [], []
    for row, (lane, has_legend) in enumerate(zip(built, with_legend, strict=True), start=1):
        axes, bands, titles = _add_lane(fig, row, lane, next(names) if has_legend else None, theme)
        layout |= axes
        shapes += bands
        annotations += titles
    _one_day_axis(fig, len(built))
    return fig, layout, shapes, annotations


def build_timeline(
    events: pd.DataFrame,
    theme: Theme = SCREEN_THEME,
    lanes: Sequence[str] | None = None,
    day_range: tuple[int, int] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    footnote: str | None = None,
    collapsed: Collection[str] = (),
) -> go.Figure:
    """The lanes (all, or those named, in that order) that have data, on one day axis.

    Lanes named in `collapsed` are thin strips without axis labels. A slide adds a `title`, a
    `subtitle` under it (a caption of the range) and a `footnote`
    under the caption (the source); both are wrapped to the plot's width.

    The x-axis shows `day_range` (or the whole case), each end widened by half a day so the
    first and last day are drawn whole: days (40, 50) give the range [39.5, 50.5].
    """
    built = [
        collapsed_lane(lane, theme) if lane.key in collapsed else lane
        for key in _chosen_keys(lanes)
        if (lane := LANES[key].build(events, theme)) is not None
    ]
    first, last = day_range if day_range is not None else case_day_span(events)
    line = theme.small_font_size * LINE_HEIGHT
    labelled = guides(events)
    guide_rows = _label_rows(events, labelled, theme)
    # Above the top lane: its title and legend, the key-day labels, the phase key, the title.
    header = theme.lane_gap + (max(guide_rows, default=-1) + 1) * line
    subtitle_lines = _wrapped(subtitle, theme) if title else []
    title_band = theme.title_size * LINE_HEIGHT + len(subtitle_lines) * line if title else 0
    margin_top = theme.margin_top + header + LEGEND_HEIGHT * theme.small_font_size + title_band
    margin_bottom = theme.margin_bottom + len(_caption_lines(theme, footnote)) * line
    heights = _lane_heights(built, theme, margin_top + margin_bottom)
    plot_height = sum(heights) + theme.lane_gap * max(len(built) - 1, 0) or theme.chart_lane_height

    fig, lane_layout, shapes, annotations = _stack(built, heights, theme, plot_height)
    phase_legend = f"legend{len(built) + 1}"
    guide_lines, guide_labels = _guides(labelled, guide_rows, theme, plot_height)
    fig.update_layout(
        lane_layout,
        shapes=[*_phases(events, theme, phase_legend), *shapes, *guide_lines],
        annotations=[*annotations, *guide_labels, _caption(theme, footnote)],
        template="none",
        height=round(plot_height + margin_top + margin_bottom),
        width=theme.width,
        margin={
            "l": theme.margin_left,
            "r": theme.margin_right,
            "t": round(margin_top),
            "b": round(margin_bottom),
        },
        title=(
            {
                "text": title,
                "subtitle": {
                    "text": "<br>".join(subtitle_lines),
                    "font": {"size": theme.small_font_size, "color": theme.muted_text_color},
                },
                "x": 0,
                "xref": "paper",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": theme.margin_top},
                "font": {"size": theme.title_size, "color": theme.text_color},
            }
            if title
            else None
        ),
        font={"family": theme.font_family, "size": theme.font_size, "color": theme.text_color},
        paper_bgcolor=theme.background,
        plot_bgcolor=theme.plot_background,
        barmode="overlay",
        # Dose labels inside short bars are hidden rather than shrunk to an unreadable size.
        uniformtext={"minsize": theme.small_font_size, "mode": "hide"},
        hovermode="closest",
        hoverlabel={
            "bgcolor": theme.background,
            "font": {"family": theme.font_family, "size": theme.small_font_size},
            "align": "left",
        },
        uirevision=_revision(events),
        meta={
            "lanes": [lane.key for lane in built],
            "collapsed": [lane.key for lane in built if lane.key in collapsed],
            # The y-axis of each lane, for marks placed on a lane later (presenter's notes).
            "lane_axes": {
                lane.key: fig.get_subplot(row, 1).yaxis.plotly_name.replace("axis", "")
                for row, lane in enumerate(built, start=1)
            },
        },
        xaxis={
            "title": {"text": X_TITLE, "standoff": 8},
            "range": [first - HALF_DAY, last + HALF_DAY],
            "autorange": False,
            "showgrid": True,
            "gridcolor": theme.grid_color,
            "zeroline": False,
            "showline": True,
            "linecolor": theme.muted_text_color,
            "ticks": "outside",
            "tickcolor": theme.muted_text_color,
            "showspikes": True,
            "spikemode": "across",
            "spikesnap": "data",
            "spikedash": "dot",
            "spikethickness": 1,
            "spikecolor": theme.guide_color,
        },
    )
    fig.layout[phase_legend] = {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 1 + (header + 4) / plot_height,
        "yanchor": "bottom",
        "bgcolor": "rgba(0,0,0,0)",
        "font": {"size": theme.small_font_size, "color": theme.text_color},
    }
    return fig
