"""The PowerPoint deck: a title slide, the timeline, a slide per lane group with data in the
range, then the clinical insight figures and tables (`figures.insight.registry.INSIGHT_ITEMS`).

Slides take the picture's proportions (16:9 or 4:3), so a picture fills its slide and nothing
lies outside it. Tables are set at 14 pt or more with columns as wide as their text needs and
run over as many slides as their rows need; the columns an insight item keeps for the presenter
(`notes_columns`) go to the speaker notes of the slide their row is on. The title slide and the
table slides, which have no picture to carry it, get the source line (and the synthetic mark)
at their foot. A presenter's note goes on the slides whose lanes it is pinned to (a note on no
lane, on every timeline slide), drawn and in the speaker notes.

Text is measured with Calibri's letter widths (the theme font PowerPoint sets it in); what the
slides look like is checked by rendering them (`make deck-preview`), the geometry by the tests.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.export.renderer import SLIDE_16_9, FigureRenderer, SlideSize
from components.export.slides import (
    case_reference,
    chosen_lanes,
    slide_figures,
    slide_theme,
    source_line,
)
from components.figures.insight.registry import INSIGHT_ITEMS, InsightTable, insight_figure
from components.figures.lanes.registry import deck_groups, lane_keys, overview_keys
from components.figures.text import FontWidths
from components.figures.timeline.caption import range_caption
from components.figures.timeline.overlays import notes_for

SLIDE_HEIGHT_IN = 7.5
MARGIN_IN = 0.4
TITLE_PT, TITLE_MIN_PT = 28, 18
#: The title slide's title: two lines at 40 to 28 pt before it goes down to a slide title's 18.
COVER_PT, COVER_MIN_PT, COVER_LINES = 40, 28, 2
SUBTITLE_PT = 18
TABLE_FONT_PT = 14
TABLE_HEADING_PT = 15
FOOT_PT = 12  # the source line under a table or on the title slide, as the pictures' foot
FOOT_COLOR = "404040"  # the pictures' muted text
#: Calibri, the deck's theme font: each kind at its widest letter (r 0.35, o 0.53, O 0.66,
#: W 0.89). An average width instead made every column wider than its words need, and tables
#: ran one row to a slide.
CALIBRI = FontWidths(0.35, 0.9, 0.66, 0.53, frozenset("fijlrt.,;:'!|()[]-/ "))
CHAR_EM = 0.55  # an average character, for cutting a row too tall for a slide into pieces
LINE_EM = 1.25  # a text line's height as a multiple of the font size
CELL_PAD_IN = 0.2  # a cell's left plus right margins (python-pptx: 0.1 in each)
CELL_PAD_V_IN = 0.15  # its top plus bottom margins (0.05 in each), a little generous
POINTS_PER_INCH = 72
TITLE_SLIDE = 0  # the default template's title slide: a title and a subtitle placeholder
#: The pieces of text a line breaks between (at spaces and after a hyphen, as PowerPoint
#: breaks), each with the space after it.
PIECE = re.compile(r"([^\s-]+-+|\S+)(\s*)")


@dataclass(frozen=True)
class DeckSlide:
    """One slide: its title and either the PNG at slide size or a table of text, and the
    speaker notes that belong to it."""

    title: str
    png: bytes | None = None
    table: InsightTable | None = None
    notes: str = ""
    #: A table's speaker notes row by row: each goes on the slides its row is on.
    row_notes: tuple[str, ...] = ()


def text_inches(text: str, points: float) -> float:
    """Width of one line of text at a font size."""
    return CALIBRI.width(text, points) / POINTS_PER_INCH


def words(text: str) -> list[str]:
    """The pieces of a text no line break falls inside."""
    return [match[1] for match in PIECE.finditer(text)]


def text_lines(text: str, points: float, width_in: float) -> int:
    """Lines a paragraph takes in a box `width_in` wide, broken between words as PowerPoint
    breaks it (a word wider than the box over as many lines as it needs); at least one."""
    lines, line = 1, 0.0
    for match in PIECE.finditer(text):
        piece = text_inches(match[1], points)
        if line and line + piece > width_in:
            lines, line = lines + 1, 0.0
        lines += max(math.ceil(piece / width_in) - 1, 0)
        line += piece + text_inches(match[2][:1], points)
    return lines


def fitted_title_pt(
    text: str,
    width_in: float,
    largest: int = TITLE_PT,
    smallest: int = TITLE_MIN_PT,
    lines: int = 1,
) -> tuple[float, int]:
    """A title's size and lines: the largest size from `largest` down to `smallest` at which it
    takes at most `lines` lines (shrunk), else wrapped at `smallest`."""
    for points in range(largest, smallest - 1, -2):
        needed = text_lines(text, points, width_in)
        if needed <= lines:
            return points, needed
    return smallest, text_lines(text, smallest, width_in)


def column_widths(table: InsightTable, width_in: float) -> list[float]:
    """Columns fitted to their text, as a browser lays out an automatic table: each at least as
    wide as its longest word (heading words at the heading's size), so that no word breaks, and
    the room left shared in proportion to how much more each column's longest text would take
    on one line. A column of short values stays narrow; the columns of sentences get the room.
    Only when even the longest words do not fit are all columns shrunk alike."""
    cells = [
        [(title, TABLE_HEADING_PT), *((str(row[key]), TABLE_FONT_PT) for row in table.rows)]
        for key, title in table.columns
    ]
    natural = [max(text_inches(text, pt) for text, pt in col) + CELL_PAD_IN for col in cells]
    least = [
        max(text_inches(word, pt) for text, pt in col for word in words(text) or [""]) + CELL_PAD_IN
        for col in cells
    ]
    if sum(natural) <= width_in:
        return [w * width_in / sum(natural) for w in natural]
    if sum(least) >= width_in:
        return [w * width_in / sum(least) for w in least]
    room = width_in - sum(least)
    wants = [n - m for n, m in zip(natural, least, strict=True)]
    return [m + room * want / sum(wants) for m, want in zip(least, wants, strict=True)]


def row_height(cells: Sequence[str], widths: Sequence[float], points: float) -> float:
    """Inches a row needs: the most wrapped lines of its cells."""
    lines = max(
        text_lines(text, points, max(width - CELL_PAD_IN, 0.1))
        for text, width in zip(cells, widths, strict=True)
    )
    return lines * points * LINE_EM / POINTS_PER_INCH + CELL_PAD_V_IN


def _cut(text: str, chars: int) -> tuple[str, str]:
    """Text cut at a word after at most `chars` characters: the first part and the rest."""
    if len(text) <= chars:
        return text, ""
    cut = text.rfind(" ", 0, chars)
    cut = cut if cut > 0 else chars
    return text[:cut], text[cut:].strip()


def fitting_rows(
    table: InsightTable, widths: list[float], room_in: float
) -> tuple[InsightTable, list[int]]:
    """The table with each row too tall for a slide cut into rows that fit, its cells'
    text continued in the next row; and the row of `table` each row comes from."""
    heading = row_height([t for _, t in table.columns], widths, TABLE_HEADING_PT)
    lines = max(
        int((room_in - heading - CELL_PAD_V_IN) * POINTS_PER_INCH / (TABLE_FONT_PT * LINE_EM)), 1
    )
    chars = {
        key: max(int((w - CELL_PAD_IN) * POINTS_PER_INCH / (TABLE_FONT_PT * CHAR_EM)), 1) * lines
        for (key, _), w in zip(table.columns, widths, strict=True)
    }
    rows, origins = [], []
    for origin, row in enumerate(table.rows):
        rest = {key: str(row[key]) for key, _ in table.columns}
        while any(rest.values()):
            pieces = {key: _cut(text, chars[key]) for key, text in rest.items()}
            rows.append({key: first for key, (first, _) in pieces.items()})
            origins.append(origin)
            rest = {key: more for key, (_, more) in pieces.items()}
    return InsightTable(table.title, table.columns, rows), origins


def table_pages(table: InsightTable, widths: list[float], room_in: float) -> list[list[int]]:
    """The table's rows (by index) in slides: as many as fit under the heading row each."""
    heading = row_height([t for _, t in table.columns], widths, TABLE_HEADING_PT)
    pages: list[list[int]] = [[]]
    used = heading
    for index, row in enumerate(table.rows):
        height = row_height([str(row[k]) for k, _ in table.columns], widths, TABLE_FONT_PT)
        if pages[-1] and used + height > room_in:
            pages.append([])
            used = heading
        pages[-1].append(index)
        used += height
    return pages


def _inches(length: int) -> float:
    return length / 914400


def _title_box(deck, slide, text: str, fit: str) -> float:
    """The slide's title at the top, at the size that fits `fit` (the longest title of the
    slides it stands for, so that a table's pages share one size); returns its bottom in
    inches."""
    from pptx.util import Inches, Pt

    width = _inches(deck.slide_width) - 2 * MARGIN_IN
    points, lines = fitted_title_pt(fit, width)
    height = lines * points * LINE_EM / POINTS_PER_INCH + 0.15
    box = slide.shapes.add_textbox(Inches(MARGIN_IN), Inches(0.2), Inches(width), Inches(height))
    box.name = "Title"
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(points)
    return 0.2 + height + 0.1


def foot_height(deck, foot: str) -> float:
    """Inches the foot line takes at the slide's bottom, its margin included (none without)."""
    if not foot:
        return 0.0
    width = _inches(deck.slide_width) - 2 * MARGIN_IN
    return text_lines(foot, FOOT_PT, width) * FOOT_PT * LINE_EM / POINTS_PER_INCH + 0.15


def _foot_box(deck, slide, foot: str) -> None:
    """The source line (with the synthetic mark where it applies) at the slide's bottom, as
    the pictures carry it at theirs."""
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    if not foot:
        return
    width = _inches(deck.slide_width) - 2 * MARGIN_IN
    height = foot_height(deck, foot)
    top = _inches(deck.slide_height) - MARGIN_IN / 2 - height
    box = slide.shapes.add_textbox(Inches(MARGIN_IN), Inches(top), Inches(width), Inches(height))
    box.name = "Foot"
    box.text_frame.word_wrap = True
    box.text_frame.text = foot
    font = box.text_frame.paragraphs[0].runs[0].font
    font.size = Pt(FOOT_PT)
    font.color.rgb = RGBColor.from_string(FOOT_COLOR)


def _add_table(
    deck, name: str, table: InsightTable, notes: str, row_notes: Sequence[str], foot: str
) -> None:
    """The table on as many slides as its rows need, each under the title line and above the
    foot line, with the notes of its rows."""
    from pptx.util import Inches, Pt

    width = _inches(deck.slide_width) - 2 * MARGIN_IN
    widths = column_widths(table, width)
    continued = f"{table.title} (continued)"
    points, lines = fitted_title_pt(continued, width)
    top = 0.2 + lines * points * LINE_EM / POINTS_PER_INCH + 0.25
    bottom = foot_height(deck, foot) + MARGIN_IN / 2 if foot else MARGIN_IN
    room = _inches(deck.slide_height) - top - bottom
    table, origins = fitting_rows(table, widths, room)
    pages = table_pages(table, widths, room)
    for number, rows in enumerate(pages):
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        slide.name = name
        top = _title_box(deck, slide, table.title if number == 0 else continued, continued)
        cells = [[t for _, t in table.columns]] + [
            [str(table.rows[i][k]) for k, _ in table.columns] for i in rows
        ]
        heights = [
            row_height(c, widths, TABLE_HEADING_PT if r == 0 else TABLE_FONT_PT)
            for r, c in enumerate(cells)
        ]
        shape = slide.shapes.add_table(
            len(cells),
            len(widths),
            Inches(MARGIN_IN),
            Inches(top),
            Inches(width),
            Inches(sum(heights)),
        )
        grid = shape.table
        for column, w in enumerate(widths):
            grid.columns[column].width = Inches(w)
        for r, (row_cells, h) in enumerate(zip(cells, heights, strict=True)):
            grid.rows[r].height = Inches(h)
            for column, text in enumerate(row_cells):
                frame = grid.cell(r, column).text_frame
                frame.text = text
                frame.word_wrap = True
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(TABLE_HEADING_PT if r == 0 else TABLE_FONT_PT)
        _foot_box(deck, slide, foot)
        shown = dict.fromkeys(origins[i] for i in rows) if row_notes else {}
        slide.notes_slide.notes_text_frame.text = "\n\n".join(
            [notes, *(row_notes[origin] for origin in shown)]
        )


def _title_slide(deck, title: str, subtitle: str, reference: str, foot: str) -> None:
    """The title and subtitle placeholders, moved to the deck's own width (the template's
    layouts are drawn for 4:3) and sized to their text; the title large enough to read from
    the back of the room (two lines before it shrinks); the foot line under them."""
    from pptx.util import Inches, Pt

    cover = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    width = _inches(deck.slide_width) - 2 * MARGIN_IN
    points, lines = fitted_title_pt(title, width, COVER_PT, COVER_MIN_PT, COVER_LINES)
    if lines > COVER_LINES:
        points, lines = fitted_title_pt(title, width)
    heading = cover.shapes.title
    heading.left, heading.top = Inches(MARGIN_IN), Inches(1.2)
    heading.width = Inches(width)
    heading.height = Inches(lines * points * LINE_EM / POINTS_PER_INCH + 0.2)
    heading.text_frame.word_wrap = True
    heading.text = title
    heading.text_frame.paragraphs[0].runs[0].font.size = Pt(points)
    top = 1.2 + _inches(heading.height) + 0.3
    lines = sum(text_lines(p, SUBTITLE_PT, width) for p in subtitle.split("\n"))
    box = cover.placeholders[1]
    box.left, box.top, box.width = Inches(MARGIN_IN), Inches(top), Inches(width)
    box.height = Inches(lines * SUBTITLE_PT * LINE_EM / POINTS_PER_INCH + 0.2)
    box.name = "Subtitle"
    box.text_frame.word_wrap = True
    box.text_frame.text = subtitle
    for paragraph in box.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(SUBTITLE_PT)
    _foot_box(deck, cover, foot)
    cover.notes_slide.notes_text_frame.text = reference


def slide_deck(
    title: str,
    subtitle: str,
    slides: list[DeckSlide],
    reference: str,
    size: SlideSize = SLIDE_16_9,
    foot: str = "",
) -> bytes:
    """A deck in the pictures' proportions: a title slide, then one slide per picture filling
    it or per table page; the reference (and the slide's own notes) in its speaker notes.
    `foot` (the source, and the synthetic mark) goes under the title slide and every table,
    which have no picture to carry it."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    deck = Presentation()
    deck.slide_height = Inches(SLIDE_HEIGHT_IN)
    deck.slide_width = Emu(round(deck.slide_height * size.width / size.height))
    _title_slide(deck, title, subtitle, reference, foot)
    for item in slides:
        notes = "\n\n".join(p for p in (item.title, item.notes, reference) if p)
        if item.table is not None:
            _add_table(deck, item.title, item.table, notes, item.row_notes, foot)
            continue
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        slide.name = item.title
        if item.png is not None:
            slide.shapes.add_picture(
                io.BytesIO(item.png), Emu(0), Emu(0), deck.slide_width, deck.slide_height
            )
        slide.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _timeline_slides(
    case: Case,
    days: tuple[int, int],
    keys: list[str],
    title: str,
    group: str,
    size: SlideSize,
    notes: Sequence[Note],
    deck_lanes: set[str],
    renderer: FigureRenderer,
) -> list[DeckSlide]:
    """The lanes' slides (one, or a part per canvas), each with the notes of its lanes."""
    slides = []
    mine = notes_for(notes, keys, deck_lanes)
    for figure in slide_figures(case, days, keys, title, size, mine):
        shown = notes_for(mine, figure.layout.meta["lanes"], keys)
        text = "\n".join(f"Note, day {n.day}: {n.text}" for n in shown)
        slides.append(DeckSlide(group, renderer.render(figure, "png", size), notes=text))
    return slides


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
    chosen = [key for key in (lanes or overview_keys()) if key in visible] or visible
    deck_lanes = set(chosen_lanes(case, days, lanes))
    slides = _timeline_slides(case, days, chosen, title, title, size, notes, deck_lanes, renderer)
    for group, keys in deck_groups().items():
        present = [key for key in keys if key in visible and (not lanes or key in lanes)]
        if present:
            slides += _timeline_slides(
                case, days, present, f"{group}: {title}", group, size, notes, deck_lanes, renderer
            )
    slides.extend(insight_slides(case, days, renderer, size))
    caption = range_caption(case.events, days)
    subtitle = f"{case.info.summary}\n{caption}".strip()
    foot = source_line(case) or ""
    return slide_deck(title, subtitle, slides, case_reference(case), size, foot)


def insight_slides(
    case: Case, days: tuple[int, int], renderer: FigureRenderer, size: SlideSize
) -> list[DeckSlide]:
    """A slide per insight item the deck shows for these days, in the registry's order."""
    theme = slide_theme(size)
    slides = []
    for item in INSIGHT_ITEMS.values():
        if not item.in_deck(case.events, days):
            continue
        title = item.slide_title or item.title
        if item.is_table:
            table = item.table(case.events, days, case.case_id)
            shown, row_notes = notes_apart(table, item.notes_columns)
            slides.append(DeckSlide(title, table=shown, row_notes=row_notes))
        else:
            figure = insight_figure(item.name, case.events, days, case.case_id, theme)
            slides.append(DeckSlide(title, renderer.render(figure, "png", size)))
    return slides


def notes_apart(table: InsightTable, keys: Sequence[str]) -> tuple[InsightTable, tuple[str, ...]]:
    """The table without the columns `keys`, and each row's text of them for the speaker
    notes, under the row's first cell: 'Bashey 2024 case series. Source: Ref. 14 ...'."""
    if not keys:
        return table, ()
    shown = tuple((key, heading) for key, heading in table.columns if key not in keys)
    moved = [(key, heading) for key, heading in table.columns if key in keys]
    notes = tuple(
        " ".join([f"{row[shown[0][0]]}.", *(f"{heading}: {row[key]}" for key, heading in moved)])
        for row in table.rows
    )
    return InsightTable(table.title, shown, table.rows), notes
