"""The registry fields and per-day series of a case: on small frames, and on the seed case
against the paper's Table 1."""

import pytest
from factories import event, events

from components.clinical.cohort import (
    FIELD_NAMES,
    daily_grades,
    dose_count,
    event_fields,
    rank_values,
    resolved_day,
    treatment_marks,
)
from components.clinical.steroids import steroid_exposure


def test_the_csv_columns_are_the_registry_fields_in_their_stable_order():
    assert ",".join(FIELD_NAMES) == (
        "case,title,product,synthetic,crs_onset_day,crs_max_grade,crs_resolved_day,"
        "icans_onset_day,icans_max_grade,icans_resolved_day,tocilizumab_doses,"
        "corticosteroid_dex_eq_mg,anakinra,intrathecal_first_day,icu_days,last_day,died"
    )


def test_seed_case_fields_are_the_papers(seed_events):
    fields = event_fields(seed_events)
    # Table 1: CRS grade 1 on days 1-2, grade 3 on day 5; ICANS grade 1 on day 3, grade 4 on
    # day 41; tocilizumab on day 5 and days 15-19 (day 19); IT chemotherapy from day 45; ICU
    # days 5-12 and 15-74; death on day 88 (text).
    assert fields["crs_onset_day"] == 1
    assert fields["crs_max_grade"].text == "3"
    assert fields["icans_onset_day"] == 3
    assert fields["icans_max_grade"].text == "4"
    assert fields["tocilizumab_doses"] == 2
    assert fields["anakinra"] is True
    assert fields["intrathecal_first_day"] == 45
    assert fields["icu_days"] == 8 + 60
    assert fields["last_day"] == 88
    assert fields["died"] is True
    # No grade 0 is recorded after either syndrome's last day at grade 1 or more.
    assert fields["crs_resolved_day"] is None
    assert fields["icans_resolved_day"] is None


def test_corticosteroid_field_is_the_case_pages_number(seed_events):
    assert event_fields(seed_events)["corticosteroid_dex_eq_mg"] == round(
        steroid_exposure(seed_events).cumulative_mg, 1
    )


def test_seed_case_rank_values(seed_events):
    values = rank_values(seed_events)
    assert values["onset_to_intrathecal"] == 45 - 3
    assert values["icans_high_day"] == 7  # Table 1, day 7: grade 3


def test_a_highest_grade_only_derived_is_a_lower_bound():
    table = events(event("2", "score", "ICE", "5"))
    assert event_fields(table)["icans_max_grade"].text == "≥2"


def test_resolved_is_the_first_grade_0_after_the_last_day_at_grade_1_or_more():
    table = events(
        event("2", "grade", "CRS", "2"),
        event("4", "grade", "CRS", "0"),
        event("6", "grade", "CRS", "1"),
        event("9", "grade", "CRS", "0"),
        event("12", "grade", "CRS", "0"),
    )
    assert resolved_day(table, "CRS") == 9
    assert resolved_day(table, "ICANS") is None


def test_resolution_is_empty_when_the_record_ends_at_grade_1_or_more():
    table = events(event("2", "grade", "CRS", "0"), event("3", "grade", "CRS", "1"))
    assert resolved_day(table, "CRS") is None


@pytest.mark.parametrize(
    ("frequency", "end_day", "doses"),
    [("once", "", 1), ("daily", "3", 3), ("BID", "2", 4), ("", "", 1)],
)
def test_dose_count_counts_days_times_doses_a_day(frequency, end_day, doses):
    table = events(
        event("1", "drug", "Tocilizumab", "8", unit="mg/kg", frequency=frequency, end_day=end_day)
    )
    assert dose_count(table) == doses


def test_a_drug_row_without_a_dose_is_not_a_dose():
    table = events(event("1", "drug", "Tocilizumab", detail="Stopped"))
    assert dose_count(table) == 0
    assert event_fields(table)["tocilizumab_doses"] == 0


def test_daily_grades_take_the_days_highest_and_keep_gaps():
    table = events(
        event("1", "grade", "ICANS", "1", end_day="2"),
        event("2", "score", "ICE", "2"),
        event("5", "grade", "ICANS", "3"),
    )
    daily = daily_grades(table, "ICANS")
    assert daily["day"].tolist() == [1, 2, 5]
    assert daily["grade"].tolist() == [1, 1, 3]
    # Day 2 has a reported grade 1, so no grade is derived there.
    assert daily["derived"].tolist() == [False, False, False]


def test_a_day_reached_only_by_a_derived_grade_is_derived():
    daily = daily_grades(events(event("4", "score", "ICE", "1")), "ICANS")
    assert daily.to_dict("records") == [
        {"syndrome": "ICANS", "day": 4, "grade": 3, "derived": True}
    ]


def test_treatment_marks_name_each_kind(seed_events):
    marks = treatment_marks(seed_events)
    assert sorted(marks.loc[marks["kind"] == "tocilizumab", "day"]) == [5, 19]
    assert marks.loc[marks["kind"] == "death", "day"].tolist() == [88]
    assert set(marks.loc[marks["kind"] == "intrathecal", "day"]) == {45, 47}
    icu = marks[marks["kind"] == "icu"]
    assert list(zip(icu["day"], icu["end_day"], strict=True)) == [(5, 12), (15, 74)]
