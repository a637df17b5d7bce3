"""Exports of the cohort: the swimmer figure as PNG, SVG or PDF and as a slide in a deck, in the
slide theme with the automatic caption, and the registry table as CSV."""

from __future__ import annotations

from components.cases.cohort_select import Selection, cohort_caption, cohort_title
from components.cases.index import registry_table
from components.export.deck import DeckSlide, slide_deck
from components.export.renderer import (
    IMAGE_FORMATS,
    SLIDE_16_9,
    ExportError,
    FigureRenderer,
    SlideSize,
)
from components.export.slides import slide_theme
from components.figures.cohort.swimmers import cohort_figure, drawn_note
from components.model.csv_text import csv_text

COHORT_FORMATS = {
    "png": "PNG",
    "svg": "SVG",
    "pdf": "PDF",
    "pptx": "PowerPoint slide",
    "csv": "Table (CSV)",
}
SYNTHETIC_NOTE = (
    "Synthetic cases are generated for demonstration (case-timeline synth), not patients."
)


def cohort_file_name(selection: Selection, fmt: str) -> str:
    view = selection.view
    what = "table" if fmt == "csv" else "swimmer"
    return f"cohort_{view.align}_{view.rank.lstrip('-')}_{what}.{fmt}"


def export_cohort(
    selection: Selection, fmt: str, renderer: FigureRenderer, size: SlideSize = SLIDE_16_9
) -> tuple[str, bytes]:
    """One export of the cohort: its file name and bytes."""
    if fmt not in COHORT_FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of {', '.join(COHORT_FORMATS)}.")
    name = cohort_file_name(selection, fmt)
    if fmt == "csv":
        return name, csv_text(registry_table(selection.cases)).encode("utf-8")
    figure = cohort_figure(selection, slide_theme(size), cohort_title(selection), caption=True)
    if fmt in IMAGE_FORMATS:
        return name, renderer.render(figure, fmt, size)
    caption = " ".join(filter(None, [f"{cohort_caption(selection)}.", drawn_note(selection)]))
    note = SYNTHETIC_NOTE if selection.cases["synthetic"].any() else ""
    slide = DeckSlide(cohort_title(selection), renderer.render(figure, "png", size))
    deck = slide_deck(cohort_title(selection), f"{caption} {note}".strip(), [slide], note)
    return name, deck
