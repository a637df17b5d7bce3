"""Figures at slide size: the slide theme scaled to the canvas, a title, the automatic caption
of the range, the source at the foot and the presenter's notes of the range. Lanes that do not
fit one canvas go on several (`slide_figures`)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.export.renderer import SLIDE_16_9, ExportError, SlideSize
from components.figures.insight.registry import INSIGHT_FIGURES, insight_figure
from components.figures.lanes.registry import lane_keys
from components.figures.theme import SLIDE_THEME, Theme
from components.figures.timeline.caption import range_caption
from components.figures.timeline.figure import Texts, timeline_parts

MAX_AUTHORS = 3  # a longer author list is cut to the first and "et al." on a slide's foot


def slide_theme(size: SlideSize) -> Theme:
    return SLIDE_THEME.for_canvas(size.width, size.height)


def case_reference(case: Case) -> str:
    """The case's source as one line, for a slide's notes."""
    reference = case.info.reference
    return f"{reference.citation} doi:{reference.doi}" if reference else "Source not given"


def short_citation(citation: str) -> str:
    """'van Nijendaal RM, Vermaat JSP, Geraedts VJ, ... Title. Journal' with the authors cut to
    'van Nijendaal RM et al.' when there are more than `MAX_AUTHORS` (the notes keep them all)."""
    authors, dot, rest = citation.partition(". ")
    names = authors.split(", ")
    if not dot or len(names) <= MAX_AUTHORS:
        return citation
    return f"{names[0]} et al. {rest}"


def synthetic_mark(case: Case) -> str:
    """What every export of a synthetic case says at its foot, whatever its title."""
    return (
        "SYNTHETIC CASE: generated for demonstration, not a patient. "
        if case.info.synthetic
        else ""
    )


def source_line(case: Case) -> str | None:
    """The foot of a slide: the synthetic mark where it applies, and the source."""
    reference = case.info.reference
    source = (
        f"Source: {short_citation(reference.citation)} doi:{reference.doi}" if reference else ""
    )
    return synthetic_mark(case) + source or None


def chosen_lanes(case: Case, days: tuple[int, int], lanes: Sequence[str] | None) -> list[str]:
    """The lanes asked for that have data in the range; all such lanes when none are asked."""
    available = lane_keys(in_day_range(case.events, days))
    return [key for key in (lanes or available) if key in available] or available


def slide_figures(
    case: Case,
    days: tuple[int, int],
    lanes: Sequence[str] | None,
    title: str,
    size: SlideSize = SLIDE_16_9,
    notes: Sequence[Note] = (),
) -> list[go.Figure]:
    """The timeline as slides: the lanes with data in the range on as many canvases as they
    need, each with the title, the caption of the range, the source and the notes in range."""
    return timeline_parts(
        case.events,
        slide_theme(size),
        chosen_lanes(case, days, lanes),
        days,
        Texts(title, range_caption(case.events, days), source_line(case)),
        notes,
    )


def slide_figure(
    case: Case,
    days: tuple[int, int],
    lanes: Sequence[str] | None,
    title: str,
    size: SlideSize = SLIDE_16_9,
    notes: Sequence[Note] = (),
) -> go.Figure:
    """The first of `slide_figures`: all the lanes when they fit, or the first part."""
    return slide_figures(case, days, lanes, title, size, notes)[0]


def insight_slide_figure(
    case: Case, days: tuple[int, int], name: str, size: SlideSize
) -> go.Figure:
    """One of `INSIGHT_FIGURES` at slide size, for the days (the literature one is the course)."""
    if name not in INSIGHT_FIGURES:
        raise ExportError(f"No figure {name!r}; choose from {', '.join(INSIGHT_FIGURES)}.")
    return insight_figure(name, case.events, days, case.case_id, slide_theme(size))
