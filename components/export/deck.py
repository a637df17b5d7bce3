"""The PowerPoint deck: a title slide, the timeline, a slide per lane group with data in the
range, then the clinical insight figures and tables (`figures.insight.INSIGHT_ITEMS`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.export.renderer import SLIDE_16_9, FigureRenderer, SlideSize
from components.export.slides import case_reference, slide_figure, slide_theme
from components.figures.caption import range_caption
from components.figures.insight import INSIGHT_ITEMS, InsightTable, insight_figure
from components.figures.lanes import deck_groups, lane_keys, overview_keys


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
    overview = slide_figure(case, days, chosen, title, size, notes)
    slides = [DeckSlide(title, renderer.render(overview, "png", size))]
    for group, keys in deck_groups().items():
        present = [key for key in keys if key in visible and (not lanes or key in lanes)]
        if present:
            figure = slide_figure(case, days, present, f"{group}: {title}", size, notes)
            slides.append(DeckSlide(group, renderer.render(figure, "png", size)))
    slides.extend(insight_slides(case, days, renderer, size))
    subtitle = (
        f"{case.info.summary}\nDays {days[0]} to {days[1]}. {range_caption(case.events, days)}"
    )
    return slide_deck(title, subtitle.strip(), slides, case_reference(case))


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
