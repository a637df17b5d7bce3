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
from dataclasses import dataclass
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go

log = logging.getLogger(__name__)

IMAGE_FORMATS = ("png", "svg", "pdf")
EXPORT_FORMATS = (*IMAGE_FORMATS, "pptx")
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
                    f"The {fmt.upper()} export failed ({error}). {INSTALL_HINT}"
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
    """One picture slide: its title and the PNG at slide size."""

    title: str
    png: bytes


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
        slide.shapes.add_picture(io.BytesIO(item.png), Emu(0), Emu(0), width=deck.slide_width)
        slide.notes_slide.notes_text_frame.text = f"{item.title}\n\n{reference}"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
