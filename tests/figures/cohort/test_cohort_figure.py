"""The cohort figure: swimmer rows in the timeline's grade colours, derived grades hatched,
treatment markers, the end of follow-up, and the per-day summary stacked by grade."""

import pytest
from factories import event, events

from components.cases.case import Case, CaseInfo
from components.cases.cohort_select import select
from components.cases.index import summarise
from components.figures.cohort.swimmers import cohort_figure, runs
from components.figures.theme import SCREEN_THEME, SLIDE_THEME
from components.model.cohort_view import CohortView


@pytest.fixture(scope="module")
def selection():
    case = Case(
        "alpha",
        CaseInfo(title="Alpha"),
        events(
            event("1", "grade", "ICANS", "1", end_day="2"),
            event("3", "score", "ICE", "1"),
            event("2", "drug", "Tocilizumab", "8", unit="mg/kg"),
            event("3", "status", "ICU stay", end_day="4"),
            event("9", "outcome", "Death"),
        ),
    )
    return select(summarise(case, "published"), CohortView(summary="icans"))


def _bars(figure, name_part):
    return [
        t for t in figure.data if t.type == "bar" and t.orientation == "h" and name_part in t.name
    ]


def test_grade_runs_are_joined_per_case_lane_grade_and_basis(selection):
    joined = runs(selection.series[selection.series["lane"] == "ICANS"])
    assert joined[["day", "end_day", "grade", "derived"]].values.tolist() == [
        [1, 2, 1, False],
        [3, 3, 3, True],
    ]


def test_grades_use_the_timelines_colours_and_derived_ones_are_hatched(selection):
    figure = cohort_figure(selection, SCREEN_THEME)
    reported = _bars(figure, "grade 1")[0]
    assert reported.marker.color == SCREEN_THEME.grade_colors[1]
    assert reported.marker.pattern.shape == ""
    derived = next(t for t in figure.data if t.type == "bar" and t.marker.pattern.shape)
    assert derived.marker.pattern.shape == SCREEN_THEME.derived_pattern
    assert derived.marker.color == SCREEN_THEME.grade_colors[3]
    assert list(derived.base) == [2.5]


def test_markers_and_end_of_follow_up(selection):
    figure = cohort_figure(selection, SCREEN_THEME)
    names = {t.name for t in figure.data}
    assert {"Tocilizumab", "ICU stay", "Death"} <= names
    assert "Last recorded day" not in names
    death = next(t for t in figure.data if t.name == "Death")
    assert list(death.x) == [9]
    marked = [t for t in figure.data if t.customdata is not None]
    assert {case for t in marked for case in t.customdata if case} == {"alpha"}


def test_the_summary_stacks_cases_per_day_and_grade(selection):
    figure = cohort_figure(selection, SCREEN_THEME)
    summary = [t for t in figure.data if t.type == "bar" and t.orientation != "h"]
    assert [(list(t.x), list(t.y)) for t in summary] == [([1, 2], [1, 1]), ([3], [1])]


def test_the_slide_version_has_the_caption_and_the_slide_size(selection):
    figure = cohort_figure(selection, SLIDE_THEME, title="Cohort", caption=True)
    assert figure.layout.width == 1920
    assert figure.layout.height == 1080
    assert (
        "1 case aligned on CAR-T infusion (day 0), ranked by case name" in figure.layout.title.text
    )


def test_a_large_cohort_draws_its_first_rows_and_summarises_them_all(monkeypatch):
    from components.figures.cohort import swimmers as cohort

    cases = [
        Case(name, CaseInfo(title=name), events(event(str(day), "grade", "ICANS", "2")))
        for name, day in (("a", 1), ("b", 2), ("c", 3))
    ]
    joined = summarise(cases[0], "published")
    for case in cases[1:]:
        joined = joined.joined(summarise(case, "published"))
    chosen = select(joined, CohortView())
    monkeypatch.setattr(cohort, "MAX_SWIMMERS", 2)
    figure = cohort_figure(chosen, SCREEN_THEME)
    assert list(figure.layout.yaxis2.ticktext) == ["a", "b"]
    summary = [t for t in figure.data if t.type == "bar" and t.orientation != "h"]
    assert list(summary[0].x) == [1, 2, 3]
    assert cohort.drawn_note(chosen) == (
        "The plot draws the first 2 of 3 cases in rank order; "
        "the summary above it and the table count every case."
    )
