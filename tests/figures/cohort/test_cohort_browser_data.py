"""What the browser gets to redraw the cohort (`figures/cohort/browser_views.py`; the name
differs from the browser tests' module): the alignments, layouts, summaries, notes and
captions are Python's own, and the swimmer template is the figure's traces on row 0."""

import json
from dataclasses import replace

import plotly.io as pio
import pytest

from components.cases.cohort_select import cohort_caption, cohort_title, select
from components.figures.cohort.browser_views import (
    case_data,
    case_order,
    cohort_token,
    shown_key,
    view_data,
)
from components.figures.cohort.swimmers import (
    MAX_SWIMMERS,
    cohort_figure,
    cohort_layout,
    drawn_note,
)
from components.figures.theme import SCREEN_THEME
from components.model.cohort_view import ALIGNS, CohortView


def _plain(value):
    """As the browser receives it: JSON, numpy numbers made plain."""
    return json.loads(pio.to_json(value) if hasattr(value, "to_plotly_json") else json.dumps(value))


@pytest.mark.parametrize("align", list(ALIGNS))
def test_each_alignment_keeps_the_cases_and_offsets_select_keeps(cohort, align):
    view = CohortView(align=align, filters=(("source", "published"),))
    sent = view_data(cohort, view, SCREEN_THEME)["aligns"][align]
    selection = select(cohort, view)
    offsets = dict(zip(selection.cases["case"], selection.cases["offset"], strict=True))
    assert sent["offsets"] == [offsets.get(case) for case in case_order(cohort)]
    assert sent["notes"] == [n for n in (*selection.notes, drawn_note(selection)) if n]
    assert "".join([sent["caption"][0], "case name", sent["caption"][1]]) == cohort_caption(
        selection
    )


def test_the_layouts_and_summaries_are_the_figures_own(cohort):
    view = CohortView(align="icans-onset", summary="crs")
    sent = view_data(cohort, view, SCREEN_THEME)["aligns"]["icans-onset"]
    figure = _plain(cohort_figure(select(cohort, view), SCREEN_THEME, "T"))
    expected_layout = _plain(cohort_layout(select(cohort, view), SCREEN_THEME, "T"))
    assert expected_layout["yaxis"]["title"]["text"] == "CRS cases"
    summary = [t for t in figure["data"] if t.get("xaxis", "x") == "x"]
    assert _plain(sent["summaries"]["crs"]) == summary
    title = cohort_title(select(cohort, view))
    assert _plain(sent["layouts"]["crs"]) == _plain(
        cohort_layout(select(cohort, view), SCREEN_THEME, title)
    )


def test_the_swimmer_template_is_the_figure_with_every_case_on_row_zero(cohort):
    sent = case_data(cohort, SCREEN_THEME)
    assert sent["values"]["case"] == case_order(cohort) == ["alpha", "beta", "gamma"]
    assert sent["max_rows"] == MAX_SWIMMERS
    one = replace(cohort, cases=cohort.cases[cohort.cases["case"] == "beta"])
    figure = _plain(cohort_figure(select(one, CohortView()), SCREEN_THEME))
    swimmers = [t for t in figure["data"] if t.get("xaxis") == "x2"]
    template = _plain(case_data(one, SCREEN_THEME)["swimmers"])
    assert template == swimmers  # one case: row 0, its own days


def test_end_of_follow_up_marks_are_in_case_order_whatever_the_rank(cohort):
    for rank in ("name", "follow-up", "-died"):
        figure = cohort_figure(select(cohort, CohortView(rank=rank)), SCREEN_THEME)
        last = next(t for t in figure.data if t.name == "Last recorded day")
        assert list(last.customdata) == ["beta", "gamma"]


def test_the_rank_labels_cover_every_table_column_both_ways(cohort):
    labels = case_data(cohort, SCREEN_THEME)["rank_labels"]
    assert labels["peak-icans"] == "highest ICANS grade"
    assert labels["icu_days"] == "icu days, lowest first"
    assert labels["-icu_days"] == "icu days, highest first"


def test_the_token_names_the_content_and_the_shown_key_the_query(cohort):
    fewer = replace(cohort, cases=cohort.cases[cohort.cases["case"] != "gamma"])
    assert cohort_token(cohort) == cohort_token(replace(cohort))
    assert cohort_token(cohort) != cohort_token(fewer)
    view = CohortView(align="icans-onset")
    assert shown_key(cohort, view) == cohort_token(cohort) + "?align=icans-onset"
    assert view_data(cohort, view, SCREEN_THEME)["filter"] == ""
    filtered = CohortView(filters=(("drug", "Dexamethasone 4 mg"),))
    assert view_data(cohort, filtered, SCREEN_THEME)["filter"] == "filter=drug:Dexamethasone+4+mg"
