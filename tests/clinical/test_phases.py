"""Key days, presets and headline numbers, on small frames and on the seed case."""

import pytest
from factories import SEED_CASE, event, events

from components.cases.case import load_case
from components.clinical.phases import (
    covered_days,
    day_range_presets,
    headline_numbers,
    icans_onset_day,
    icans_relapse_day,
    in_day_range,
    intrathecal_days,
)


@pytest.fixture(scope="module")
def seed():
    return load_case(SEED_CASE).events


def test_a_span_is_in_range_when_any_of_its_days_is():
    table = events(
        event("1", "status", "ICU stay", end_day="10"),
        event("20", "lab", "CRP", "3", unit="mg/L"),
    )
    assert in_day_range(table, (10, 15))["item"].tolist() == ["ICU stay"]
    assert in_day_range(table, (11, 19)).empty


def test_covered_days_are_clipped_to_the_range():
    table = events(event("1", "status", "ICU stay", end_day="10"))
    assert covered_days(table, (8, 20)) == {8, 9, 10}


def test_relapse_is_the_first_rise_after_a_fall():
    table = events(
        event("3", "grade", "ICANS", "2"),
        event("5", "grade", "ICANS", "3"),
        event("8", "grade", "ICANS", "1"),
        event("9", "grade", "ICANS", "1"),
        event("12", "grade", "ICANS", "3"),
    )
    assert icans_onset_day(table) == 3
    assert icans_relapse_day(table) == 12


def test_seed_key_days(seed):
    assert icans_onset_day(seed) == 3  # Table 1, day 3: dysgraphia, grade 1 ICANS
    assert intrathecal_days(seed) == [45, 47]
    assert icans_relapse_day(seed) == 15  # derived grade 3 after grade 1 on days 12-13


def test_seed_presets(seed):
    presets = {p.key: (p.first, p.last) for p in day_range_presets(seed)}
    assert presets == {
        "all": (-10, 88),
        "pre": (-10, 0),
        "early": (0, 14),
        "relapse": (15, 44),
        "intrathecal": (40, 52),
    }


def test_seed_headline_numbers_follow_the_range(seed):
    whole = {h.key: h for h in headline_numbers(seed, (-10, 88))}
    assert whole["peak_icans"].value == "4"
    assert whole["peak_icans"].note == "first on day 41"
    # Grade >= 3 on days 7, 8, 10 and 41 (reported) and 15-19 and 45 (derived).
    assert whole["high_grade_days"].value == "10"
    assert whole["high_grade_days"].note == "4 reported, 6 derived"
    assert whole["icu_days"].value == "68"  # days 5-12 and 15-74
    assert whole["onset_to_it"].value == "42 days"

    window = {h.key: h for h in headline_numbers(seed, (40, 50))}
    assert window["high_grade_days"].value == "2"
    assert window["icu_days"].value == "11"
    assert window["onset_to_it"].value == "42 days"

    early = {h.key: h for h in headline_numbers(seed, (0, 6))}
    assert early["peak_icans"].value == "2"
    assert early["high_grade_days"].value == "0"


def test_peak_that_rests_only_on_a_derived_grade_says_at_least():
    table = events(event("2", "score", "ICE", "1"))
    (peak, *_rest) = headline_numbers(table, (0, 5))
    assert peak.value == "≥3"
    assert "derived" in peak.note
