"""The timeline's lanes stacked into one plotly figure: each lane's traces in its own band of
the canvas (heights from `figures.timeline.geometry`), its axes, reference bands, title and
legend, and the one day axis every lane shares."""

from __future__ import annotations

from collections.abc import Collection

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures.lanes.lane import Lane
from components.figures.text import line_height, text_annotation
from components.figures.theme import Theme
from components.figures.timeline.axes import axis_layout
from components.figures.timeline.geometry import LaneHeader


def _legend_layout(header: LaneHeader, top: float, theme: Theme) -> dict:
    """A lane's legend: right of its title, or on the rows under it."""
    return {
        "orientation": "h",
        "x": 0 if header.legend_below else 1,
        "xanchor": "left" if header.legend_below else "right",
        "y": top,
        "yanchor": "bottom",
        "bgcolor": "rgba(0,0,0,0)",
        "font": {"size": theme.small_font_size, "color": theme.text_color},
        "tracegroupgap": 0,
    }


def stack_lanes(
    built: list[Lane],
    headers: list[LaneHeader],
    bodies: list[float],
    theme: Theme,
    plot_height: float,
) -> tuple[go.Figure, list[float], str]:
    """The lanes one under another, each under its header; returns the figure (traces, axes,
    bands, titles, legends), each lane's top in pixels from the plot's top, and the name of
    the next free legend."""
    if not built:
        empty = text_annotation(
            "Nothing recorded for these lanes", theme.font_size, theme.muted_text_color, 0.5, 0.5
        )
        return go.Figure(layout={"annotations": [empty]}), [], "legend"
    fig = make_subplots(
        rows=len(built),
        cols=1,
        shared_xaxes=True,
        specs=[[{"secondary_y": lane.y2 is not None}] for lane in built],
    )
    layout: dict = {}
    shapes, annotations, tops = [], [], []
    cursor = 0.0
    # Legends are numbered in order over the lanes that have one: plotly wants no gaps.
    legends = iter(f"legend{n}" if n > 1 else "legend" for n in range(1, len(built) + 2))
    for row, (lane, header, body) in enumerate(zip(built, headers, bodies, strict=True), start=1):
        if row > 1:
            cursor += theme.lane_gap + header.height
        tops.append(cursor)
        domain = [max(1 - (cursor + body) / plot_height, 0.0), min(1 - cursor / plot_height, 1.0)]
        cursor += body
        has_legend = any(t.showlegend is not False for t in (*lane.traces, *lane.secondary_traces))
        legend = next(legends) if has_legend else None
        for position, trace in enumerate((*lane.traces, *lane.secondary_traces)):
            trace.update(legend=legend if has_legend else None, uid=f"{lane.key}-{position}")
        fig.add_traces(list(lane.traces), rows=row, cols=1)
        if lane.secondary_traces:
            n = len(lane.secondary_traces)
            fig.add_traces(
                list(lane.secondary_traces), rows=[row] * n, cols=[1] * n, secondary_ys=[True] * n
            )
        subplot = fig.get_subplot(row, 1)
        name = subplot.yaxis.plotly_name
        layout[name] = axis_layout(lane.y, theme, body) | {"domain": domain}
        if lane.y2 is not None:
            right = fig.get_subplot(row, 1, secondary_y=True).yaxis.plotly_name
            layout[right] = axis_layout(lane.y2, theme, body) | {"showgrid": False}
        if has_legend:
            layout[legend] = _legend_layout(header, domain[1], theme)
        shapes += _bands(lane, name, theme)
        annotations.append(_lane_title(header, domain[1], theme, plot_height))
    fig.update_layout(layout, shapes=shapes, annotations=annotations)
    _one_day_axis(fig, len(built))
    return fig, tops, next(legends)


def _lane_title(header: LaneHeader, top: float, theme: Theme, plot_height: float) -> dict:
    """The lane's title over its body (`top`, paper units), above its legend when that is under
    the title; its markup (bold title, muted axis note) is built of plain text already."""
    lifted = top + (header.height - line_height(theme.lane_title_size)) / plot_height
    title = text_annotation(
        "",
        theme.lane_title_size,
        theme.text_color,
        x=0,
        y=lifted if header.legend_below else top,
        xanchor="left",
        yanchor="bottom",
        bgcolor=theme.background,  # key-day guides pass behind the title, not through it
        name="lane-title",
    )
    return title | {"text": header.title}


def _bands(lane: Lane, axis_name: str, theme: Theme) -> list[dict]:
    """A lane's reference bands, full width behind its marks (their ranges are in the legend
    or the axis labels), and its threshold lines, dashed."""
    shapes = []
    for band in lane.bands:
        shape = {
            # Shapes take data values on log axes too (plotly.js 3); axis ranges take logarithms.
            "type": "line" if band.line else "rect",
            "xref": "x domain",
            "yref": axis_name.replace("axis", ""),
            "x0": 0,
            "x1": 1,
            "y0": band.y0,
            "y1": band.y1,
            "layer": "below",
            "name": band.label,
        }
        if band.line:
            shape["line"] = {
                "color": band.color,
                "width": max(theme.line_width / 2, 1),
                "dash": "dash",
            }
        else:
            shape |= {"fillcolor": band.color, "line": {"width": 0}}
        shapes.append(shape)
    return shapes


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
    fig.layout.xaxis.update(matches=None, anchor=bottom, showticklabels=True, domain=[0, 1])
    for name in fig.layout:
        if name.startswith("yaxis"):
            fig.layout[name].anchor = "x"


def figure_meta(fig: go.Figure, built: list[Lane], collapsed: Collection[str]) -> dict:
    """What the figure says about itself: its lanes, and each lane's y-axis (for marks placed
    on a lane later, such as presenter's notes)."""
    return {
        "lanes": [lane.key for lane in built],
        "collapsed": list(collapsed),
        "lane_axes": {
            lane.key: fig.get_subplot(row, 1).yaxis.plotly_name.replace("axis", "")
            for row, lane in enumerate(built, start=1)
        }
        if built
        else {},
    }
