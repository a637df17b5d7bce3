"""Align, rank and filter a cohort, the notes on cases left out, the caption and the links."""

import pytest

from components.cases.cohort_select import (
    aligned_link,
    caption_parts,
    case_link,
    cohort_caption,
    rank_from_table,
    select,
    summary_counts,
)
from components.model.cohort_view import CohortView


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


def test_the_link_of_a_case_follows_the_alignment(cohort):
    assert aligned_link(cohort, "alpha", "icans-onset") == "/?case=alpha&days=-5:20"
    assert aligned_link(cohort, "alpha", "intrathecal") == "/?case=alpha&days=1:20"
    assert aligned_link(cohort, "gamma", "icans-onset") is None  # no ICANS
    assert aligned_link(cohort, "nobody", "infusion") is None


def test_a_new_rank_changes_only_its_label_in_the_caption(cohort):
    selection = select(cohort, CohortView(align="icans-onset", rank="-icu_days"))
    head, tail = caption_parts(selection)
    assert head + "icu days, highest first" + tail == cohort_caption(selection)
    assert head == "2 cases aligned on ICANS onset, ranked by "


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


def test_a_filter_that_keeps_no_case_gives_an_empty_selection(cohort):
    selection = select(cohort, CohortView(align="icans-onset", filters=(("drug", "none"),)))
    assert selection.cases.empty and selection.series.empty
    assert selection.notes == ("3 cases filtered out.",)
