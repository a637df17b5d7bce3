"""What the timeline draws over its lanes: the key days and the presenter's notes as labelled
guides in a band above the lanes, the phases as faint shading with their key, and the caption
(the key to derived marks, and the source)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pandas as pd

from components.cases.notes import Note
from components.clinical.phases import key_days, phase_spans
from components.figures.text import (
    HALF_DAY,
    LINE_HEIGHT,
    text_annotation,
    text_width,
    wrap_to,
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
    "(an ASTCT rule, a lower bound, or an assumed dosing span)"
)
HOVER_HINT = "; hover a mark for how."
NOTE_LABEL_CHARS = 48  # a note longer than this is cut on the figure (its hover and list keep it)
LABEL_PAD = 0.5  # free space after a label, in font sizes


@dataclass(frozen=True)
class Marker:
    """A labelled vertical guide: a key day, or a presenter's note (on a lane's axis or over
    the whole figure)."""

    days: tuple[int, ...]
    label: str
    note: bool = False
    lane: str = ""


def guides(events: pd.DataFrame) -> list[tuple[int, str]]:
    """(day, label) of each key day, by day."""
    days = key_days(events)
    found = [(0, "Day 0")]
    if "icans_onset" in days:
        found.append((days["icans_onset"], "ICANS onset"))
    found += [(day, "IT chemo") for day in days.get("intrathecal", [])]
    return sorted(found)


def notes_for(
    notes: Sequence[Note], here: Sequence[str], everywhere: Collection[str]
) -> list[Note]:
    """The notes a figure of the lanes `here` shows, when an export shows `everywhere`: a note
    pinned to a lane goes with that lane only; one on no lane, or on a lane the export does not
    show, goes on every figure (over the whole of it)."""
    return [n for n in notes if not n.lane or n.lane in here or n.lane not in everywhere]


def note_label(text: str) -> str:
    """The note as its label shows it: cut when long (`text_annotation` makes it plain text)."""
    return text if len(text) <= NOTE_LABEL_CHARS else text[: NOTE_LABEL_CHARS - 1] + "…"


def markers(
    events: pd.DataFrame, notes: Sequence[Note], days: tuple[int, int], px_per_day: float, size: int
) -> list[Marker]:
    """The key days and notes within `days`, by day; guides of one label close enough for their
    labels to meet share one label ('IT chemo' over days 45 and 47)."""
    found: list[Marker] = []
    for day, label in guides(events):
        if not days[0] <= day <= days[1]:
            continue
        last = found[-1] if found else None
        reach = (text_width(label, size) + LABEL_PAD * size) / px_per_day
        if last and last.label == label and day - last.days[0] < reach:
            found[-1] = Marker((*last.days, day), label)
        else:
            found.append(Marker((day,), label))
    found += [
        Marker((n.day,), note_label(n.text), note=True, lane=n.lane)
        for n in notes
        if days[0] <= n.day <= days[1]
    ]
    return sorted(found, key=lambda m: m.days[0])


def label_span(
    marker: Marker, days: tuple[int, int], px_per_day: float, size: int
) -> tuple[float, float]:
    """Where a marker's label runs, in days: right of its first day, or left of it when it
    would run off the right end of the range."""
    width = (text_width(marker.label, size) + LABEL_PAD * size) / px_per_day
    start = marker.days[0]
    if start + width > days[1] + HALF_DAY:
        return start - width, start
    return start, start + width


def label_rows(spans: list[tuple[float, float]]) -> list[int]:
    """A row for each label (0 nearest the lanes) so labels never overlap: each goes on the
    first row whose last label ends before it starts."""
    row_ends: list[float] = []
    rows = []
    for start, end in spans:
        row = next((r for r, last in enumerate(row_ends) if last < start), len(row_ends))
        if row == len(row_ends):
            row_ends.append(end)
        else:
            row_ends[row] = end
        rows.append(row)
    return rows


def marker_shapes(
    found: list[Marker],
    rows: list[int],
    spans: list[tuple[float, float]],
    theme: Theme,
    band_bottom: float,
    plot_height: float,
    lane_tops: dict[str, float],
) -> tuple[list[dict], list[dict]]:
    """Dotted lines at the key days down through every lane (a note's down to its lane), and
    the labels in rows above the lanes; `band_bottom` is the band's lowest row in pixels above
    the plot's top."""
    line = theme.small_font_size * LINE_HEIGHT
    lines, labels = [], []
    for marker, row, (start, _) in zip(found, rows, spans, strict=True):
        y = 1 + (band_bottom + row * line) / plot_height
        bottom = lane_tops.get(marker.lane, 0.0) if marker.note else 0.0
        color = theme.text_color if marker.note else theme.guide_color
        lines += [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": day,
                "x1": day,
                "y0": bottom,
                # A shared label's text runs over its other days: their lines end under it.
                "y1": y + line / plot_height if day == marker.days[0] else y,
                "line": {"color": color, "width": 1, "dash": "dash" if marker.note else "dot"},
                "layer": "below",
                "name": "presenter-note" if marker.note else "key-day",
            }
            for day in marker.days
        ]
        right = start < marker.days[0]
        labels.append(
            text_annotation(
                marker.label,
                theme.small_font_size,
                color,
                x=marker.days[0],
                y=y,
                xref="x",
                xanchor="right" if right else "left",
                yanchor="bottom",
                xshift=-3 if right else 3,
                name="presenter-note" if marker.note else "key-day",
            )
        )
    return lines, labels


def phase_shading(
    events: pd.DataFrame, theme: Theme, legend: str, days: tuple[int, int] | None = None
) -> list[dict]:
    """Faint full-height shading per phase (those reaching into `days`), each kind once in the
    phase key."""
    shapes = []
    for kind, found in phase_spans(events).items():
        shown = [(a, b) for a, b in found if days is None or (b >= days[0] and a <= days[1])]
        shapes += [
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
            for position, (start, end) in enumerate(shown)
        ]
    return shapes


def caption_lines(theme: Theme, footnote: str | None, width: float) -> list[str]:
    """The key to derived marks (with the hover hint on screen only) and the footnote."""
    caption = CAPTION + (HOVER_HINT if theme.interactive else ".")
    return wrap_to([caption, footnote or ""], theme.small_font_size, width)


def caption_annotation(lines: list[str], theme: Theme, x: float, below: float) -> dict:
    """The caption under the x-axis title; `below` is how far under the plot it starts."""
    return text_annotation(
        "\n".join(lines),
        theme.small_font_size,
        theme.muted_text_color,
        x=x,
        y=0,
        xanchor="left",
        yanchor="top",
        align="left",
        yshift=-below,
        name="caption",
    )
