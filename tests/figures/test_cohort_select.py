"""Align, rank and filter a cohort, the notes on cases left out, the caption and the links."""

import pytest
from factories import event, events

from components.cases.case import Case, CaseInfo
from components.cases.index import summarise
from components.figures.cohort_select import (
    case_link,
    cohort_caption,
    rank_from_table,
    select,
    summary_counts,
)
from components.model.cohort_view import CohortView


def _case(case_id: str, *rows, synthetic=False, product="Axi-cel") -> Case:
    info = CaseInfo(title=case_id.title(), product=product, synthetic=synthetic)
    return Case(case_id, info, events(event("0", "drug", "Axi-cel", route="IV"), *rows))


@pytest.fixture(scope="module")
def cohort():
    cases = [
        _case(
            "alpha",
            event("2", "grade", "ICANS", "1"),
            event("6", "grade", "ICANS", "3"),
            event("8", "drug", "Methotrexate", "15", unit="mg", route="IT"),
            event("20", "outcome", "Death"),
        ),
        _case(
            "beta",
            event("4", "grade", "ICANS", "2"),
            event("4", "drug", "Dexamethasone", "10", unit="mg", frequency="QID"),
            event("5", "grade", "CRS", "1"),
            event("30", "status", "Follow-up visit"),
            synthetic=True,
        ),
        _case(
            "gamma",
            event("1", "grade", "CRS", "2"),
            event("28", "status", "Follow-up"),
            product="Tisa-cel",
        ),
    ]
    joined = summarise(cases[0], "published")
    for case in cases[1:]:
        joined = joined.joined(summarise(case, "published"))
    return joined


def test_the_infusion_alignment_keeps_every_case_at_its_own_days(cohort):
    selection = select(cohort, CohortView())
    assert list(selection.cases["case"]) == ["alpha", "beta", "gamma"]
    assert set(selection.cases["offset"]) == {0}
    assert selection.notes == ()


def test_aligning_on_icans_onset_moves_the_days_and_names_the_case_without_it(cohort):
    selection = select(cohort, CohortView(align="icans-onset"))
    assert dict(zip(selection.cases["case"], selection.cases["offset"], strict=True)) == {
        "alpha": 2,
        "beta": 4,
    }
    alpha = selection.series[
        (selection.series["case"] == "alpha") & (selection.series["lane"] == "ICANS")
    ]
    assert list(alpha["day"]) == [0, 4]
    assert selection.notes == ("1 case has no ICANS: gamma.",)


def test_aligning_on_intrathecal_therapy(cohort):
    selection = select(cohort, CohortView(align="intrathecal"))
    assert list(selection.cases["case"]) == ["alpha"]
    assert selection.notes == ("2 cases have no intrathecal therapy: beta, gamma.",)


@pytest.mark.parametrize(
    ("rank", "order"),
    [
        ("name", ["alpha", "beta", "gamma"]),
        ("peak-icans", ["alpha", "beta", "gamma"]),
        ("icans-onset", ["alpha", "beta", "gamma"]),
        ("steroids", ["beta", "alpha", "gamma"]),
        ("follow-up", ["beta", "gamma", "alpha"]),
        ("-crs_onset_day", ["beta", "gamma", "alpha"]),
        ("crs_onset_day", ["gamma", "beta", "alpha"]),
    ],
)
def test_ranking_puts_cases_without_the_value_last(cohort, rank, order):
    assert list(select(cohort, CohortView(rank=rank)).cases["case"]) == order


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        ((("product", "Tisa-cel"),), ["gamma"]),
        ((("icans", "3"),), ["alpha"]),
        ((("crs", "1"),), ["beta", "gamma"]),
        ((("drug", "dexamethasone"),), ["beta"]),
        ((("outcome", "died"),), ["alpha"]),
        ((("outcome", "alive"),), ["beta", "gamma"]),
        ((("source", "synthetic"),), ["beta"]),
        ((("source", "published"), ("crs", "1")), ["gamma"]),
    ],
)
def test_filters(cohort, filters, kept):
    selection = select(cohort, CohortView(filters=filters))
    assert list(selection.cases["case"]) == kept
    if len(kept) < 3:
        assert (
            selection.notes[0]
            == f"{3 - len(kept)} case{'s' if len(kept) == 1 else ''} filtered out."
        )


def test_the_caption_says_what_the_figure_shows(cohort):
    selection = select(cohort, CohortView(align="icans-onset", rank="peak-icans"))
    assert cohort_caption(selection) == (
        "2 cases aligned on ICANS onset, ranked by highest ICANS grade. "
        "1 of them synthetic (generated, not patients)"
    )


def test_the_summary_counts_cases_at_each_grade_per_aligned_day(cohort):
    counts = summary_counts(select(cohort, CohortView(align="icans-onset")), "ICANS")
    assert counts.to_dict("records") == [
        {"day": 0, "grade": 1, "cases": 1},
        {"day": 0, "grade": 2, "cases": 1},
        {"day": 4, "grade": 3, "cases": 1},
    ]


def test_a_case_opens_around_the_aligned_event():
    assert case_link("alpha", 41, 88) == "/?case=alpha&days=34:62"
    assert case_link("beta", 0, 10) == "/?case=beta&days=-7:10"


@pytest.mark.parametrize(
    ("state", "rank"),
    [
        ([{"colId": "icans_max_grade", "sort": "desc"}], "peak-icans"),
        ([{"colId": "icans_max_grade", "sort": "asc"}], "icans_max_grade"),
        ([{"colId": "title"}, {"colId": "icu_days", "sort": "desc"}], "-icu_days"),
        ([{"colId": "case", "sort": "asc"}], "name"),
        ([{"colId": "title", "sort": None}], None),
    ],
)
def test_sorting_a_table_column_ranks_the_plot(state, rank):
    assert rank_from_table(state) == rank
