"""The presenter view's content: the timeline in the slide theme for a projector, and the
steps the arrow keys go through (the case's phase presets, then its key intervals), each with
the caption of its days and the presenter's notes in them. Each step is drawn for its own days
as a slide is (no drug row empty in them), in parts when its lanes do not fit the screen.

Pure: the page (`web/pages/present_page.py`) only wires these to the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from components.cases.notes import Note
from components.clinical.intervals import key_intervals
from components.clinical.phases import day_range_presets, in_day_range
from components.figures.lanes.registry import LANES, lane_keys, overview_keys
from components.figures.theme import SLIDE_THEME, Theme
from components.figures.timeline.caption import range_caption
from components.figures.timeline.figure import Texts, timeline_parts

MIN_SIDE = 300  # pixels: a window smaller than this is laid out as if it were this big


def presenter_theme(width: int, height: int) -> Theme:
    """The slide theme on the screen's canvas: a projector at 1920 x 1080 gets slide fonts."""
    return replace(
        SLIDE_THEME.for_canvas(max(int(width), MIN_SIDE), max(int(height), MIN_SIDE)),
        name="presenter",
    )


@dataclass(frozen=True)
class Step:
    """One stop of the arrow keys: a named day range, its caption and its notes."""

    label: str
    days: tuple[int, int]
    caption: str
    notes: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "days": list(self.days),
            "caption": self.caption,
            "notes": list(self.notes),
        }


def notes_in(notes: Sequence[Note], days: tuple[int, int]) -> tuple[str, ...]:
    """'Day 45 (Drugs): first IT dose' for each note in the range, by day."""
    shown = sorted((n for n in notes if days[0] <= n.day <= days[1]), key=lambda n: n.day)
    return tuple(
        f"Day {n.day}{f' ({LANES[n.lane].title})' if n.lane in LANES else ''}: {n.text}"
        for n in shown
    )


def step_for(
    events: pd.DataFrame, notes: Sequence[Note], label: str, days: tuple[int, int]
) -> Step:
    return Step(label, days, range_caption(events, days), notes_in(notes, days))


def with_notes(steps: Sequence[Step], notes: Sequence[Note]) -> list[Step]:
    """The steps (of a case, kept) with the presenter's notes of each step's days."""
    return [replace(step, notes=notes_in(notes, step.days)) for step in steps]


def presenter_steps(events: pd.DataFrame, notes: Sequence[Note] = ()) -> list[Step]:
    """The phase presets, then the key intervals with days, each range once."""
    ranges = [(p.label, (p.first, p.last)) for p in day_range_presets(events)]
    ranges += [(i.label, i.span) for i in key_intervals(events) if i.span is not None]
    seen: set[tuple[int, int]] = set()
    steps = []
    for label, days in ranges:
        if days in seen:
            continue
        seen.add(days)
        steps.append(step_for(events, notes, label, days))
    return steps


def presenter_lanes(
    events: pd.DataFrame, asked: Sequence[str] | None, days: tuple[int, int] | None = None
) -> list[str]:
    """The lanes asked for that have data (in `days`, when given); else the overview lanes
    with data; else every lane with data. A room sees no lane that is empty in its days."""
    available = lane_keys(events if days is None else in_day_range(events, days))
    chosen = [k for k in asked or () if k in available]
    return chosen or [k for k in overview_keys() if k in available] or available


def presenter_parts(
    events: pd.DataFrame,
    lanes: Sequence[str],
    days: tuple[int, int],
    notes: Sequence[Note],
    size: Sequence[int] = (1920, 930),
) -> list[go.Figure]:
    """The days in the slide theme at the screen's size, as a slide export draws them: only
    the drugs and marks of these days, and the lanes split over parts when they do not fit
    the screen (each part says so, and names the lanes of the others)."""
    theme = presenter_theme(*size)
    return timeline_parts(events, theme, list(lanes), days, Texts(), notes)
