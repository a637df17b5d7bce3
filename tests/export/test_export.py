"""Exported files open and are what was asked for."""

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
import pytest
from factories import SEED_CASE, case_with_markup
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader
from support.svg_text import live_markup

from components.cases.case import Case, CaseInfo, load_case, parse_events
from components.cases.notes import Note
from components.cases.templates import csv_template
from components.clinical.phases import in_day_range
from components.export.deck import DeckSlide, slide_deck
from components.export.formats import events_csv, export_case, export_file_name, parts_note
from components.export.renderer import (
    SLIDE_16_9,
    ExportError,
    FigureRenderer,
    SlideSize,
    export_page,
    parse_size,
)
from components.export.slides import slide_figure
from components.figures.lanes.registry import deck_groups, lane_keys


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
    reader = PdfReader(io.BytesIO(renderer.render(figure, "pdf", SlideSize(1440, 1080))))
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


@pytest.fixture(scope="module")
def seed():
    return load_case(SEED_CASE)


def test_slide_figure_shows_the_range_with_caption_and_source(seed):
    figure = slide_figure(seed, (40, 50), ["icans", "drugs"], "IT window")
    assert list(figure.layout.xaxis.range) == [39.5, 50.5]
    assert figure.layout.meta["lanes"] == ["icans", "drugs"]
    assert figure.layout.width == 1920
    assert figure.layout.title.text == "IT window"
    assert "intrathecal chemotherapy on days 45 and 47" in figure.layout.title.subtitle.text
    assert any("10.3324/haematol.2025.300224" in (a.text or "") for a in figure.layout.annotations)
    # Only what the range shows: lymphodepletion (days -10 to -6) gets no row.
    drug_rows = {
        y for trace in figure.data if trace.y is not None for y in trace.y if isinstance(y, str)
    }
    assert "Cyclophosphamide" not in drug_rows
    assert "Methotrexate IT" in drug_rows


def test_seed_png_export_is_slide_sized_and_named(seed, renderer):
    name, data, _ = export_case(seed, (40, 50), "png", renderer, lanes=["icans", "neuro"])
    assert name == "axicel-relapsing-icans_days-40-50_timeline.png"
    assert Image.open(io.BytesIO(data)).size == (1920, 1080)


def test_lanes_too_many_for_one_slide_come_as_parts(seed, renderer):
    name, data, lanes = export_case(seed, (40, 50), "png", renderer)
    assert name == "axicel-relapsing-icans_days-40-50_timeline.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.namelist()
        assert parts == [f"timeline-part-{n}.png" for n in range(1, len(parts) + 1)]
        assert len(parts) >= 2
        assert Image.open(io.BytesIO(archive.read(parts[0]))).size == (1920, 1080)
    # Each part's lanes, in lane order, every lane with data in the days once.
    assert len(lanes) == len(parts)
    assert lanes[0][:2] == ("ICANS grade (ASTCT)", "Neurological scores (ICE, GCS)")
    note = parts_note(lanes, "png", SLIDE_16_9)
    assert note.startswith(f"The {sum(map(len, lanes))} lanes do not fit one 1920 x 1080 slide")
    assert f"a ZIP of {len(parts)} PNG pictures (1: ICANS grade (ASTCT), Neuro" in note
    _, pdf, pdf_lanes = export_case(seed, (40, 50), "pdf", renderer, title="Days 40-50")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(parts)
    assert pdf_lanes == lanes
    assert f"a PDF of {len(parts)} pages" in parts_note(pdf_lanes, "pdf", SLIDE_16_9)
    assert reader.metadata.title == "Days 40-50"


def test_a_picture_that_fits_has_no_parts_to_explain(seed, renderer):
    _, _, lanes = export_case(seed, (40, 50), "svg", renderer, lanes=["icans", "drugs"])
    assert lanes == ()
    assert parts_note(lanes, "svg", SLIDE_16_9) == ""


def test_events_csv_carries_the_presenters_notes(seed, renderer):
    notes = [Note(45, "first IT dose", "drugs"), Note(10, "outside the range")]
    _, data, _ = export_case(seed, (40, 50), "csv", renderer, notes=notes)
    table = pd.read_csv(io.BytesIO(data))
    (row,) = table[table["category"] == "note"].itertuples()
    assert (row.day, row.item, row.detail) == (45, "drugs", "first IT dose")


def test_seed_svg_export_holds_the_lane_titles(seed, renderer):
    _, data, _ = export_case(seed, (40, 50), "svg", renderer, lanes=["icans", "drugs"])
    text = data.decode("utf-8")
    ET.fromstring(data)
    assert "ICANS grade (ASTCT)" in text and "Drugs" in text


INSIGHT_SLIDES = [
    "Corticosteroid exposure",
    "Key intervals",
    "Grade check",
    "Intrathecal therapy: this case beside earlier reports",
    "Earlier reports",
]


def test_seed_deck_has_title_overview_lane_groups_and_insight(seed, renderer):
    name, data, _ = export_case(seed, (40, 50), "pptx", renderer)
    assert name.endswith("_timeline.pptx")
    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    # Title, overview, every lane group with data in days 40-50 (all five here), then the
    # clinical insight: two figures and three tables.
    (subtitle,) = [sh for sh in slides[0].shapes if sh.name == "Subtitle"]
    assert subtitle.text_frame.text.count("Days 40 to 50") == 1
    # The overview (ICANS, scores, drugs) takes two slides at 24 px text; the groups follow.
    names = list(dict.fromkeys(s.name for s in slides[1:]))
    in_range = lane_keys(in_day_range(seed.events, (40, 50)))
    groups = [g for g, keys in deck_groups().items() if set(keys) & set(in_range)]
    assert "Vital signs" not in groups  # no vital sign is recorded on days 40-50
    assert names[1:] == [*groups, *INSIGHT_SLIDES]
    for slide in slides[1:]:
        assert "haematol.2025.300224" in slide.notes_slide.notes_text_frame.text
    pictures: dict[str, list] = {}
    for s in slides[1:]:
        pictures.setdefault(s.name, []).extend(sh for sh in s.shapes if sh.shape_type == 13)
    tables: dict[str, list] = {}
    for s in slides[1:]:
        tables.setdefault(s.name, []).extend(sh.table for sh in s.shapes if sh.has_table)
    for title in [*groups, INSIGHT_SLIDES[0], INSIGHT_SLIDES[3]]:
        assert pictures[title]
        assert all(p.width == deck.slide_width for p in pictures[title])
    # A long table runs over slides, its heading row on each.
    cells = [[cell.text for cell in row.cells] for t in tables["Key intervals"] for row in t.rows]
    assert cells[0] == ["Interval", "Value", "Basis", "How"]
    cells = [cells[0]] + [row for row in cells if row != cells[0]]
    assert cells[6][:3] == ["ICANS onset to intrathecal therapy", "42 days", "reported"]
    checks = [row.cells[1].text for t in tables["Grade check"] for row in list(t.rows)[1:]]
    # Days 40-50: the grade check of days 41, 45 and 47 (CRS and ICANS, both not gradeable),
    # and the span 25-40 that reaches 40; days 49-88 ("at least 0") say nothing and are left out.
    # (A row too tall for one slide continues in a row with an empty day cell.)
    assert [c for c in checks if c] == [
        "days 25–40",
        "day 41",
        "day 45",
        "day 47",
        "day 47",
    ]


def test_deck_of_days_without_corticosteroids_has_no_exposure_slide(seed, renderer):
    _, data, _ = export_case(seed, (25, 30), "pptx", renderer)
    names = [s.name for s in Presentation(io.BytesIO(data)).slides]
    assert "Corticosteroid exposure" not in names
    assert "Key intervals" in names and "Earlier reports" in names


def test_seed_csv_export_holds_the_range(seed, renderer):
    name, data, _ = export_case(seed, (45, 45), "csv", renderer)
    assert name == "axicel-relapsing-icans_days-45-45_events.csv"
    text = data.decode("utf-8")
    assert "Methotrexate" in text and "Dysgraphia" not in text


def test_exports_carry_the_presenters_notes_in_range(seed, renderer):
    notes = [Note(45, "first IT dose"), Note(10, "outside the range")]
    _, data, _ = export_case(seed, (40, 50), "svg", renderer, lanes=["icans"], notes=notes)
    text = data.decode("utf-8")
    assert "first IT dose" in text
    assert "outside the range" not in text


def test_missing_chromium_says_how_to_install_it(monkeypatch, figure):
    monkeypatch.setattr("components.export.renderer.CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(ExportError, match="make install"):
        FigureRenderer().render(figure, "png")


@pytest.mark.parametrize(
    ("text", "size"),
    [("1920x1080", SlideSize(1920, 1080)), ("800x600@2", SlideSize(800, 600, 2.0))],
)
def test_sizes_are_read_one_way_everywhere(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["1920", "axb", "100x100", "1920x1080@9"])
def test_a_size_that_cannot_be_made_says_why(text):
    with pytest.raises(ExportError):
        parse_size(text)


def test_svg_of_a_case_with_markup_holds_no_link_and_no_styled_text(renderer):
    case = case_with_markup()
    name, data, _ = export_case(case, (-10, 88), "svg", renderer)
    parts = [data]
    if name.endswith(".zip"):  # lanes on several slides: one SVG per part
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(n) for n in archive.namelist()]
    text = "".join(part.decode("utf-8") for part in parts)
    assert "evil.example" in text  # the words are on the slide, as text
    assert "&amp;quot;" not in text  # a quote shows as a quote
    for part in parts:
        assert live_markup(part) == []  # no link and no styled text from the case


def template_case() -> Case:
    """The bundled CSV template as a case: its care lane has a single row (one MRI)."""
    events = parse_events(csv_template(), "case-template.csv")
    return Case("template", CaseInfo(title="Template"), events)


def test_a_care_lane_of_one_row_makes_a_slide():
    figure = slide_figure(template_case(), (-5, 6), ["care"], "Care")
    assert figure.layout.meta["lanes"] == ["care"]


def test_the_deck_of_the_bundled_template_is_made(renderer):
    _, data, _ = export_case(template_case(), (-5, 6), "pptx", renderer)
    names = [s.name for s in Presentation(io.BytesIO(data)).slides]
    assert "Care and diagnostics" in names or any("Care" in n for n in names)


def test_the_export_page_loads_nothing_from_outside():
    """Finding 5: Kaleido's own page names MathJax on a public CDN; ours only local files."""
    page = export_page().generate_index()
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert sources and "http" not in page.lower() and "mathjax" not in page.lower()
    assert all(Path(source.removeprefix("file://")).is_file() for source in sources)


def test_the_renderer_starts_kaleido_on_that_page(monkeypatch, figure):
    started = {}
    monkeypatch.setattr(kaleido, "start_sync_server", lambda **kwargs: started.update(kwargs))
    monkeypatch.setattr(kaleido, "calc_fig_sync", lambda *args, **kwargs: b"png")
    assert FigureRenderer().render(figure, "png") == b"png"
    assert "mathjax" not in started["page_generator"].generate_index().lower()
