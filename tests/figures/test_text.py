"""Text from a case is text: no figure reads a case's words as markup (issue 16, finding 6),
and quotes show as quotes (finding 8)."""

import json

import plotly.io as pio
import pytest
from factories import LIVE_MARKUP, case_with_markup, figure_strings

from components.cases.notes import Note
from components.export.renderer import SLIDE_16_9
from components.export.slides import insight_slide_figure, slide_figure, slide_figures
from components.figures.insight.registry import INSIGHT_FIGURES
from components.figures.text import plain_text, text_annotation
from components.figures.timeline.figure import build_timeline


@pytest.fixture(scope="module")
def case():
    return case_with_markup()


def live_markup(figure) -> list[str]:
    strings = figure_strings(json.loads(pio.to_json(figure)))
    return [s for s in strings if any(marker in s for marker in LIVE_MARKUP)]


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
