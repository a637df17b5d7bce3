"""What the timeline draws over its lanes: the key days as labelled guides, the phases as
faint shading with their key, and the caption (the key to derived marks, and the source)."""

from __future__ import annotations

import pandas as pd

from components.clinical.phases import case_day_span, key_days, phase_spans
from components.figures.text import (
    CHAR_WIDTH,
    HALF_DAY,
    LINE_HEIGHT,
    plot_width,
    text_annotation,
    wrapped,
)
from components.figures.theme import Theme

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


def guide_label_rows(
    events: pd.DataFrame, labelled: list[tuple[int, str]], theme: Theme
) -> list[int]:
    # Rows sized for the whole course: the widest view a person can zoom out to.
    first, last = case_day_span(events)
    return label_rows(labelled, (last - first + 1) / plot_width(theme), theme.small_font_size)


def guide_marks(
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
            text_annotation(
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


def phase_shading(events: pd.DataFrame, theme: Theme, legend: str) -> list[dict]:
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


def caption_lines(theme: Theme, footnote: str | None) -> list[str]:
    return wrapped([CAPTION, footnote or ""], theme)


def caption_annotation(theme: Theme, footnote: str | None) -> dict:
    """The key to derived marks, and the footnote (a source line), under the x-axis title."""
    return text_annotation(
        "\n".join(caption_lines(theme, footnote)),
        theme.small_font_size,
        theme.muted_text_color,
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        align="left",
        yshift=-theme.margin_bottom,
    )
