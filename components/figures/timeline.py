"""The timeline figure: the non-empty lanes stacked on one "day after CAR-T infusion" axis,
with the phases of the case shaded behind them and its key days as labelled guides.

Phases and key days are read from the events (ICANS onset, intrathecal days, ICU stays), so the
same code serves any case. The figure is built once per case and lane choice; a change of the
day range only moves the x-axis in the browser.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.clinical.phases import (
    case_day_span,
)
from components.figures.lane import Axis, Lane
from components.figures.lanes import LANES, LaneSpec, chosen_keys
from components.figures.overlays import (
    caption_annotation,
    caption_lines,
    guide_label_rows,
    guide_marks,
    guides,
    phase_shading,
)
from components.figures.text import (
    HALF_DAY,
    LINE_HEIGHT,
    X_TITLE,
    plain_lines,
    plain_text,
    text_annotation,
    wrapped,
)
from components.figures.theme import SCREEN_THEME, Theme

LEGEND_HEIGHT = 2.2  # a one-row legend as a multiple of its font size
MIN_LANE_SCALE = 0.6  # a chart lane fitted into a fixed figure height keeps this much of it

# ---------------------------------------------------------------------------------------------
# The figure.


def _axis_layout(axis: Axis, theme: Theme) -> dict:
    """Plotly y-axis properties for a lane's axis."""
    font = {"color": axis.color or theme.text_color}
    layout: dict = {
        "title": {"text": plain_text(axis.title), "font": font, "standoff": 6},
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
        layout["ticktext"] = [plain_text(t) for t in axis.ticktext] or None
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
                "text": plain_text(band.label),
                "textposition": "top right",  # data thin out late in a course
                "font": {"size": theme.small_font_size, "color": theme.muted_text_color},
            },
        }
        for band in lane.bands
    ]
    title = text_annotation(
        lane.title,
        theme.lane_title_size,
        theme.text_color,
        x=0,
        y=top,
        xanchor="left",
        yanchor="bottom",
        yshift=2,
        bold=True,
        bgcolor=theme.background,  # key-day guides pass behind the title, not through it
    )
    return layout, bands, [title]


def _legend_names(count: int) -> list[str]:
    return ["legend" if n == 1 else f"legend{n}" for n in range(1, count + 1)]


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
        empty = text_annotation(
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
    registry: Mapping[str, LaneSpec] = LANES,
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
        for key in chosen_keys(lanes, registry)
        if (lane := registry[key].build_lane(events, theme)) is not None
    ]
    labelled = guides(events)
    guide_rows = guide_label_rows(events, labelled, theme)
    line = theme.small_font_size * LINE_HEIGHT
    # Above the top lane: its title and legend, the key-day labels, the phase key, the title.
    header = theme.lane_gap + (max(guide_rows, default=-1) + 1) * line
    subtitle_lines = wrapped([subtitle or ""], theme) if title else []
    title_band = theme.title_size * LINE_HEIGHT + len(subtitle_lines) * line if title else 0
    margin_top = theme.margin_top + header + LEGEND_HEIGHT * theme.small_font_size + title_band
    margin_bottom = theme.margin_bottom + len(caption_lines(theme, footnote)) * line
    heights = _lane_heights(built, theme, margin_top + margin_bottom)
    plot_height = sum(heights) + theme.lane_gap * max(len(built) - 1, 0) or theme.chart_lane_height

    fig, lane_layout, shapes, annotations = _stack(built, heights, theme, plot_height)
    phase_legend = f"legend{len(built) + 1}"
    guide_lines, guide_labels = guide_marks(labelled, guide_rows, theme, plot_height)
    fig.update_layout(
        lane_layout | _figure_layout(theme, title, subtitle_lines),
        shapes=[*phase_shading(events, theme, phase_legend), *shapes, *guide_lines],
        annotations=[*annotations, *guide_labels, caption_annotation(theme, footnote)],
        height=round(plot_height + margin_top + margin_bottom),
        margin={
            "l": theme.margin_left,
            "r": theme.margin_right,
            "t": round(margin_top),
            "b": round(margin_bottom),
        },
        uirevision=_revision(events),
        meta=_meta(fig, built, collapsed),
        xaxis=_day_axis(day_range or case_day_span(events), theme),
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


def _meta(fig: go.Figure, built: list[Lane], collapsed: Collection[str]) -> dict:
    """What the figure says about itself: its lanes, and each lane's y-axis (for marks placed
    on a lane later, such as presenter's notes)."""
    return {
        "lanes": [lane.key for lane in built],
        "collapsed": [lane.key for lane in built if lane.key in collapsed],
        "lane_axes": {
            lane.key: fig.get_subplot(row, 1).yaxis.plotly_name.replace("axis", "")
            for row, lane in enumerate(built, start=1)
        },
    }


def _figure_layout(theme: Theme, title: str | None, subtitle_lines: list[str]) -> dict:
    """Fonts, colours, hover and the slide title, from the theme."""
    return {
        "template": "none",
        "width": theme.width,
        "title": (
            {
                "text": plain_text(title),
                "subtitle": {
                    "text": plain_lines(subtitle_lines),
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
        "font": {"family": theme.font_family, "size": theme.font_size, "color": theme.text_color},
        "paper_bgcolor": theme.background,
        "plot_bgcolor": theme.plot_background,
        "barmode": "overlay",
        # Dose labels inside short bars are hidden rather than shrunk to an unreadable size.
        "uniformtext": {"minsize": theme.small_font_size, "mode": "hide"},
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": theme.background,
            "font": {"family": theme.font_family, "size": theme.small_font_size},
            "align": "left",
        },
    }


def _day_axis(days: tuple[int, int], theme: Theme) -> dict:
    """The one day axis under the bottom lane, its spike line running through every lane."""
    return {
        "title": {"text": X_TITLE, "standoff": 8},
        "range": [days[0] - HALF_DAY, days[1] + HALF_DAY],
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
    }
