"""The PowerPoint deck: a title slide, the timeline, a slide per lane group with data in the
range, then the clinical insight figures and tables (`figures.insight.INSIGHT_ITEMS`).

Slides take the picture's proportions (16:9 or 4:3), so a picture fills its slide and nothing
lies outside it. Tables are set at 14 pt or more with columns as wide as their text needs and
run over as many slides as their rows need. A presenter's note goes on the slides whose lanes
it is pinned to (a note on no lane, on every timeline slide), drawn and in the speaker notes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.export.renderer import SLIDE_16_9, FigureRenderer, SlideSize
from components.export.slides import case_reference, chosen_lanes, slide_figures, slide_theme
from components.figures.caption import range_caption
from components.figures.insight import INSIGHT_ITEMS, InsightTable, insight_figure
from components.figures.lanes import deck_groups, lane_keys, overview_keys
from components.figures.overlays import notes_for

SLIDE_HEIGHT_IN = 7.5
MARGIN_IN = 0.4
TITLE_PT, TITLE_MIN_PT = 28, 18
TABLE_FONT_PT = 14
TABLE_HEADING_PT = 15
CHAR_EM = 0.55  # average character width as a fraction of the font size (Calibri, generous)
LINE_EM = 1.25  # a text line's height as a multiple of the font size
CELL_PAD_IN = 0.2  # a cell's left plus right (and top plus bottom) margins
POINTS_PER_INCH = 72
TITLE_SLIDE = 0  # the default template's title slide: a title and a subtitle placeholder


@dataclass(frozen=True)
class DeckSlide:
    """One slide: its title and either the PNG at slide size or a table of text, and the
    speaker notes that belong to it."""

    title: str
    png: bytes | None = None
    table: InsightTable | None = None
    notes: str = ""


def text_inches(text: str, points: float) -> float:
    return len(text) * points * CHAR_EM / POINTS_PER_INCH


def fitted_title_pt(text: str, width_in: float) -> tuple[float, int]:
    """A title's size: shrunk from 28 pt to fit one line, then wrapped at 18 pt; and its lines."""
    for points in range(TITLE_PT, TITLE_MIN_PT - 1, -2):
        if text_inches(text, points) <= width_in:
            return points, 1
    return TITLE_MIN_PT, math.ceil(text_inches(text, TITLE_MIN_PT) / width_in)


def column_widths(table: InsightTable, width_in: float) -> list[float]:
    """Columns as wide as their longest text (at most the width), the widest shrunk first, none
    narrower than its longest word."""
    texts = [[title, *(str(row[key]) for row in table.rows)] for key, title in table.columns]
    natural = [max(text_inches(t, TABLE_FONT_PT) for t in col) + CELL_PAD_IN for col in texts]
    least = [
        max(text_inches(w, TABLE_HEADING_PT) for t in col for w in t.split() or [""]) + CELL_PAD_IN
        for col in texts
    ]
    widths = list(natural)
    while sum(widths) > width_in + 1e-6:
        widest = max(range(len(widths)), key=lambda i: widths[i] - least[i])
        if widths[widest] <= least[widest]:
            break
        widths[widest] = max(least[widest], widths[widest] - (sum(widths) - width_in))
    # Share out what is left, or when even the longest words do not fit, shrink all alike.
    return [w * width_in / sum(widths) for w in widths]


def row_height(cells: Sequence[str], widths: Sequence[float], points: float) -> float:
    """Inches a row needs: the most wrapped lines of its cells."""
    lines = max(
        math.ceil(text_inches(text, points) / max(width - CELL_PAD_IN, 0.1)) or 1
        for text, width in zip(cells, widths, strict=True)
    )
    return lines * points * LINE_EM / POINTS_PER_INCH + CELL_PAD_IN


def _cut(text: str, chars: int) -> tuple[str, str]:
    """Text cut at a word after at most `chars` characters: the first part and the rest."""
    if len(text) <= chars:
        return text, ""
    cut = text.rfind(" ", 0, chars)
    cut = cut if cut > 0 else chars
    return text[:cut], text[cut:].strip()


def fitting_rows(table: InsightTable, widths: list[float], room_in: float) -> InsightTable:
    """The table with each row too tall for a slide cut into rows that fit, its cells'
    text continued in the next row."""
    heading = row_height([t for _, t in table.columns], widths, TABLE_HEADING_PT)
    lines = max(
        int((room_in - heading - CELL_PAD_IN) * POINTS_PER_INCH / (TABLE_FONT_PT * LINE_EM)), 1
    )
    chars = {
        key: max(int((w - CELL_PAD_IN) * POINTS_PER_INCH / (TABLE_FONT_PT * CHAR_EM)), 1) * lines
        for (key, _), w in zip(table.columns, widths, strict=True)
    }
    rows = []
    for row in table.rows:
        rest = {key: str(row[key]) for key, _ in table.columns}
        while any(rest.values()):
            pieces = {key: _cut(text, chars[key]) for key, text in rest.items()}
            rows.append({key: first for key, (first, _) in pieces.items()})
            rest = {key: more for key, (_, more) in pieces.items()}
    return InsightTable(table.title, table.columns, rows)


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


def _title_box(deck, slide, text: str) -> float:
    """The slide's title at the top, fitted to the width; returns its bottom in inches."""
    from pptx.util import Inches, Pt

    width = deck.slide_width / 914400 - 2 * MARGIN_IN
    points, lines = fitted_title_pt(text, width)
    height = lines * points * LINE_EM / POINTS_PER_INCH + 0.15
    box = slide.shapes.add_textbox(Inches(MARGIN_IN), Inches(0.2), Inches(width), Inches(height))
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(points)
    return 0.2 + height + 0.1


def _add_table(deck, name: str, table: InsightTable, notes: str) -> None:
    """The table on as many slides as its rows need, each under the title line."""
    from pptx.util import Inches, Pt

    width = deck.slide_width / 914400 - 2 * MARGIN_IN
    widths = column_widths(table, width)
    height_in = deck.slide_height / 914400
    probe = fitted_title_pt(table.title + " (continued)", width)
    top = 0.2 + probe[1] * probe[0] * LINE_EM / POINTS_PER_INCH + 0.25
    room = height_in - top - MARGIN_IN
    table = fitting_rows(table, widths, room)
    pages = table_pages(table, widths, room)
    for number, rows in enumerate(pages):
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        title = table.title if number == 0 else f"{table.title} (continued)"
        slide.name = name
        top = _title_box(deck, slide, title)
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
        slide.notes_slide.notes_text_frame.text = notes


def _title_slide(deck, title: str, subtitle: str, reference: str) -> None:
    """The title and subtitle placeholders, moved to the deck's own width (the template's
    layouts are drawn for 4:3) and sized to their text."""
    from pptx.util import Inches, Pt

    cover = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    width = deck.slide_width / 914400 - 2 * MARGIN_IN
    points, lines = fitted_title_pt(title, width)
    heading = cover.shapes.title
    heading.left, heading.top = Inches(MARGIN_IN), Inches(1.5)
    heading.width = Inches(width)
    heading.height = Inches(lines * points * LINE_EM / POINTS_PER_INCH + 0.2)
    heading.text_frame.word_wrap = True
    heading.text = title
    heading.text_frame.paragraphs[0].runs[0].font.size = Pt(points)
    top = 1.5 + heading.height / 914400 + 0.4
    lines = sum(math.ceil(text_inches(p, 18) / width) or 1 for p in subtitle.split("\n"))
    box = cover.placeholders[1]
    box.left, box.top, box.width = Inches(MARGIN_IN), Inches(top), Inches(width)
    box.height = Inches(lines * 18 * LINE_EM / 72 + 0.2)
    box.name = "Subtitle"
    box.text_frame.word_wrap = True
    box.text_frame.text = subtitle
    for paragraph in box.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    cover.notes_slide.notes_text_frame.text = reference


def slide_deck(
    title: str,
    subtitle: str,
    slides: list[DeckSlide],
    reference: str,
    size: SlideSize = SLIDE_16_9,
) -> bytes:
    """A deck in the pictures' proportions: a title slide, then one slide per picture filling
    it or per table page; the reference (and the slide's own notes) in its speaker notes."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    deck = Presentation()
    deck.slide_height = Inches(SLIDE_HEIGHT_IN)
    deck.slide_width = Emu(round(deck.slide_height * size.width / size.height))
    _title_slide(deck, title, subtitle, reference)
    for item in slides:
        notes = "\n\n".join(p for p in (item.title, item.notes, reference) if p)
        if item.table is not None:
            _add_table(deck, item.title, item.table, notes)
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
    return slide_deck(title, subtitle, slides, case_reference(case), size)


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
            slides.append(DeckSlide(title, table=item.table(case.events, days, case.case_id)))
        else:
            figure = insight_figure(item.name, case.events, days, case.case_id, theme)
            slides.append(DeckSlide(title, renderer.render(figure, "png", size)))
    return slides
