"""The deck as PowerPoint opens it: every shape inside its slide, titles that fit, tables at
14 pt or more that fit their slide, the presenter's notes on the slides they belong to."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from factories import SEED_CASE
from pptx import Presentation
from pptx.util import Emu

from components.cases.case import load_case
from components.cases.notes import Note
from components.export.deck import (
    CELL_PAD_IN,
    COVER_MIN_PT,
    TABLE_FONT_PT,
    TABLE_HEADING_PT,
    DeckSlide,
    column_widths,
    fitted_title_pt,
    notes_apart,
    slide_deck,
    table_pages,
    text_inches,
    words,
)
from components.export.formats import export_case
from components.export.renderer import SlideSize
from components.figures.insight.registry import INSIGHT_TABLES, InsightTable

NOTES = [Note(45, "First intrathecal dose", "drugs"), Note(47, "Second dose")]


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


# What looking at the rendered deck found (LibreOffice, poppler; `make deck-preview`), each
# held here without a renderer: a stub draws every picture as one white pixel.


class OnePixel:
    """A renderer that draws nothing: the deck's tables, titles and notes without Chromium."""

    def render(self, _figure, _fmt, _size) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
        pixels = zlib.compress(b"\x00\xff\xff\xff")
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b"")
        )


def stub_deck(case, days) -> Presentation:
    _, data, _ = export_case(case, days, "pptx", OnePixel(), notes=[])
    return Presentation(io.BytesIO(data))


def seed_table(name: str, days=(40, 50)) -> InsightTable:
    """The table as the deck shows it (columns meant for the notes left out)."""
    case = load_case(SEED_CASE)
    item = INSIGHT_TABLES[name]
    return notes_apart(item.table(case.events, days, case.case_id), item.notes_columns)[0]


def test_the_title_slide_title_is_read_from_the_back_of_the_room():
    """It was 18 pt on one line (the slide titles' shrink); a title slide wraps first."""
    case = load_case(SEED_CASE)
    deck = Presentation(io.BytesIO(slide_deck(case.info.title, "Days 40 to 50", [], "ref")))
    title = deck.slides[0].shapes.title
    assert title.text_frame.paragraphs[0].runs[0].font.size.pt >= COVER_MIN_PT
    assert fitted_title_pt(case.info.title, inches(title.width), 40, COVER_MIN_PT, 2)[1] == 2


@pytest.mark.parametrize("name", ["key-intervals", "grade-check", "intrathecal-reports"])
@pytest.mark.parametrize("width", [12.53, 9.2], ids=["16x9", "4x3"])
def test_no_column_is_narrower_than_its_longest_word(name, width):
    """'Syndro|me', 'Respon|se' and 'medi|an' broke inside the word: every column had been
    shrunk alike because each word was measured at an average letter's width."""
    table = seed_table(name)
    widths = column_widths(table, width)
    assert sum(widths) == pytest.approx(width)
    for (key, heading), column in zip(table.columns, widths, strict=True):
        longest = max(
            [text_inches(w, TABLE_HEADING_PT) for w in words(heading)]
            + [text_inches(w, TABLE_FONT_PT) for row in table.rows for w in words(str(row[key]))]
        )
        assert column >= longest + CELL_PAD_IN - 1e-9, (name, heading)


@pytest.mark.parametrize(
    ("name", "prose"),
    [("key-intervals", "how"), ("grade-check", "why"), ("intrathecal-reports", "outcome")],
)
def test_the_room_goes_to_the_columns_of_sentences(name, prose):
    """The interval names took a third of the slide and 'How' wrapped to ten lines: the room
    left over was shared in proportion to the columns' widths, not to what they hold."""
    table = seed_table(name)
    widths = dict(zip([k for k, _ in table.columns], column_widths(table, 12.53), strict=True))
    assert widths[prose] == max(widths.values())
    short = "value" if name == "key-intervals" else "days" if name == "grade-check" else "patients"
    assert widths[short] < 1.5


def test_the_key_intervals_need_two_slides_not_three():
    deck = stub_deck(load_case(SEED_CASE), (40, 50))
    names = [slide.name for slide in deck.slides]
    assert names.count("Key intervals") == 2


def test_a_tables_pages_share_one_title_size_and_top():
    """The first page's title was 24 pt and its table higher; '(continued)' pages 20 pt."""
    table = seed_table("grade-check", (-10, 88))
    deck = Presentation(
        io.BytesIO(slide_deck("Case", "Days", [DeckSlide("Grade check", table=table)], "ref"))
    )
    pages = list(deck.slides)[1:]
    assert len(pages) > 1
    sizes = {
        sh.text_frame.paragraphs[0].runs[0].font.size.pt
        for page in pages
        for sh in page.shapes
        if sh.name == "Title"
    }
    tops = {sh.top for page in pages for sh in page.shapes if sh.has_table}
    assert len(sizes) == 1 and len(tops) == 1


def synthetic_case():
    return load_case(SEED_CASE.parent.parent / "synthetic" / "synthetic-001")


def test_every_slide_of_a_synthetic_case_says_so():
    """The pictures said it at their foot; the table slides said nothing."""
    deck = stub_deck(synthetic_case(), (-5, 28))
    for number, slide in enumerate(deck.slides):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        if any(sh.has_table for sh in slide.shapes) or number == 0:
            assert any(t.startswith("SYNTHETIC CASE") for t in texts), (number, slide.name)


def test_table_slides_name_their_source_under_the_table():
    deck = stub_deck(load_case(SEED_CASE), (40, 50))
    for slide in deck.slides:
        tables = [sh for sh in slide.shapes if sh.has_table]
        if not tables:
            continue
        foot = next(sh for sh in slide.shapes if sh.name == "Foot")
        assert "doi:10.3324/haematol.2025.300224" in foot.text_frame.text
        assert foot.top >= tables[0].top + tables[0].height
        assert foot.top + foot.height <= deck.slide_height


def test_quoted_sources_go_to_the_notes_of_their_rows_slide():
    """The earlier reports ran one row to a slide (six slides), the verbatim quotes making
    every row a slide tall; at 4:3 their columns did not fit the slide at all."""
    deck = stub_deck(load_case(SEED_CASE), (40, 50))
    reports = [slide for slide in deck.slides if slide.name == "Earlier reports"]
    assert 1 < len(reports) <= 3
    for slide in reports:
        grid = next(sh for sh in slide.shapes if sh.has_table).table
        assert "Source" not in [cell.text for cell in grid.rows[0].cells]
        first_cells = {row.cells[0].text for row in list(grid.rows)[1:]}
        notes = slide.notes_slide.notes_text_frame.text
        for line in notes.split("\n\n"):
            if "Source: " in line:
                assert line.split(". Source: ")[0] in first_cells, line
    quoted = [s.notes_slide.notes_text_frame.text.count("Source: Ref. ") for s in reports]
    assert sum(quoted) == 7  # every report quoted once, on its own row's slide
