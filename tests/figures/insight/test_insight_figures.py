"""The insight panel's corticosteroid figure and grade check table."""

import json

import pytest
from factories import event, events

from components.clinical.steroids import steroid_exposure
from components.figures.insight.builders import grade_check_table, steroid_exposure_figure
from components.figures.insight.registry import INSIGHT_FIGURES, insight_figure
from components.figures.text import AXIS_LINES, LINE_HEIGHT, line_height
from components.figures.theme import SCREEN_THEME, SLIDE_THEME


def dose(day, item, value, **cells):
    return event(day, "drug", item, value, unit="mg", **cells)


TABLE = events(
    dose("1", "Dexamethasone", "10"),  # frequency not stated: a documented minimum
    dose("7", "Methylprednisolone", "1000", end_day="9", frequency="daily"),
    dose("8", "Hydrocortisone", "20", route="IT", frequency="once"),
)


def traces(fig) -> dict:
    return {trace.name: trace for trace in fig.data if trace.name}


def test_bars_hold_each_dose_and_are_hatched_only_where_a_minimum():
    fig = steroid_exposure_figure(steroid_exposure(TABLE), SCREEN_THEME)
    named = traces(fig)
    exact, minimum = named["Daily dose"], named["Daily dose, documented minimum"]
    assert list(zip(exact.x, exact.y, strict=True)) == [(7, 187.5), (8, 187.5), (9, 187.5)]
    assert list(zip(minimum.x, minimum.y, strict=True)) == [(1, 10)]
    assert minimum.marker.pattern.shape == SCREEN_THEME.derived_pattern
    assert exact.marker.pattern.shape == ""
    assert exact.customdata[0][0] == TABLE.index[TABLE["item"] == "Methylprednisolone"][0]
    assert "Day 7: 1,000 mg × 1 = 187.5 mg dexamethasone equivalent" in exact.customdata[0][3]


def test_the_cumulative_line_is_on_the_right_axis_and_says_documented_minimum():
    fig = steroid_exposure_figure(steroid_exposure(TABLE), SCREEN_THEME)
    (line,) = [t for t in fig.data if t.name and t.name.startswith("Cumulative")]
    assert line.name == "Cumulative: ≥572.5 mg by day 9"  # 10 + 3 x 187.5
    assert line.yaxis == "y2"
    assert line.y[-1] == 572.5
    assert "documented minimum" in fig.layout.title.text
    assert "mg dexamethasone equivalent" in fig.layout.yaxis.title.text
    assert "Liu D" in fig.layout.annotations[0].text


def test_intrathecal_hydrocortisone_is_a_marker_on_the_day_axis_not_a_bar():
    fig = steroid_exposure_figure(steroid_exposure(TABLE), SCREEN_THEME)
    marks = traces(fig)["Hydrocortisone IT (not added)"]
    assert (list(marks.x), list(marks.y)) == ([8], [0])
    assert "not added to systemic dosing" in marks.customdata[0][3]
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(b.y) for b in bars) == 10 + 3 * 187.5  # the 20 mg IT is not among them


def test_the_day_range_sets_the_axis():
    exposure = steroid_exposure(TABLE, (5, 12))
    fig = steroid_exposure_figure(exposure, SCREEN_THEME, (5, 12))
    assert list(fig.layout.xaxis.range) == [4.5, 12.5]
    assert "Daily dose, documented minimum" not in traces(fig)  # day 1 is before the range
    assert traces(fig)["Cumulative: ≥572.5 mg by day 12"].y[0] == 10  # day 1 counted


def colours(fig) -> set[str]:
    used = set()
    for trace in fig.data:
        if trace.type == "bar":
            used |= {trace.marker.color, trace.marker.line.color, trace.marker.pattern.fgcolor}
        elif trace.mode == "text":
            used.add(trace.textfont.color)
        elif trace.mode == "lines":
            used.add(trace.line.color)
        else:
            used |= {trace.marker.color, trace.marker.line.color}
    return used


def test_colours_come_from_the_theme():
    for theme in (SCREEN_THEME, SLIDE_THEME):
        fig = steroid_exposure_figure(steroid_exposure(TABLE), theme)
        assert len(colours(fig)) == 4  # corticosteroid, background, text, intrathecal
        assert colours(fig) <= theme.colors()
        assert fig.layout.font.family == theme.font_family


def test_a_case_without_corticosteroids_gives_an_empty_figure():
    fig = steroid_exposure_figure(
        steroid_exposure(events(dose("1", "Tocilizumab", "600", frequency="once"))), SCREEN_THEME
    )
    assert len(fig.data) == 0
    assert "documented minimum" not in fig.layout.title.text


def test_seed_figure_shows_the_documented_minimum_total(seed_events):
    fig = steroid_exposure_figure(steroid_exposure(seed_events), SCREEN_THEME)
    # Hand total in test_steroids.test_seed_total_is_a_documented_minimum: 1,285 mg
    assert "Cumulative: ≥1,285 mg by day 74" in traces(fig)
    assert list(traces(fig)["Hydrocortisone IT (not added)"].x) == [45, 47]


# ---------------------------------------------------------------------------------------------


def test_grade_check_rows_read_as_text_and_serialise(seed_events):
    rows = grade_check_table(seed_events)
    json.dumps(rows)
    by_days = {(r["syndrome"], r["days"]): r for r in rows}
    # Table 1, days 15-19: no grade stated; ICE 0-1 proves at least grade 3 (day 19 apart: the
    # GCS is set aside there, intubated that day)
    span = by_days[("ICANS", "days 15–18")]
    assert (span["reported"], span["derived"], span["verdict"]) == ("–", "≥3", "derived only")
    assert by_days[("ICANS", "day 19")]["derived"] == "≥3"
    # Table 1, day 5: grade 3 CRS stated; fever and BP 78/55 prove grade 2 only
    crs = by_days[("CRS", "day 5")]
    assert (crs["reported"], crs["derived"], crs["verdict"]) == ("3", "≥2", "unconfirmed")
    # Table 1, day 10: grade 3 stated with no ICE, GCS or finding that day
    day10 = by_days[("ICANS", "day 10")]
    assert (day10["derived"], day10["verdict"]) == ("not gradeable", "not gradeable")
    # Day 45: GCS E1M3V1, grade 4, the top of the table: not a lower bound
    assert by_days[("ICANS", "day 45")]["derived"] == "4"
    # Days 49-88: GCS E4, "at least 0", says nothing and is left out
    assert not any(r["day"] == 49 for r in rows)


@pytest.mark.parametrize("name", list(INSIGHT_FIGURES))
def test_the_note_under_a_figure_starts_below_its_axis_labels(seed_events, name):
    """On the deck's slides the note lay over the day axis's numbers and title: it hung from
    the plot's bottom edge, where plotly draws them."""
    theme = SLIDE_THEME.for_canvas(1920, 1080)
    fig = insight_figure(name, seed_events, (40, 50), "seed", theme)
    note = fig.layout.annotations[-1]
    axis = AXIS_LINES * theme.font_size * LINE_HEIGHT
    assert (note.yref, note.y, note.yanchor) == ("paper", 0, "top")
    assert -note.yshift >= axis
    lines = note.text.count("<br>") + 1
    assert fig.layout.margin.b >= -note.yshift + lines * theme.small_font_size * 1.4


def test_a_legend_that_wraps_gets_its_rows_under_the_title(seed_events):
    """On a 4:3 slide the intrathecal figure's legend wraps to three rows; the third rose into
    the title. The title stays at the top and the margin holds the rows."""
    theme = SLIDE_THEME.for_canvas(1440, 1080)
    fig = insight_figure("intrathecal-timing", seed_events, (40, 50), "seed", theme)
    rows = 3 * line_height(theme.small_font_size)
    assert fig.layout.margin.t >= theme.margin_top + line_height(theme.title_size) + rows
    assert (fig.layout.title.yref, fig.layout.title.y) == ("container", 1)
