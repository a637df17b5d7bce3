"""Exported files open and are what was asked for."""

import io
import xml.etree.ElementTree as ET

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from components.export import (
    SLIDE_4_3,
    DeckSlide,
    ExportError,
    FigureRenderer,
    SlideSize,
    events_csv,
    export_file_name,
    slide_deck,
)


@pytest.fixture(scope="module")
def renderer():
    renderer = FigureRenderer()
    yield renderer
    renderer.stop()


@pytest.fixture(scope="module")
def figure():
    return go.Figure(
        go.Scatter(x=[40, 45, 50], y=[4, 4, 2]), layout={"title": {"text": "ICANS grade"}}
    )


def test_png_has_the_asked_pixel_size(renderer, figure):
    image = Image.open(io.BytesIO(renderer.render(figure, "png")))
    assert image.size == (1920, 1080)
    hidpi = Image.open(io.BytesIO(renderer.render(figure, "png", SlideSize(800, 600, 2))))
    assert hidpi.size == (1600, 1200)


def test_svg_parses_and_holds_the_title(renderer, figure):
    svg = renderer.render(figure, "svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert b"ICANS grade" in svg


def test_pdf_has_one_page_of_the_asked_aspect(renderer, figure):
    reader = PdfReader(io.BytesIO(renderer.render(figure, "pdf", SLIDE_4_3)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(4 / 3, rel=0.01)


def test_unknown_format_is_refused(renderer, figure):
    with pytest.raises(ExportError, match="png, svg, pdf"):
        renderer.render(figure, "gif")


def test_deck_has_title_slide_and_one_picture_per_figure(renderer, figure):
    png = renderer.render(figure, "png")
    deck = Presentation(
        io.BytesIO(
            slide_deck(
                "A case",
                "Days 40-50",
                [DeckSlide("Timeline", png), DeckSlide("Drugs", png)],
                "doi 1",
            )
        )
    )
    slides = list(deck.slides)
    assert len(slides) == 3
    assert slides[0].shapes.title.text == "A case"
    pictures = [s for s in slides[1].shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1 and pictures[0].width == deck.slide_width
    assert "doi 1" in slides[2].notes_slide.notes_text_frame.text


def test_file_name_says_what_it_is():
    assert (
        export_file_name("axicel-relapsing-icans", (40, 50), "timeline", "png")
        == "axicel-relapsing-icans_days-40-50_timeline.png"
    )


def test_csv_neutralises_formulas_but_keeps_numbers():
    table = pd.DataFrame(
        {"day": pd.array([-5, 3], dtype="Int64"), "detail": ['=HYPERLINK("x")', "+1 dose"]}
    )
    text = events_csv(table)
    rows = text.splitlines()
    assert rows[1].startswith("-5,")
    assert "'=HYPERLINK" in rows[1]
    assert rows[2] == "3,'+1 dose"
