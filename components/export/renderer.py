"""Pictures of figures: one Kaleido browser kept warm per process, and the sizes it draws at.

A cold export starts Chromium (seconds), a warm one reuses it (a tenth of a second). When
Chromium is missing or crashes the caller gets an ExportError that says what to do, and the
next export starts a fresh browser. The page the browser draws in loads nothing from outside
(`export_page`): an export needs no network and runs no third-party script.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import kaleido
import plotly
import plotly.graph_objects as go

log = logging.getLogger(__name__)

IMAGE_FORMATS = ("png", "svg", "pdf")
CHROMIUM = Path("/usr/bin/chromium")
#: The plotly.js of the installed plotly package: the one the page's figures are made for.
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
INSTALL_HINT = (
    "Exporting pictures needs Chromium: run `make install`, or "
    "`apt-get install chromium chromium-driver` on Debian."
)


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
MIN_SIDE, MAX_SIDE = 200, 8000
MIN_SCALE, MAX_SCALE = 0.5, 4.0
_SIZE = re.compile(r"(\d+)x(\d+)(?:@(\d+(?:\.\d+)?))?")


def slide_size(width: float, height: float, scale: float = 1.0) -> SlideSize:
    """A size within what a slide or poster needs; ExportError says the limits otherwise."""
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ExportError(f"Width and height must be {MIN_SIDE}-{MAX_SIDE} pixels.")
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ExportError(f"Scale must be {MIN_SCALE:g}-{MAX_SCALE:g}.")
    return SlideSize(int(width), int(height), float(scale))


def parse_size(text: str) -> SlideSize:
    """'1920x1080', or '1920x1080@2' with a scale for a high-DPI PNG; ExportError otherwise."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise ExportError(f"Size {text!r}: expected WIDTHxHEIGHT, e.g. 1920x1080.")
    return slide_size(int(match[1]), int(match[2]), float(match[3] or 1))


def export_page() -> kaleido.PageGenerator:
    """The page Kaleido draws figures in: plotly.js from the installed package (a missing file
    is an error, never a fall-back to a CDN) and no MathJax (Kaleido's default fetches it from
    a public CDN; no text here is LaTeX, and case text is escaped as plain text)."""
    return kaleido.PageGenerator(plotly=PLOTLY_JS, mathjax=False)


class FigureRenderer:
    """Renders figures with one warm Kaleido browser, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._warm = False

    def _start(self) -> None:
        if not self._warm:
            kaleido.start_sync_server(page_generator=export_page(), silence_warnings=True)
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
