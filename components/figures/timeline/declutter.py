"""Data labels that would cover other text are left out of a fixed-size figure.

A grade's number over its bar, a peak value, an imaging label: on a slide each is placed in
pixels (from the lane's axis range and height) and kept only when it meets no text already
placed (lane titles, legends, key-day labels, labels kept before it). The mark stays; its hover
and the event table still say the value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from components.figures.text import HALF_DAY, legend_width, line_height, text_width
from components.figures.timeline.geometry import LaneHeader, legend_names, plain_width

if TYPE_CHECKING:
    from components.figures.lanes.lane import Lane
    from components.figures.theme import Theme

TEXT_HEIGHT = 1.2  # a line of text's box, as a multiple of its font size
GAP = 3  # pixels between a mark and its label


@dataclass(frozen=True)
class Box:
    """A text's box in canvas pixels, y downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    def meets(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    @staticmethod
    def of_annotation(
        annotation: dict,
        plot_width: float,
        days: tuple[int, int],
        plot_height: float,
        theme: Theme,
    ) -> Box:
        """A key-day label (x in days, y in paper units above the plot), relative to the plot's
        top-left corner."""
        size = annotation["font"]["size"]
        width = text_width(annotation["text"], size)
        x = _day_px(annotation["x"], days, plot_width) + annotation.get("xshift", 0)
        x0 = x - width if annotation.get("xanchor") == "right" else x
        bottom = (1 - annotation["y"]) * plot_height
        return Box(x0, bottom - size * TEXT_HEIGHT, x0 + width, bottom)


def _day_px(day: float, days: tuple[int, int], plot_width: float) -> float:
    low, high = days[0] - HALF_DAY, days[1] + HALF_DAY
    return (day - low) / (high - low) * plot_width


def _header_boxes(
    lane: Lane, header: LaneHeader, top: float, theme: Theme, plot_width: float
) -> list[Box]:
    """The lane's title and legend, above its body top `top` (plot pixels)."""
    title_h = line_height(theme.lane_title_size)
    title_bottom = top - (header.height - title_h if header.legend_below else 0) - GAP
    glyphs = theme.lane_title_size * TEXT_HEIGHT
    width = plain_width(header.title, theme.lane_title_size)
    boxes = [Box(0, title_bottom - glyphs, width, title_bottom)]
    names = legend_names(lane)
    if names:
        legend_w = min(legend_width(names, theme.small_font_size), plot_width)
        rows_h = max(header.legend_rows, 1) * line_height(theme.small_font_size)
        x0 = 0 if header.legend_below else plot_width - legend_w
        boxes.append(Box(x0, top - rows_h, x0 + legend_w, top - GAP))
    return boxes


def _y_px(value, axis: dict, top: float, body: float) -> float | None:
    """A value's height in plot pixels on a lane's axis, or None when it cannot be placed."""
    low, high = axis["range"] if axis.get("range") else (None, None)
    if low is None:
        return None
    if axis.get("type") == "category":
        order = list(axis["categoryarray"])
        if value not in order:
            return None
        position = order.index(value)
    elif axis.get("type") == "log":
        if value is None or value <= 0:
            return None
        position = math.log10(value)
    else:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        position = float(value)
    return top + (high - position) / (high - low) * body


def _label_box(trace, x_px: float, y_px: float, text: str, theme: Theme) -> Box:
    size = (
        trace.textfont.size if trace.textfont and trace.textfont.size else None
    ) or theme.small_font_size
    width, height = text_width(text, size), size * TEXT_HEIGHT
    if isinstance(trace, go.Bar):  # outside the end of a vertical bar
        return Box(x_px - width / 2, y_px - GAP - height, x_px + width / 2, y_px - GAP)
    marker = theme.marker_size / 2 + GAP
    if trace.textposition == "middle right":
        return Box(x_px + marker, y_px - height / 2, x_px + marker + width, y_px + height / 2)
    return Box(x_px - width / 2, y_px - marker - height, x_px + width / 2, y_px - marker)


def drop_colliding_labels(
    fig: go.Figure,
    lanes: list[Lane],
    tops: list[float],
    bodies: list[float],
    headers: list[LaneHeader],
    plot_width: float,
    days: tuple[int, int],
    theme: Theme,
    occupied: list[Box],
) -> None:
    """Blank each data label of `fig` that would meet text placed before it."""
    taken = list(occupied)
    for lane, header, top in zip(lanes, headers, tops, strict=True):
        taken += _header_boxes(lane, header, top, theme, plot_width)
    for trace in fig.data:
        labels = trace.text
        if labels is None or isinstance(labels, str) or trace.uid is None:
            continue
        if isinstance(trace, go.Bar) and (
            trace.orientation == "h" or trace.textposition != "outside"
        ):
            continue
        top, body = _lane_geometry(fig, trace, lanes, tops, bodies)
        axis = fig.layout[trace.yaxis.replace("y", "yaxis")].to_plotly_json()
        kept = []
        for x, y, text in zip(trace.x, trace.y, labels, strict=True):
            y_px = _y_px(y, axis, top, body)
            if not text or y_px is None:
                kept.append(text)
                continue
            box = _label_box(trace, _day_px(x, days, plot_width), y_px, text, theme)
            clear = (
                not any(box.meets(other) for other in taken)
                and box.x0 >= 0
                and box.x1 <= plot_width
            )
            if clear:
                taken.append(box)
            kept.append(text if clear else "")
        trace.text = kept


def _lane_geometry(fig, trace, lanes, tops, bodies) -> tuple[float, float]:
    """The top and body height of the lane a trace is drawn in (by its uid 'lane-n')."""
    key = trace.uid.rsplit("-", 1)[0]
    index = next(i for i, lane in enumerate(lanes) if lane.key == key)
    return tops[index], bodies[index]
