"""Exports of the cohort: the figure at slide size, a one-slide deck with the automatic caption,
the table as CSV in the registry's columns, and the word 'synthetic' wherever a case is."""

import csv
import io

import pytest
from factories import SEED_CASE
from pptx import Presentation
from support.svg_text import live_markup, svg_texts

from components.cases.case import Case, finish_event_table, load_case
from components.cases.cohort_select import cohort_title, select
from components.cases.index import summarise
from components.cases.synth import synthetic_case
from components.clinical.cohort import FIELD_NAMES
from components.export.cohort_export import export_cohort
from components.export.renderer import ExportError
from components.model.cohort_view import CohortView
from components.model.schema import validate_event_table


@pytest.fixture(scope="module")
def selection():
    info, rows = synthetic_case(1, seed=2017)
    events = finish_event_table(validate_event_table(rows.astype(str), "synthetic.csv"))
    cohort = summarise(load_case(SEED_CASE), "published").joined(
        summarise(Case("synthetic-001", info, events), "published")
    )
    return select(cohort, CohortView(align="icans-onset", rank="peak-icans"))


def test_the_title_counts_the_synthetic_cases(selection):
    assert cohort_title(selection) == "CAR-T toxicity cohort (includes 1 SYNTHETIC cases)"


def test_the_table_exports_as_the_registry_csv(selection, renderer):
    name, data = export_cohort(selection, "csv", renderer)
    assert name == "cohort_icans-onset_peak-icans_table.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert list(rows[0]) == list(FIELD_NAMES)
    assert rows[0]["case"] == SEED_CASE.name


def test_the_deck_is_a_slide_with_the_caption(selection, renderer):
    name, data = export_cohort(selection, "pptx", renderer)
    assert name.endswith("_swimmer.pptx")
    deck = Presentation(io.BytesIO(data))
    cover, slide = deck.slides
    subtitle = cover.placeholders[1].text
    assert "aligned on ICANS onset, ranked by highest ICANS grade" in subtitle
    assert "not patients" in subtitle
    assert slide.shapes[0].shape_type == 13  # a picture


def test_svg_and_an_unknown_format(selection, renderer):
    assert export_cohort(selection, "svg", renderer)[1].lstrip().startswith(b"<svg")
    with pytest.raises(ExportError):
        export_cohort(selection, "gif", renderer)


def test_the_svg_of_cases_titled_with_markup_shows_the_titles_as_text(renderer):
    """Issue 20, item 5: a title that is a link was a live link among the row labels."""
    seed = load_case(SEED_CASE)
    titles = {"link": '<a href="https://e.io/">Login</a>', "styled": "<b style=font-size:80px>B"}
    cases = [
        Case(case_id, seed.info.model_copy(update={"title": title}), seed.events)
        for case_id, title in titles.items()
    ]
    cohort = summarise(cases[0], "published").joined(summarise(cases[1], "published"))
    svg = export_cohort(select(cohort, CohortView()), "svg", renderer)[1]
    assert live_markup(svg) == []
    texts = svg_texts(svg)
    assert '<a href="https://e.io/">Log…' in texts  # cut to the label's length, as text
    assert "<b style=font-size:80px>B" in texts
