"""What a lane builder returns: its traces, y-axes, bands and height, in day coordinates.
The timeline stacks lanes and knows nothing about grades or drugs."""

from __future__ import annotations

from dataclasses import dataclass

from plotly.basedatatypes import BaseTraceType


@dataclass(frozen=True)
class Axis:
    """A lane's y-axis: a title with the unit, and a fixed range where the scale is fixed."""

    title: str
    range: tuple[float, float] | None = None
    log: bool = False
    #: Row labels of a lane with a row per drug or kind of care, top to bottom.
    categories: tuple[str, ...] = ()
    tickvals: tuple[float, ...] = ()
    ticktext: tuple[str, ...] = ()
    color: str | None = None
    #: Every tick kept whatever the lane's height (a strip label per small multiple).
    keep_ticks: bool = False
    #: False on a collapsed lane: a thin strip whose marks show when, not how much.
    show_labels: bool = True


@dataclass(frozen=True)
class Band:
    """A horizontal band in a lane, in the units of its axis (a reference range), or a dashed
    line across it (`line`: a threshold such as 38.0 °C)."""

    y0: float
    y1: float
    color: str
    label: str
    line: bool = False


@dataclass(frozen=True)
class Lane:
    traces: tuple[BaseTraceType, ...]
    y: Axis
    #: Height in pixels at the theme's sizes; the timeline stacks lanes in proportion.
    height: float
    y2: Axis | None = None
    #: Traces drawn against the right-hand axis `y2`.
    secondary_traces: tuple[BaseTraceType, ...] = ()
    bands: tuple[Band, ...] = ()
    #: Filled in by the registry (`lanes.LaneSpec.build_lane`): builders never retype them.
    key: str = ""
    title: str = ""
