"""The timeline's axes and figure-wide layout from the theme: a lane's y-axis with ticks that
fit its height, the one day axis, the margins the axis labels need, fonts and the title."""

from __future__ import annotations

import math

from components.figures.lanes.lane import Axis, Lane
from components.figures.text import HALF_DAY, X_TITLE, plain_lines, plain_text, text_width
from components.figures.theme import Theme
from components.figures.timeline.geometry import axis_ticks

TICK_GAP = 14  # pixels between a tick label and the plot (tick mark and padding)


def tick_text(value: float) -> str:
    """How plotly writes a tick value (SI suffixes above a thousand)."""
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _label_width(axis: Axis | None, theme: Theme) -> float:
    """The widest tick label of an axis, in pixels."""
    if axis is None or not axis.show_labels:
        return 0.0
    if axis.categories:
        labels = list(axis.categories)
    elif axis.ticktext:
        labels = list(axis.ticktext)
    elif axis.tickvals:
        labels = [tick_text(v) for v in axis.tickvals]
    elif axis.range is not None:
        labels = [tick_text(v) for v in axis.range]
    else:
        labels = ["0000"]
    return max(text_width(label, theme.small_font_size) for label in labels)


def left_margin(lanes: list[Lane], theme: Theme) -> float:
    """Room for the widest left tick label of any lane (drug names), and the canvas pad."""
    widest = max((_label_width(lane.y, theme) for lane in lanes), default=0.0)
    return theme.margin_left + widest + TICK_GAP


def right_margin(lanes: list[Lane], theme: Theme) -> float:
    widest = max((_label_width(lane.y2, theme) for lane in lanes), default=0.0)
    return theme.margin_right + (widest + TICK_GAP if widest else 0.0)


def axis_layout(axis: Axis, theme: Theme, body: float) -> dict:
    """Plotly y-axis properties for a lane's axis, `body` pixels tall. Its title is in the
    lane's header (`layout.lane_title_text`): a rotated title would run into the next lane."""
    font = {"color": axis.color or theme.text_color, "size": theme.small_font_size}
    layout: dict = {
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
    if axis.categories:
        return layout | {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(axis.categories)),  # first row on top
            "range": [-0.6, len(axis.categories) - 0.4],
            # Every row keeps its label: plotly would otherwise skip some when rows are tight.
            "tickmode": "array",
            "tickvals": list(axis.categories),
        }
    ticks = axis_ticks(axis, body, theme)
    if ticks is not None:
        layout["tickmode"] = "array"
        layout["tickvals"] = ticks
        if axis.ticktext:
            by_value = dict(zip(axis.tickvals, axis.ticktext, strict=True))
            layout["ticktext"] = [plain_text(by_value[v]) for v in ticks]
    return layout


def day_axis(days: tuple[int, int], theme: Theme) -> dict:
    """The one day axis under the bottom lane, its spike line running through every lane."""
    return {
        "title": {"text": X_TITLE, "standoff": 6},
        "tickfont": {"size": theme.font_size},
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
        "automargin": False,
    }


#: Where plotly puts a one-line title's baseline under its anchor, in font sizes (its `dy`).
TITLE_BASELINE_EM = 0.7


def wrapped_title_drop(size: int, lines: int) -> int:
    """Pixels to move a title of several lines down so that its first line sits where a
    one-line title does. Plotly sets each line of a wrapped title at the anchor's own height,
    without the one-line title's baseline shift, so the first line of a title anchored at the
    canvas top is cut off (plotly.js #6472, plotly.py #4309)."""
    return round(TITLE_BASELINE_EM * size) if lines > 1 else 0


def figure_layout(
    theme: Theme, title_size: int, title_lines: list[str], subtitle: list[str]
) -> dict:
    """Fonts, colours, hover and the slide title, from the theme."""
    title = None
    if title_lines:
        title = {
            "text": plain_lines(title_lines),
            "subtitle": {
                "text": plain_lines(subtitle),
                "font": {"size": theme.small_font_size, "color": theme.muted_text_color},
            },
            "x": theme.margin_left / (theme.width or 1),
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": theme.margin_top + wrapped_title_drop(title_size, len(title_lines))},
            "font": {"size": title_size, "color": theme.text_color},
        }
    return {
        "template": "none",
        "width": theme.width,
        "title": title,
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
