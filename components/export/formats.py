"""Slide-ready files from a figure: PNG, SVG, PDF and a PowerPoint deck, and the events as CSV.

One Kaleido browser is kept warm per process: a cold export starts Chromium (seconds), a warm
one reuses it (a tenth of a second). When Chromium is missing or crashes the caller gets an
ExportError that says what to do, and the next export starts a fresh browser.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.clinical.steroids import corticosteroid_rows
from components.figures.caption import range_caption
from components.figures.insight import (
    GRADE_CHECK,
    INSIGHT_FIGURES,
    INSIGHT_TABLES,
    INTRATHECAL_TIMING,
    KEY_INTERVALS,
    STEROID_EXPOSURE,
    InsightTable,
    insight_table,
    intrathecal_comparison,
    intrathecal_figure,
    steroid_figure,
)
from components.figures.lanes import deck_groups, lane_keys, overview_keys
from components.figures.notes import add_notes
from components.figures.theme import SLIDE_THEME, Theme
from components.figures.timeline import build_timeline

log = logging.getLogger(__name__)

IMAGE_FORMATS = ("png", "svg", "pdf")
EXPORT_FORMATS = (*IMAGE_FORMATS, "pptx", "csv")
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = (
    "Exporting pictures needs Chromium: run `make install`, or "
    "`apt-get install chromium chromium-driver` on Debian."
)
#: A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """An export that could not be made, with a message a person can act on."""


@dataclass(frozen=True)
class SlideSize:
    width: int = 1920
    height: int = 1080
    scale: float = 1.0

    @property
    def label(self) -> str:
        return f"{self.width}x{self.height}"


SLIDE_16_9 = SlideSize(1920, 1080)
SLIDE_4_3 = SlideSize(1440, 1080)
MIN_SIDE, MAX_SIDE = 200, 8000
MIN_SCALE, MAX_SCALE = 0.5, 4.0


def slide_size(width: float, height: float, scale: float = 1.0) -> SlideSize:
    """A size within what a slide or poster needs; ExportError says the limits otherwise."""
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ExportError(f"Width and height must be {MIN_SIDE}-{MAX_SIDE} pixels.")
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ExportError(f"Scale must be {MIN_SCALE:g}-{MAX_SCALE:g}.")
    return SlideSize(int(width), int(height), float(scale))


def export_file_name(case_id: str, days: tuple[int, int], what: str, fmt: str) -> str:
    """'axicel-relapsing-icans_days-40-50_timeline.png': says what the file is."""
    return f"{case_id}_days-{days[0]}-{days[1]}_{what}.{fmt}"


class FigureRenderer:
    """Renders figures with one warm Kaleido browser, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._warm = False

    def _start(self) -> None:
        if not self._warm:
            kaleido.start_sync_server(silence_warnings=True)
            self._warm = True

    def stop(self) -> None:
        with self._lock:
            if self._warm:
                kaleido.stop_sync_server(silence_warnings=True)
                self._warm = False

    def render(self, figure: go.Figure, fmt: str, size: SlideSize = SLIDE_16_9) -> bytes:
        if fmt not in IMAGE_FORMATS:
            raise ExportError(
                f"Unknown picture format {fmt!r}; choose one of {', '.join(IMAGE_FORMATS)}."
            )
        if not CHROMIUM.exists():
            raise ExportError(INSTALL_HINT)
        options = {"format": fmt, "width": size.width, "height": size.height, "scale": size.scale}
        with self._lock:
            try:
                self._start()
                return kaleido.calc_fig_sync(figure, opts=options)
            except Exception as error:
                # A crashed browser is dropped so that the next export starts a fresh one.
                log.exception("figure export failed")
                self._warm = False
                try:
                    kaleido.stop_sync_server(silence_warnings=True)
                except Exception:
                    log.debug("stopping the failed Kaleido server failed too", exc_info=True)
                raise ExportError(
                    f"The {fmt.upper()} export failed: the browser that draws pictures stopped. "
                    "A fresh one starts with the next export, so try again; if it fails again, "
                    "the server log has the details."
                ) from error


def events_csv(events: pd.DataFrame) -> str:
    """The events as CSV, with text that a spreadsheet would run as a formula neutralised.

    Numbers are written as numbers (a negative day stays -5); a text cell starting with = + - @
    gets a leading apostrophe, the convention spreadsheets show as plain text.
    """
    buffer = io.StringIO()
    table = events.copy()
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
            )
    table.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


@dataclass(frozen=True)
class DeckSlide:
    """One slide: its title and either the PNG at slide size or a table of text."""

    title: str
    png: bytes | None = None
    table: InsightTable | None = None


TABLE_FONT_PT = 10
TABLE_HEADING_PT = 11


def _add_table(deck, slide, table: InsightTable) -> None:
    """The table under a title line, full width; long text wraps inside its cell."""
    from pptx.util import Inches, Pt

    margin = Inches(0.4)
    heading = slide.shapes.add_textbox(
        margin, Inches(0.2), deck.slide_width - 2 * margin, Inches(0.6)
    )
    heading.text_frame.text = table.title
    heading.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
    shape = slide.shapes.add_table(
        len(table.rows) + 1,
        len(table.columns),
        margin,
        Inches(0.9),
        deck.slide_width - 2 * margin,
        Inches(0.3) * (len(table.rows) + 1),
    )
    grid = shape.table
    for column, (key, title) in enumerate(table.columns):
        cells = [title, *(str(row[key]) for row in table.rows)]
        for row, text in enumerate(cells):
            frame = grid.cell(row, column).text_frame
            frame.text = text
            frame.word_wrap = True
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(TABLE_HEADING_PT if row == 0 else TABLE_FONT_PT)


def slide_deck(title: str, subtitle: str, slides: list[DeckSlide], reference: str) -> bytes:
    """A 16:9 deck: a title slide, then one slide per picture at full width, the reference in
    every slide's notes."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = title
    cover.placeholders[1].text = subtitle
    cover.notes_slide.notes_text_frame.text = reference
    blank = deck.slide_layouts[6]
    for item in slides:
        slide = deck.slides.add_slide(blank)
        slide.name = item.title
        if item.png is not None:
            slide.shapes.add_picture(io.BytesIO(item.png), Emu(0), Emu(0), width=deck.slide_width)
        if item.table is not None:
            _add_table(deck, slide, item.table)
        slide.notes_slide.notes_text_frame.text = f"{item.title}\n\n{reference}"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# What goes on a slide.


def slide_theme(size: SlideSize) -> Theme:
    return replace(SLIDE_THEME, width=size.width, height=size.height)


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
        footnote=f"Source: {reference.citation} doi:{reference.doi}" if reference else None,
    )
    return add_notes(figure, [n for n in notes if days[0] <= n.day <= days[1]], theme)


def case_deck(
    case: Case,
    days: tuple[int, int],
    lanes: Sequence[str] | None,
    title: str,
    renderer: FigureRenderer,
    size: SlideSize = SLIDE_16_9,
    notes: Sequence[Note] = (),
) -> bytes:
    """Title slide, the timeline of the chosen lanes (or an overview), one slide per lane
    group that has data in the range, then the clinical insight figures and tables."""
    visible = lane_keys(in_day_range(case.events, days))
    chosen = [key for key in (lanes or overview_keys()) if key in visible]
    slides = [
        DeckSlide(title, renderer.render(slide_figure(case, days, chosen, title, size), "png"))
    ]
    for group, keys in deck_groups().items():
        present = [key for key in keys if key in visible and (not lanes or key in lanes)]
        if present:
            figure = slide_figure(case, days, present, f"{group}: {title}", size, notes)
            slides.append(DeckSlide(group, renderer.render(figure, "png", size)))
    slides.extend(insight_slides(case, days, renderer, size))
    reference = case.info.reference
    cite = f"{reference.citation} doi:{reference.doi}" if reference else "Source not given"
    subtitle = (
        f"{case.info.summary}\nDays {days[0]} to {days[1]}. {range_caption(case.events, days)}"
    )
    return slide_deck(title, subtitle.strip(), slides, cite)


def insight_slide_figure(
    case: Case, days: tuple[int, int], name: str, size: SlideSize
) -> go.Figure:
    """One of `INSIGHT_FIGURES` at slide size, for the days (the literature one is the course)."""
    theme = slide_theme(size)
    if name == STEROID_EXPOSURE:
        return steroid_figure(case.events, days, theme)
    if name == INTRATHECAL_TIMING:
        return intrathecal_figure(case.events, case.case_id, theme)
    raise ExportError(f"No figure {name!r}; choose from {', '.join(INSIGHT_FIGURES)}.")


def insight_slides(
    case: Case, days: tuple[int, int], renderer: FigureRenderer, size: SlideSize
) -> list[DeckSlide]:
    """The deck's insight slides: the exposure figure when a corticosteroid is in the days, the
    key intervals, the grade check when a day in range has one, the literature figure and
    table."""
    slides = []
    if len(corticosteroid_rows(in_day_range(case.events, days))):
        exposure = insight_slide_figure(case, days, STEROID_EXPOSURE, size)
        slides.append(
            DeckSlide(INSIGHT_FIGURES[STEROID_EXPOSURE], renderer.render(exposure, "png", size))
        )
    slides.append(
        DeckSlide(
            "Key intervals", table=insight_table(KEY_INTERVALS, case.events, days, case.case_id)
        )
    )
    check = insight_table(GRADE_CHECK, case.events, days, case.case_id)
    if check.rows:
        slides.append(DeckSlide("Grade check", table=check))
    timing, reports = intrathecal_comparison(case.events, case.case_id, slide_theme(size))
    slides.append(
        DeckSlide(INSIGHT_FIGURES[INTRATHECAL_TIMING], renderer.render(timing, "png", size))
    )
    slides.append(DeckSlide("Earlier reports", table=reports))
    return slides


def export_insight(
    case: Case,
    days: tuple[int, int],
    name: str,
    fmt: str,
    renderer: FigureRenderer,
    size: SlideSize = SLIDE_16_9,
) -> tuple[str, bytes]:
    """One insight figure as PNG, SVG or PDF, or one insight table as CSV: name and bytes."""
    if name in INSIGHT_TABLES:
        if fmt != "csv":
            raise ExportError(f"The {name} table exports as CSV.")
        table = insight_table(name, case.events, days, case.case_id)
        return export_file_name(case.case_id, days, name, fmt), events_csv(table.frame()).encode()
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"The {name} figure exports as {', '.join(IMAGE_FORMATS)}.")
    figure = insight_slide_figure(case, days, name, size)
    return export_file_name(case.case_id, days, name, fmt), renderer.render(figure, fmt, size)


def export_case(
    case: Case,
    days: tuple[int, int],
    fmt: str,
    renderer: FigureRenderer,
    lanes: Sequence[str] | None = None,
    title: str | None = None,
    size: SlideSize = SLIDE_16_9,
    notes: Sequence[Note] | None = None,
) -> tuple[str, bytes]:
    """One export of a case's day range: its file name and its bytes. Notes default to those
    saved with the case."""
    title = title or case.info.title
    notes = case.notes if notes is None else notes
    if fmt == "pptx":
        data = case_deck(case, days, lanes, title, renderer, size, notes)
    elif fmt == "csv":
        data = events_csv(in_day_range(case.events, days)).encode("utf-8")
        return export_file_name(case.case_id, days, "events", fmt), data
    else:
        data = renderer.render(slide_figure(case, days, lanes, title, size, notes), fmt, size)
    return export_file_name(case.case_id, days, "timeline", fmt), data
