"""Text boxes of an SVG as Chromium lays it out: for tests that no two labels of an exported
figure meet, that none is too small, and that all are inside the canvas. And what markup in a
case's text would have made of an exported SVG: links and styled text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Every visible, non-empty <text> element (under `root`, a CSS selector): its text, box and
#: font size in CSS pixels.
MEASURE = """(root) => Array.from(document.querySelectorAll(root + ' text')).map(t => {
    const r = t.getBoundingClientRect();
    const style = window.getComputedStyle(t);
    let hidden = false;
    for (let e = t; e && e.tagName !== 'svg'; e = e.parentElement) {
        const s = window.getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) {
            hidden = true;
        }
    }
    return {text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom,
            size: parseFloat(style.fontSize), hidden: hidden};
}).filter(b => !b.hidden && b.text.trim() && b.x1 > b.x0)"""

#: Two boxes meet when they overlap by more than this many pixels both ways (glyph boxes
#: include the line's ascent and descent, which touch on neighbouring rows).
TOLERANCE = 2.0


@dataclass(frozen=True)
class TextBox:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float

    def overlap(self, other: TextBox) -> tuple[float, float]:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0),
            min(self.y1, other.y1) - max(self.y0, other.y0),
        )


def text_boxes(browser: Browser, svg: Path, width: int, height: int) -> list[TextBox]:
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(svg.resolve().as_uri())
        return boxes_on(page, "svg")
    finally:
        page.close()


def boxes_on(page: Page, root: str) -> list[TextBox]:
    """The text boxes of the page's SVG under `root` (a CSS selector)."""
    found = page.evaluate(MEASURE, root)
    return [TextBox(b["text"], b["x0"], b["y0"], b["x1"], b["y1"], b["size"]) for b in found]


def collisions(boxes: list[TextBox]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx, dy = a.overlap(b)
            if dx > TOLERANCE and dy > TOLERANCE:
                found.append((a.text, b.text))
    return found


def outside(boxes: list[TextBox], width: int, height: int) -> list[str]:
    return [
        b.text for b in boxes if b.x0 < -1 or b.y0 < -1 or b.x1 > width + 1 or b.y1 > height + 1
    ]


def live_markup(svg: bytes, style: str = "font-size:80px") -> list[str]:
    """The links (<a> elements) in an SVG and the styles holding `style` (spaces ignored):
    markup in a case's text drawn as markup, not as text."""
    elements = list(ET.fromstring(svg).iter())
    links = [f"<a {e.attrib}>" for e in elements if e.tag.rsplit("}", 1)[-1] == "a"]
    styles = [e.get("style", "") for e in elements]
    return links + [s for s in styles if style in s.replace(" ", "")]


def svg_texts(svg: bytes) -> list[str]:
    """The text of every <text> element of an SVG, its tspans joined."""
    root = ET.fromstring(svg)
    return ["".join(e.itertext()) for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "text"]
