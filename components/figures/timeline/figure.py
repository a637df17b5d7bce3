"""The timeline figure: the non-empty lanes stacked on one "day after CAR-T infusion" axis,
with the phases of the case shaded behind them and its key days as labelled guides.

Phases and key days are read from the events (ICANS onset, intrathecal days, ICU stays), so the
same code serves any case. The figure is built once per case and lane choice; a change of the
day range only moves the x-axis in the browser. The place of every text is worked out in
`figures.timeline.geometry` before plotly draws; a fixed canvas (a slide) that cannot hold
all lanes gets them in several figures (`timeline_parts`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from components.cases.notes import Note
from components.clinical.phases import case_day_span, in_day_range
from components.figures.lanes.lane import Lane
from components.figures.lanes.registry import LANES, LaneSpec, chosen_keys
from components.figures.text import (
    AXIS_LINES,
    HALF_DAY,
    SCREEN_LAYOUT_WIDTH,
    X_TITLE,
    line_height,
    wrap_to,
)
from components.figures.theme import SCREEN_THEME, Theme
from components.figures.timeline.axes import (
    day_axis,
    figure_layout,
    left_margin,
    right_margin,
)
from components.figures.timeline.declutter import Box, drop_colliding_labels
from components.figures.timeline.geometry import (
    LaneHeader,
    grow,
    lane_header,
    pack,
    plain_width,
)
from components.figures.timeline.overlays import (
    caption_annotation,
    caption_lines,
    label_rows,
    label_span,
    marker_shapes,
    markers,
    notes_for,
    phase_shading,
)
from components.figures.timeline.stack import figure_meta, stack_lanes
from components.model.schema import Col

COLLAPSED_ROWS = 2  # a collapsed lane is this many drug rows high
GROW_LIMIT = 2.2  # a numeric lane on a roomy canvas grows to at most this many times its minimum


@dataclass(frozen=True)
class Texts:
    """The words around a slide's lanes: title, subtitle (caption of the range), footnote."""

    title: str | None = None
    subtitle: str | None = None
    footnote: str | None = None


def collapsed_lane(lane: Lane, theme: Theme) -> Lane:
    """The lane as a thin strip: its marks keep their days, its axes and legend go."""

    def strip(axis):
        return None if axis is None else replace(axis, title="", show_labels=False)

    def quiet(traces):
        return tuple(t.update(showlegend=False) for t in traces)

    return replace(
        lane,
        height=theme.row_height * COLLAPSED_ROWS,
        y=strip(lane.y),
        y2=strip(lane.y2),
        bands=(),
        traces=quiet(lane.traces),
        secondary_traces=quiet(lane.secondary_traces),
    )


def build_lanes(
    events: pd.DataFrame,
    theme: Theme,
    lanes: Sequence[str] | None,
    collapsed: Collection[str] = (),
    registry: Mapping[str, LaneSpec] = LANES,
) -> list[Lane]:
    return [
        collapsed_lane(lane, theme) if lane.key in collapsed else lane
        for key in chosen_keys(lanes, registry)
        if (lane := registry[key].build_lane(events, theme)) is not None
    ]


def clipped(events: pd.DataFrame, days: tuple[int, int]) -> pd.DataFrame:
    """The events of the range, spans cut to it: a picture of days 40 to 50 draws a dose span
    from day 38 as starting at day 40, so its label starts inside the picture."""
    shown = in_day_range(events, days).copy()
    spans = shown[Col.END_DAY].notna()
    shown.loc[spans, Col.DAY] = shown.loc[spans, Col.DAY].clip(lower=days[0])
    shown.loc[spans, Col.END_DAY] = shown.loc[spans, Col.END_DAY].clip(upper=days[1])
    return shown


def _revision(events: pd.DataFrame) -> str:
    """The same for the same events: the browser keeps zoom and legend clicks across a rebuild
    of the same case (other lanes) and drops them for another case."""
    digest = hashlib.sha1(pd.util.hash_pandas_object(events).to_numpy().tobytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Frame:
    """The parts of a figure around its lanes, in pixels."""

    width: float
    left: float
    right: float
    title_size: int
    title_lines: list[str]
    subtitle_lines: list[str]
    phase_key: float
    marker_rows: list[int]
    marker_spans: list[tuple[float, float]]
    caption: list[str]

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    def above(self, theme: Theme) -> float:
        """From the canvas top to the first lane's header."""
        line = line_height(theme.small_font_size)
        rows = max(self.marker_rows, default=-1) + 1
        title = len(self.title_lines) * line_height(self.title_size)
        return (
            theme.margin_top
            + title
            + len(self.subtitle_lines) * line
            + self.phase_key
            + rows * line
            + (theme.lane_gap if title or rows else 0)
        )

    def below(self, theme: Theme) -> float:
        """From the bottom lane to the canvas bottom: the day axis and the caption."""
        axis = AXIS_LINES * line_height(theme.font_size)
        return axis + len(self.caption) * line_height(theme.small_font_size) + theme.margin_bottom


def fitted_title(title: str, theme: Theme, width: float) -> tuple[int, list[str]]:
    """A title that fits the width: shrunk down to the body font size, then wrapped."""
    for size in range(theme.title_size, theme.font_size - 1, -1):
        if plain_width(title, size) <= width:
            return size, [title]
    return theme.font_size, wrap_to([title], theme.font_size, width)


def _frame(
    events: pd.DataFrame,
    built: list[Lane],
    theme: Theme,
    days: tuple[int, int],
    texts: Texts,
    notes: Sequence[Note],
) -> tuple[Frame, list]:
    width = theme.width or SCREEN_LAYOUT_WIDTH
    left, right = left_margin(built, theme), right_margin(built, theme)
    text_room = width - 2 * theme.margin_left
    size, title_lines = fitted_title(texts.title, theme, text_room) if texts.title else (0, [])
    subtitle = (
        wrap_to([texts.subtitle or ""], theme.small_font_size, text_room) if texts.title else []
    )
    plot = width - left - right
    px_per_day = plot / (days[1] - days[0] + 1)
    found = markers(events, notes, days, px_per_day, theme.small_font_size)
    spans = [label_span(m, days, px_per_day, theme.small_font_size) for m in found]
    phases = bool(phase_shading(events, theme, "legend", days))
    phase_key = line_height(theme.small_font_size) + 14 if phases else 0
    frame = Frame(
        width,
        left,
        right,
        size,
        title_lines,
        subtitle,
        phase_key,
        label_rows(spans),
        spans,
        caption_lines(theme, texts.footnote, text_room),
    )
    return frame, found


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
    notes: Sequence[Note] = (),
    only_range: bool = False,
) -> go.Figure:
    """The lanes (all, or those named, in that order) that have data, on one day axis, in one
    figure (on a fixed canvas, squeezed if they must; `timeline_parts` splits them instead).

    Lanes named in `collapsed` are thin strips without axis labels. A slide adds a `title`, a
    `subtitle` under it (a caption of the range) and a `footnote` under the caption (the
    source); all are wrapped to the canvas. With `only_range`, lanes draw only the events of
    `day_range` (no empty drug rows on a slide); key days and phases still come from the case.

    The x-axis shows `day_range` (or the whole case), each end widened by half a day so the
    first and last day are drawn whole: days (40, 50) give the range [39.5, 50.5].
    """
    days = day_range or case_day_span(events)
    shown = clipped(events, days) if only_range else events
    built = build_lanes(shown, theme, lanes, collapsed, registry)
    return _assemble(events, built, theme, days, Texts(title, subtitle, footnote), notes)


def timeline_parts(
    events: pd.DataFrame,
    theme: Theme,
    lanes: Sequence[str] | None,
    day_range: tuple[int, int],
    texts: Texts,
    notes: Sequence[Note] = (),
    registry: Mapping[str, LaneSpec] = LANES,
) -> list[go.Figure]:
    """The lanes with data in `day_range` on a fixed canvas: one figure when they fit, else
    as many as needed, in lane order, each saying which part it is and what the others hold."""
    built = build_lanes(clipped(events, day_range), theme, lanes, (), registry)
    frame, _ = _frame(events, built, theme, day_range, texts, notes)
    headers = [lane_header(lane, theme, frame.plot_width) for lane in built]
    room = theme.height - frame.above(theme) - frame.below(theme)
    needs = [
        h.height + lane.height + theme.lane_gap for h, lane in zip(headers, built, strict=True)
    ]
    groups = pack(needs, room)
    if len(groups) == 1:
        return [_assemble(events, built, theme, day_range, texts, notes)]
    figures = []
    everywhere = [lane.key for lane in built]
    for number, group in enumerate(groups, start=1):
        here = [built[i].key for i in group]
        others = [built[i].title for g in groups if g is not group for i in g]
        part = f"part {number} of {len(groups)}"
        title = f"{texts.title} ({part})" if texts.title else part.capitalize()
        parts = "parts" if len(groups) > 2 else "part"
        footnote = f"Also in this view, in the other {parts}: {', '.join(others)}."
        figures.append(
            _assemble(
                events,
                [built[i] for i in group],
                theme,
                day_range,
                Texts(
                    title,
                    texts.subtitle,
                    " ".join(t for t in (footnote, texts.footnote) if t),
                ),
                notes_for(notes, here, everywhere),
            )
        )
    return figures


def _bodies(
    built: list[Lane], headers: list[LaneHeader], frame: Frame, theme: Theme
) -> list[float]:
    """Each lane's body height: its minimum, grown to fill a fixed canvas, or squeezed when it
    cannot hold even the minimums."""
    bodies = [lane.height for lane in built]
    if theme.height is None or not built:
        return bodies
    spare = (
        theme.height
        - frame.above(theme)
        - frame.below(theme)
        - sum(h.height for h in headers)
        - theme.lane_gap * (len(built) - 1)
        - sum(bodies)
    )
    if spare >= 0:
        return grow(bodies, [not lane.y.categories for lane in built], spare, GROW_LIMIT)
    scale = max(sum(bodies) + spare, 1) / sum(bodies)
    return [b * scale for b in bodies]


def _assemble(
    events: pd.DataFrame,
    built: list[Lane],
    theme: Theme,
    days: tuple[int, int],
    texts: Texts,
    notes: Sequence[Note],
) -> go.Figure:
    frame, found = _frame(events, built, theme, days, texts, notes)
    headers = [lane_header(lane, theme, frame.plot_width) for lane in built]
    bodies = _bodies(built, headers, frame, theme)
    first_header = headers[0].height if headers else 0
    plot_height = (
        sum(bodies) + sum(h.height for h in headers[1:]) + theme.lane_gap * max(len(built) - 1, 0)
    ) or theme.chart_lane_height
    top = frame.above(theme) + first_header
    bottom = frame.below(theme)

    fig, tops, phase_legend = stack_lanes(built, headers, bodies, theme, plot_height)
    lane_tops = {lane.key: top_px for lane, top_px in zip(built, tops, strict=True)}
    lines, labels = marker_shapes(
        found,
        frame.marker_rows,
        frame.marker_spans,
        theme,
        first_header + theme.lane_gap / 2,
        plot_height,
        {key: 1 - px / plot_height for key, px in lane_tops.items()},
    )
    left_edge = (theme.margin_left - frame.left) / frame.plot_width
    caption_below = AXIS_LINES * line_height(theme.font_size)
    # Assigned, not passed to update_layout: that would merge into the shapes already there.
    phases = phase_shading(events, theme, phase_legend, None if theme.interactive else days)
    fig.layout.shapes = [*phases, *fig.layout.shapes, *lines]
    fig.layout.annotations = [
        *fig.layout.annotations,
        *labels,
        caption_annotation(frame.caption, theme, left_edge, caption_below),
    ]
    fig.update_layout(
        figure_layout(theme, frame.title_size, frame.title_lines, frame.subtitle_lines),
        height=theme.height or round(plot_height + top + bottom),
        margin=_margins(frame, top, bottom),
        uirevision=_revision(events),
        meta=figure_meta(fig, built, [lane.key for lane in built if not lane.y.show_labels]),
        xaxis=day_axis(days, theme),
    )
    rows = max(frame.marker_rows, default=-1) + 1
    above = first_header + theme.lane_gap / 2 + rows * line_height(theme.small_font_size)
    fig.layout[phase_legend] = _phase_key(theme, left_edge, 1 + above / plot_height)
    if theme.width is not None:
        occupied = [
            Box.of_annotation(a, frame.plot_width, days, plot_height, theme) for a in labels
        ]
        drop_colliding_labels(
            fig, built, tops, bodies, headers, frame.plot_width, days, theme, occupied
        )
    return fig


def _margins(frame: Frame, top: float, bottom: float) -> dict:
    return {"l": round(frame.left), "r": round(frame.right), "t": round(top), "b": round(bottom)}


def _phase_key(theme: Theme, x: float, y: float) -> dict:
    """The key of the phase shading: one row above the key-day labels."""
    return {
        "orientation": "h",
        "x": x,
        "xanchor": "left",
        "y": y,
        "yanchor": "bottom",
        "bgcolor": "rgba(0,0,0,0)",
        "font": {"size": theme.small_font_size, "color": theme.text_color},
    }


__all__ = ["HALF_DAY", "X_TITLE", "Texts", "build_timeline", "timeline_parts"]
