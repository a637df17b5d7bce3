"""Figures at slide size: the slide theme at the slide's size, a title, the automatic caption
of the range, the source at the foot and the presenter's notes of the range."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import plotly.graph_objects as go

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.export.renderer import SLIDE_16_9, ExportError, SlideSize
from components.figures.caption import range_caption
from components.figures.insight import INSIGHT_FIGURES, insight_figure
from components.figures.lanes import lane_keys
from components.figures.notes import add_notes
from components.figures.theme import SLIDE_THEME, Theme
from components.figures.timeline import build_timeline


def slide_theme(size: SlideSize) -> Theme:
    return replace(SLIDE_THEME, width=size.width, height=size.height)


def case_reference(case: Case) -> str:
    """The case's source as one line, for a slide's notes."""
    reference = case.info.reference
    return f"{reference.citation} doi:{reference.doi}" if reference else "Source not given"


def synthetic_mark(case: Case) -> str:
    """What every export of a synthetic case says at its foot, whatever its title."""
    return (
        "SYNTHETIC CASE: generated for demonstration, not a patient. "
        if case.info.synthetic
        else ""
    )


def slide_figure(
    case: Case,
    days: tuple[int, int],
    lanes: Sequence[str] | None,
    title: str,
    size: SlideSize = SLIDE_16_9,
    notes: Sequence[Note] = (),
) -> go.Figure:
    """The timeline as a slide: slide theme at the slide's size, a title, the automatic caption
    of the range under it, the source at the foot, and the presenter's notes in the range."""
    theme = slide_theme(size)
    available = lane_keys(case.events)
    chosen = [key for key in (lanes or available) if key in available] or available
    reference = case.info.reference
    # Only what the range shows: a drug given outside it gets no empty row on the slide.
    figure = build_timeline(
        in_day_range(case.events, days),
        theme,
        lanes=chosen,
        day_range=days,
        title=title,
        subtitle=range_caption(case.events, days),
        footnote=synthetic_mark(case)
        + (f"Source: {reference.citation} doi:{reference.doi}" if reference else "")
        or None,
    )
    return add_notes(figure, [n for n in notes if days[0] <= n.day <= days[1]], theme)


def insight_slide_figure(
    case: Case, days: tuple[int, int], name: str, size: SlideSize
) -> go.Figure:
    """One of `INSIGHT_FIGURES` at slide size, for the days (the literature one is the course)."""
    if name not in INSIGHT_FIGURES:
        raise ExportError(f"No figure {name!r}; choose from {', '.join(INSIGHT_FIGURES)}.")
    return insight_figure(name, case.events, days, case.case_id, slide_theme(size))
