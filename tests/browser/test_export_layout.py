"""Exported timelines as Chromium lays out their SVG: no two texts meet, no text under 24 px
on a 1080-pixel-high slide, nothing outside the canvas, no lane under 80 px; at 16:9 and 4:3,
for days 40-50 and the whole course of the bundled case."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from factories import SEED_CASE, event, events
from support.svg_text import collisions, outside, text_boxes

from components.cases.case import load_case
from components.cases.notes import Note
from components.export.renderer import SlideSize
from components.export.slides import insight_slide_figure, slide_figures
from components.figures.insight.registry import INSIGHT_FIGURES

SIZES = [SlideSize(1920, 1080), SlideSize(1440, 1080)]
RANGES = [(40, 50), None]
MIN_TEXT_PX = 24
MIN_LANE_PX = 80


@pytest.fixture(scope="module")
def seed():
    return load_case(SEED_CASE)


@pytest.fixture(scope="module")
def with_measures(seed):
    """The bundled case with labs and vital signs an uploaded case might add."""
    extra = events(
        event("41", "lab", "IL-6", "310", unit="pg/mL", detail="ref. 0-7"),
        event("45", "lab", "IL-6", "95", unit="pg/mL"),
        event("41", "lab", "Fibrinogen", "1.4", unit="g/L", detail="ref. 2.0-4.0"),
        event("47", "lab", "LDH", "420", unit="U/L"),
        event("44", "lab", "Platelets", "38", unit="10^9/L"),
        event("41", "vital", "Temperature", "38.9", unit="°C"),
        event("43", "vital", "Temperature", "37.4", unit="°C"),
        event("41", "vital", "Systolic blood pressure", "86", unit="mmHg"),
        event("41", "vital", "SpO2", "92", unit="%"),
    )
    combined = pd.concat([seed.events, extra], ignore_index=True).sort_values("day", kind="stable")
    return replace(seed, events=combined.reset_index(drop=True))


def lane_heights(figure) -> list[float]:
    layout = figure.layout
    plot = layout.height - layout.margin.t - layout.margin.b
    axes = [layout[axis.replace("y", "yaxis")] for axis in layout.meta["lane_axes"].values()]
    return [(axis.domain[1] - axis.domain[0]) * plot for axis in axes]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.label)
@pytest.mark.parametrize("days", RANGES, ids=["days-40-50", "whole-course"])
def test_exported_slides_have_no_colliding_or_small_text(
    browser, renderer, seed, tmp_path, size, days
):
    check_slides(browser, renderer, seed, tmp_path, size, days or (-10, 88))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.label)
def test_a_case_with_more_labs_and_vital_signs_too(
    browser, renderer, with_measures, tmp_path, size
):
    figures = check_slides(browser, renderer, with_measures, tmp_path, size, (40, 50))
    drawn = {key for figure in figures for key in figure.layout.meta["lanes"]}
    assert {"more-labs", "vitals"} <= drawn


def check_slides(browser, renderer, case, tmp_path, size, days):
    notes = [Note(45, "First intrathecal dose", "drugs"), Note(41, "GCS 3")]
    figures = slide_figures(case, days, None, case.info.title, size, notes)
    assert len(figures) >= 2, "all seven lanes cannot fit one slide at 24 px text"
    drawn = [key for figure in figures for key in figure.layout.meta["lanes"]]
    assert sorted(drawn) == sorted(set(drawn)), "each lane is on one part"
    for number, figure in enumerate(figures):
        assert min(lane_heights(figure)) >= MIN_LANE_PX
        svg = tmp_path / f"part-{number}.svg"
        svg.write_bytes(renderer.render(figure, "svg", size))
        boxes = text_boxes(browser, svg, size.width, size.height)
        assert len(boxes) > 15
        assert collisions(boxes) == [], f"part {number + 1}"
        assert [b.text for b in boxes if b.size < MIN_TEXT_PX] == []
        assert outside(boxes, size.width, size.height) == []
    return figures


@pytest.mark.timeout(300)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.label)
def test_the_decks_lane_group_titles_stay_on_the_canvas(browser, renderer, seed, tmp_path, size):
    """The deck titles a lane group's slides '<group>: <case title>'; at 4:3 that wraps, and
    the first line was drawn above the picture."""
    title = f"CRS and ICANS grades: {seed.info.title}"
    figure = slide_figures(seed, (40, 50), ["crs", "icans"], title, size)[0]
    svg = tmp_path / "group.svg"
    svg.write_bytes(renderer.render(figure, "svg", size))
    boxes = text_boxes(browser, svg, size.width, size.height)
    assert any(b.text.startswith("CRS and ICANS grades") for b in boxes)
    assert outside(boxes, size.width, size.height) == []
    assert collisions(boxes) == []


@pytest.mark.timeout(300)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.label)
@pytest.mark.parametrize("name", list(INSIGHT_FIGURES))
def test_insight_slides_have_no_colliding_text(browser, renderer, seed, tmp_path, size, name):
    """The note under the corticosteroid and intrathecal figures lay over the axis's labels."""
    svg = tmp_path / f"{name}.svg"
    svg.write_bytes(renderer.render(insight_slide_figure(seed, (40, 50), name, size), "svg", size))
    boxes = text_boxes(browser, svg, size.width, size.height)
    assert collisions(boxes) == []
    assert outside(boxes, size.width, size.height) == []
