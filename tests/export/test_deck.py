"""The deck as PowerPoint opens it: every shape inside its slide, titles that fit, tables at
14 pt or more that fit their slide, the presenter's notes on the slides they belong to."""

from __future__ import annotations

import io

import pytest
from factories import SEED_CASE
from pptx import Presentation
from pptx.util import Emu

from components.cases.case import load_case
from components.cases.notes import Note
from components.export.deck import (
    TABLE_FONT_PT,
    column_widths,
    fitted_title_pt,
    table_pages,
    text_inches,
)
from components.export.formats import export_case
from components.export.renderer import FigureRenderer, SlideSize
from components.figures.insight import InsightTable

NOTES = [Note(45, "First intrathecal dose", "drugs"), Note(47, "Second dose")]


@pytest.fixture(scope="module")
def renderer():
    renderer = FigureRenderer()
    yield renderer
    renderer.stop()


@pytest.fixture(
    scope="module", params=[SlideSize(1920, 1080), SlideSize(1440, 1080)], ids=["16x9", "4x3"]
)
def deck(request, renderer):
    case = load_case(SEED_CASE)
    _, data, _ = export_case(case, (40, 50), "pptx", renderer, size=request.param, notes=NOTES)
    return Presentation(io.BytesIO(data)), request.param


def inches(value: int) -> float:
    return Emu(value).inches


def test_slides_take_the_pictures_proportions(deck):
    presentation, size = deck
    ratio = presentation.slide_width / presentation.slide_height
    assert ratio == pytest.approx(size.width / size.height, rel=0.001)


def test_every_shape_is_inside_its_slide(deck):
    presentation, _ = deck
    for number, slide in enumerate(presentation.slides):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= presentation.slide_width, (number, shape.name)
            assert shape.top + shape.height <= presentation.slide_height, (number, shape.name)


def test_titles_fit_their_box_and_the_title_slide_says_the_range_once(deck):
    presentation, _ = deck
    slides = list(presentation.slides)
    for slide in slides:
        for shape in slide.shapes:
            if getattr(shape, "has_table", False) or not shape.has_text_frame:
                continue
            frame = shape.text_frame
            size = frame.paragraphs[0].runs[0].font.size
            lines = sum(
                max(-(-text_inches(p, size.pt) // inches(shape.width)), 1)
                for p in frame.text.split("\n")
            )
            assert frame.word_wrap
            assert lines * size.pt * 1.2 / 72 <= inches(shape.height), frame.text
    assert slides[0].shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt >= 18
    subtitle = next(sh for sh in slides[0].shapes if sh.name == "Subtitle")
    assert subtitle.text_frame.text.count("Days 40 to 50") == 1


def test_tables_are_14_pt_or_more(deck):
    presentation, _ = deck
    tables = [sh.table for s in presentation.slides for sh in s.shapes if sh.has_table]
    assert tables
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size.pt >= TABLE_FONT_PT


def test_notes_are_on_the_slides_they_belong_to(deck):
    presentation, _ = deck
    speaker = {}
    for slide in list(presentation.slides)[1:]:
        speaker.setdefault(slide.name, []).append(slide.notes_slide.notes_text_frame.text)
    # The lane note only where the drug lane is; the figure-wide note on every timeline slide.
    assert any("First intrathecal dose" in text for text in speaker["Drugs"])
    assert not any("First intrathecal dose" in text for text in speaker["CRS and ICANS grades"])
    for group in ("CRS and ICANS grades", "Drugs", "Care and diagnostics"):
        assert all("Second dose" in text for text in speaker[group])
    overview = next(iter(speaker.values()))
    assert any("First intrathecal dose" in text for text in overview)


def test_columns_fit_their_content_and_long_tables_run_over_slides():
    table = InsightTable(
        "Reports",
        (("n", "N"), ("text", "What was reported")),
        [{"n": str(i), "text": "a long sentence of the source " * 4} for i in range(40)],
    )
    widths = column_widths(table, 12.0)
    assert sum(widths) == pytest.approx(12.0)
    assert widths[0] < 2 < widths[1]  # a number column stays narrow
    pages = table_pages(table, widths, 6.0)
    assert len(pages) > 1
    assert sorted(i for page in pages for i in page) == list(range(40))


def test_a_long_title_shrinks_then_wraps():
    assert fitted_title_pt("Short", 12.0) == (28, 1)
    points, lines = fitted_title_pt("A title " * 20, 12.0)
    assert points == 18 and lines > 1
