"""Where everything on the timeline goes, in pixels: the height each lane must have to show
what it holds (rows at the font size, a minimum for a grade or numeric lane), the band of text
above each lane (its title, its legend beside it or under it), the axis ticks that fit a lane,
and how lanes are packed into figures that fit a canvas.

All of it is estimated from the theme's font sizes before plotly draws anything, with the
character widths of `figures.text`, so that a fixed-size figure (a slide) is laid out once and
no two texts meet; the browser test measures the drawn SVG to hold us to it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from components.figures.lanes.lane import Axis, Lane
from components.figures.text import (
    LEGEND_PAD,
    legend_rows,
    legend_width,
    line_height,
    plain_text,
    text_width,
)
from components.figures.theme import Theme

TICK_SPACING = 1.9  # tick labels on a lane's axis at least this many font sizes apart
TITLE_LEGEND_GAP = 2.0  # between a lane's title and its legend on one line, in font sizes


def legend_names(lane: Lane) -> list[str]:
    """The legend entries of a lane, in order, once each."""
    traces = (*lane.traces, *lane.secondary_traces)
    names = [t.name for t in traces if t.showlegend is not False and t.name]
    return list(dict.fromkeys(names))


def lane_title_text(lane: Lane, theme: Theme) -> str:
    """The lane's bold title, and what its axes measure when the legend does not say it."""
    shown = set(legend_names(lane))
    notes = [
        a.title for a in (lane.y, lane.y2) if a is not None and a.title and a.title not in shown
    ]
    title = f"<b>{plain_text(lane.title)}</b>"
    if not notes:
        return title
    muted = f"<span style='color:{theme.muted_text_color}'>{plain_text(' · '.join(notes))}</span>"
    return f"{title}  {muted}"


def plain_width(text: str, size: float) -> float:
    """Width of annotation text with its markup taken out; bold counts a little wider."""
    bold = text.count("<b>")
    for tag in ("<b>", "</b>", "</span>"):
        text = text.replace(tag, "")
    while "<span" in text:
        start = text.index("<span")
        text = text[:start] + text[text.index(">", start) + 1 :]
    return text_width(html.unescape(text), size) * (1.08 if bold else 1.0)


@dataclass(frozen=True)
class LaneHeader:
    """The band above a lane's body: its title line, and its legend on it or under it."""

    title: str
    legend_below: bool
    legend_rows: int
    height: float


def lane_header(lane: Lane, theme: Theme, width: float) -> LaneHeader:
    title = lane_title_text(lane, theme)
    names = legend_names(lane)
    title_w = plain_width(title, theme.lane_title_size)
    beside = (
        title_w
        + TITLE_LEGEND_GAP * theme.small_font_size
        + legend_width(names, theme.small_font_size)
    )
    below = bool(names) and beside > width
    rows = legend_rows(names, theme.small_font_size, width) if below else int(bool(names))
    legend_h = rows * line_height(theme.small_font_size) + LEGEND_PAD * theme.small_font_size
    title_h = line_height(theme.lane_title_size)
    height = title_h + legend_h if below else max(title_h, legend_h if names else 0)
    return LaneHeader(title, below, rows, height)


def min_body(lane: Lane) -> float:
    """The least height a lane's body can have: its rows, or its minimum as built."""
    return lane.height


def tick_count(body: float, theme: Theme) -> int:
    """How many tick labels fit along a lane's axis of `body` pixels."""
    return max(2, int(body / (theme.small_font_size * TICK_SPACING)) + 1)


def thinned(values: Sequence[float], count: int) -> list[float]:
    """At most `count` of the values, first and last kept, evenly spaced."""
    values = list(values)
    if len(values) <= count:
        return values
    step = math.ceil((len(values) - 1) / (count - 1))
    kept = values[::step]
    return kept if kept[-1] == values[-1] or len(kept) < count else [*kept[:-1], values[-1]]


def nice_ticks(low: float, high: float, count: int) -> list[float]:
    """Round tick values within [low, high], at most `count` of them."""
    span = high - low
    if span <= 0:
        return [low]
    for step in (m * 10**e for e in range(-3, 8) for m in (1, 2, 2.5, 5)):
        ticks = [k * step for k in range(math.ceil(low / step), math.floor(high / step) + 1)]
        if len(ticks) <= count:
            return ticks
    return [low, high]


def log_ticks(low: float, high: float, count: int) -> list[float]:
    """Powers of ten within [low, high], at most `count` of them."""
    decades = [10.0**e for e in range(math.ceil(math.log10(low)), math.floor(math.log10(high)) + 1)]
    return thinned(decades, count)


def axis_ticks(axis: Axis, body: float, theme: Theme) -> list[float] | None:
    """Tick values that fit a lane of `body` pixels: the axis's own, thinned, or round ones in
    its range; None leaves them to plotly (an axis without a fixed range)."""
    count = tick_count(body, theme)
    if axis.tickvals:
        return list(axis.tickvals) if axis.keep_ticks else thinned(axis.tickvals, count)
    if axis.range is None:
        return None
    low, high = axis.range
    return log_ticks(low, high, count) if axis.log else nice_ticks(low, high, count)


def pack(needs: Sequence[float], room: float) -> list[list[int]]:
    """Lanes (by index, in order) into consecutive groups whose needs fit `room`; a lane that
    does not fit even alone gets a group of its own."""
    groups: list[list[int]] = []
    used = room
    for index, need in enumerate(needs):
        if not groups or used + need > room:
            groups.append([])
            used = 0.0
        groups[-1].append(index)
        used += need
    return groups


def grow(bodies: list[float], scalable: list[bool], extra: float, limit: float) -> list[float]:
    """Spare height shared out: numeric lanes grow first (up to `limit` times their minimum),
    then every lane alike."""
    grown = list(bodies)
    flexible = [i for i, s in enumerate(scalable) if s]
    if flexible and extra > 0:
        share = min(extra / len(flexible), *(bodies[i] * (limit - 1) for i in flexible))
        for i in flexible:
            grown[i] += share
        extra -= share * len(flexible)
    if extra > 0 and grown:
        grown = [h + extra / len(grown) for h in grown]
    return grown
