"""Text from a case is text: no figure reads a case's words as markup (issue 16, finding 6;
the cohort's labels, issue 20, item 5), and quotes show as quotes (issue 16, finding 8)."""

import json
import re
from urllib.parse import quote

import plotly.io as pio
import pytest
from factories import LIVE_MARKUP, SEED_CASE, case_with_markup, figure_strings

from components.cases.case import Case, load_case
from components.cases.cohort_select import cohort_title, select
from components.cases.index import summarise
from components.cases.notes import Note
from components.export.renderer import SLIDE_16_9
from components.export.slides import (
    insight_slide_figure,
    slide_figure,
    slide_figures,
    slide_theme,
)
from components.figures.cohort.browser_views import case_data, view_data
from components.figures.cohort.swimmers import cohort_figure
from components.figures.insight.registry import INSIGHT_FIGURES, insight_figure
from components.figures.text import plain_text, text_annotation
from components.figures.theme import SCREEN_THEME
from components.figures.timeline.figure import build_timeline
from components.figures.timeline.presenter import presenter_parts
from components.model.cohort_view import CohortView, parse_cohort_view

#: A tag as plotly reads one, or its start cut off by a label's length ('<a href=https://ev…').
TAG = re.compile(r"<[^<>]*(?:>|$)")
#: Every lane, so that every lane's labels are drawn.
EVERY_LANE = ["icans", "crs", "neuro", "vitals", "labs", "csf", "drugs", "care"]


@pytest.fixture(scope="module")
def case():
    return case_with_markup()


def live_markup(figure) -> list[str]:
    strings = figure_strings(json.loads(pio.to_json(figure)))
    return [s for s in strings if any(marker in s for marker in LIVE_MARKUP)]


def tags(*figures) -> set[str]:
    """Every tag (or tag's start) in any string of the figures (or of data the browser draws
    figures from): plotly reads each as markup."""

    def as_json(figure):
        return figure if isinstance(figure, dict) else json.loads(pio.to_json(figure))

    strings = [s for f in figures for s in figure_strings(as_json(f))]
    return {tag for s in strings for tag in TAG.findall(s)}


def cohort_figures(case) -> list:
    """The cohort of one case as the page, the browser's data and the slide draw it, filtered
    by one of its drugs as a URL names it (the filter's words are in the slide's caption)."""
    cohort = summarise(case, "published")
    drug = sorted(case.events.loc[case.events["category"] == "drug", "item"].astype(str))[0]
    view, _ = parse_cohort_view("?filter=" + quote(f"drug:{drug}"))
    selection = select(cohort, view)
    assert len(selection.cases) == 1
    cases, views = case_data(cohort, SCREEN_THEME), view_data(cohort, view, SCREEN_THEME)
    # What assets/cohort.js makes figures of (the table's rows, caption and notes are the
    # page's text, not plotly's).
    browser = {
        "labels": cases["labels"],
        "swimmers": cases["swimmers"],
        "aligns": [[a["layouts"], a["summaries"]] for a in views["aligns"].values()],
    }
    return [
        cohort_figure(selection, SCREEN_THEME, cohort_title(selection)),
        cohort_figure(selection, slide_theme(SLIDE_16_9), cohort_title(selection), caption=True),
        browser,
    ]


def presenter_figures(case) -> list:
    return presenter_parts(case.events, EVERY_LANE, (-10, 88), case.notes)


def timeline_figures(case) -> list:
    """The screen's timeline and the slides of every lane."""
    slides = slide_figures(case, (-10, 88), None, case.info.title, SLIDE_16_9, case.notes)
    return [build_timeline(case.events, notes=case.notes), *slides]


def insight_figures(case) -> list:
    """Every insight figure on the screen (labelled with the case's title) and on a slide."""
    return [
        figure
        for name in INSIGHT_FIGURES
        for figure in (
            insight_figure(name, case.events, (-10, 88), case.info.title, SCREEN_THEME),
            insight_slide_figure(case, (-10, 88), name, SLIDE_16_9),
        )
    ]


@pytest.mark.parametrize(
    "build", [timeline_figures, insight_figures, cohort_figures, presenter_figures]
)
def test_every_tag_in_a_figure_of_a_case_with_markup_is_one_the_project_draws(case, build):
    """The markup in every text field (title, detail, source, item, unit, drug names, notes)
    adds no tag of its own: each tag drawn is one the same figure of the bundled case has."""
    ours = tags(*build(load_case(SEED_CASE)))
    assert tags(*build(case)) - ours == set()


def test_a_cohort_row_titled_with_a_link_shows_its_words_on_the_page_and_in_the_browser():
    seed = load_case(SEED_CASE)
    title = '<a href="https://e.io/">Login</a>'
    case = Case("link", seed.info.model_copy(update={"title": title}), seed.events)
    cohort = summarise(case, "published")
    figure = cohort_figure(select(cohort, CohortView()), SCREEN_THEME)
    # Cut to 28 characters, then escaped: the escape is never cut in half.
    label = '&lt;a href="https://e.io/"&gt;Log…'
    assert list(figure.layout.yaxis2.ticktext) == [label]
    assert case_data(cohort, SCREEN_THEME)["labels"] == [label]


def test_plain_text_escapes_markup_and_keeps_quotes():
    assert (
        plain_text('<a href=x>"hi"</a> & <b>') == '&lt;a href=x&gt;"hi"&lt;/a&gt; &amp; &lt;b&gt;'
    )


def test_the_slide_with_markup_in_every_text_column_draws_it_as_text(case):
    # All lanes take several slides: every part is checked.
    figures = slide_figures(case, (-10, 88), None, case.info.title, SLIDE_16_9, case.notes)
    strings = []
    for figure in figures:
        assert live_markup(figure) == []
        strings += figure_strings(json.loads(pio.to_json(figure)))
    # ... and the words are still there, as text: the title, a drug's row, the citation.
    assert any(s.startswith("Case &lt;a href=https://evil.example") for s in strings)
    assert any(s.startswith("Dexamethasone&lt;a href") for s in strings)
    assert any("Cited &lt;a href" in s for s in strings)


def test_the_screen_timeline_with_markup_draws_it_as_text(case):
    figure = build_timeline(case.events, notes=case.notes)
    assert live_markup(figure) == []


@pytest.mark.parametrize("name", list(INSIGHT_FIGURES))
def test_insight_figures_with_markup_draw_it_as_text(case, name):
    assert live_markup(insight_slide_figure(case, (-10, 88), name, SLIDE_16_9)) == []


def test_a_note_with_quotes_shows_quotes():
    figure = build_timeline(case_with_markup().events, notes=[Note(3, 'say "stop"')])
    texts = [a.text for a in figure.layout.annotations if a.name == "presenter-note"]
    assert texts == ['say "stop"']


def test_annotations_are_plain_text_with_line_breaks():
    annotation = text_annotation("a <b>\nb", 10, "#000", 0, 0, bold=True)
    assert annotation["text"] == "<b>a &lt;b&gt;<br>b</b>"


def test_text_of_several_lines_breaks_with_plotlys_line_break(case):
    """plotly draws a newline as a space: the caption, subtitle and notes break with <br>."""
    figure = slide_figure(case, (-10, 88), None, case.info.title, SLIDE_16_9, case.notes)
    texts = [a.text for a in figure.layout.annotations] + [figure.layout.title.subtitle.text]
    assert not [t for t in texts if "\n" in t]
    assert any("<br>" in t for t in texts)
