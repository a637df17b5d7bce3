"""Text on figures: the one rule for text from a case (`plain_text`), how wide and tall text
runs at a font size, wrapping to a plot's width (plotly does not wrap), and plain-text
annotations. Shared by the timeline and the insight figures so that both treat text the same
way."""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from components.figures.theme import Theme

X_TITLE = "Day after CAR-T infusion"
HALF_DAY = 0.5  # day d is drawn from d - 0.5 to d + 0.5, so a range of whole days gets a margin
#: Width a figure that follows its container is laid out for: to wrap its notes and keep the
#: labels of nearby key days apart.
NOMINAL_WIDTH = 1400
#: Width the timeline on screen is laid out for (a laptop's figure column, 1280 px and up): its
#: legends, key-day labels and notes are placed to fit it, and wider screens have room to spare.
SCREEN_LAYOUT_WIDTH = 1150
CHAR_WIDTH = 0.6  # a generous average character width, as a fraction of the font size
LINE_HEIGHT = 1.45  # a text line as a multiple of its font size
#: A legend item: its symbol and the gaps around its text, as multiples of the font size.
LEGEND_SYMBOL = 2.6
LEGEND_PAD = 0.6  # plotly's own padding around a legend, as a multiple of its font size
AXIS_LINES = 2.3  # tick labels and title of a day axis, in lines of the axis font


@dataclass(frozen=True)
class FontWidths:
    """A font's character widths as fractions of the font size, by kind of character, a
    little generous: enough to lay text out before anything draws it."""

    narrow: float
    wide: float
    capital: float
    other: float
    narrow_chars: frozenset[str]
    wide_chars: frozenset[str] = frozenset("mwMW@%")

    def width(self, text: str, size: float) -> float:
        """Width of one line of text at a font size, in the unit of `size`."""

        def char_width(char: str) -> float:
            if char in self.narrow_chars:
                return self.narrow
            if char in self.wide_chars:
                return self.wide
            return self.capital if char.isupper() else self.other

        return sum(char_width(char) for char in text) * size


#: Arial (and its metric twin Liberation Sans), the figures' font.
ARIAL = FontWidths(0.3, 0.86, 0.7, 0.57, frozenset("il.,:;'|!ftrjI()[] -/"))


def text_width(text: str, size: float) -> float:
    """Pixel width of one line of text at a font size."""
    return ARIAL.width(text, size)


def plain_text(text: object) -> str:
    """Text drawn as it was written, never read as markup.

    Plotly reads a subset of HTML in every text it draws (labels, hover, titles, legends,
    annotations): `<a href>` becomes a live link, `<b style=...>` styled text. Every text a
    figure shows that came from a case, a person or a file goes through here, once, at the
    builder that puts it into the figure. Only & < > are escaped: plotly turns `&amp;`, `&lt;`
    and `&gt;` back into characters but shows `&quot;` as it is, so quotes stay quotes.
    """
    return html.escape(str(text), quote=False)


def plain_lines(lines: list[str]) -> str:
    """Lines of plain text, one under another: plotly draws a newline as a space, so the lines
    are joined with its own line break, after each is made `plain_text`."""
    return "<br>".join(plain_text(line) for line in lines)


def plot_width(theme: Theme, share: float = 1.0) -> float:
    """The plot's width in pixels, or `share` of it."""
    return ((theme.width or NOMINAL_WIDTH) - theme.margin_left - theme.margin_right) * share


def wrapped(lines: list[str], theme: Theme, share: float = 1.0) -> list[str]:
    """Small text broken into lines that fit `share` of the plot's width."""
    characters = int(plot_width(theme, share) / (theme.small_font_size * CHAR_WIDTH))
    return [part for line in lines if line for part in textwrap.wrap(line, characters)]


def wrap_to(lines: list[str], size: float, width: float) -> list[str]:
    """Text broken into lines no wider than `width` pixels at `size` (by `text_width`)."""
    out = []
    for line in lines:
        current = ""
        for word in line.split():
            candidate = f"{current} {word}".strip()
            if current and text_width(candidate, size) > width:
                out.append(current)
                current = word
            else:
                current = candidate
        if current:
            out.append(current)
    return out


def text_annotation(
    text: str, size: int, color: str, x: float, y: float, bold: bool = False, **position
) -> dict:
    """An annotation: plain text (`plain_lines`: a newline breaks the line) at (x, y), in paper
    coordinates unless `position` says."""
    shown = plain_lines(text.split("\n"))
    return {
        "text": f"<b>{shown}</b>" if bold else shown,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": size, "color": color},
        **position,
    }


def line_height(size: float) -> float:
    return size * LINE_HEIGHT


def legend_width(names: Sequence[str], size: float) -> float:
    return sum(text_width(name, size) + LEGEND_SYMBOL * size for name in names)


def legend_rows(names: Sequence[str], size: float, width: float) -> int:
    """How many rows a horizontal legend of these names takes in `width` pixels."""
    rows, used = (1 if names else 0), 0.0
    for name in names:
        item = text_width(name, size) + LEGEND_SYMBOL * size
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def legend_grid_rows(names: Sequence[str], size: float, width: float) -> int:
    """Rows a horizontal legend takes in `width` pixels when plotly lays it out on its own:
    one when it fits, else a grid of columns as wide as its widest item."""
    if not names:
        return 0
    if legend_width(names, size) <= width:
        return 1
    widest = max(legend_width([name], size) for name in names)
    return math.ceil(len(names) / max(int(width // widest), 1))
