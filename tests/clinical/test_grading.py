"""ASTCT 2019 rules on their boundaries, and their application to an event table."""

import pytest
from factories import event, events

from components.clinical.grading import (
    GRADE_NEEDS,
    crs_grade,
    derived_grade_events,
    eye_opening_grade,
    eye_responses,
    grade_check,
    icans_grade,
    ice_grade,
)


@pytest.mark.parametrize(
    ("ice", "grade"),
    [(10, 0), (9, 1), (7, 1), (6, 2), (3, 2), (2, 3), (0, 3)],
)
def test_ice_score_boundaries(ice, grade):
    assert ice_grade(ice) == grade


def test_ice_score_out_of_scale_is_refused():
    with pytest.raises(ValueError):
        ice_grade(11)


@pytest.mark.parametrize(("eye", "grade"), [(4, 0), (3, 2), (2, 3), (1, 4)])
def test_eye_opening_reads_as_consciousness_grade(eye, grade):
    assert eye_opening_grade(eye) == grade


def test_icans_is_the_worst_domain_and_a_lower_bound():
    result = icans_grade(ice=8, findings=("Seizure",))
    assert result.grade == 3
    assert "motor findings" in result.missing
    assert "level of consciousness" in result.missing
    assert result.describe().startswith("ASTCT 2019, at least grade 3")


def test_unarousable_patient_is_grade_4_whatever_the_ice():
    assert icans_grade(ice=0, eye_opening=1).grade == 4


@pytest.mark.parametrize(
    ("finding", "grade"),
    [("Motor weakness", 4), ("Focal cerebral edema", 3), ("Diffuse cerebral edema", 4)],
)
def test_named_findings(finding, grade):
    assert icans_grade(findings=(finding,)).grade == grade


def test_crs_needs_fever():
    assert crs_grade(temperature_c=37.9, systolic_bp=70) is None
    assert crs_grade(temperature_c=None, systolic_bp=70) is None


@pytest.mark.parametrize(
    ("kwargs", "grade"),
    [
        ({"temperature_c": 38.0}, 1),
        ({"temperature_c": 38.6, "systolic_bp": 90}, 1),
        ({"temperature_c": 38.6, "systolic_bp": 89}, 2),
        ({"temperature_c": 38.6, "vasopressors": 1}, 3),
        ({"temperature_c": 38.6, "vasopressors": 2}, 4),
        ({"temperature_c": 38.6, "oxygen_l_min": 6}, 2),
        ({"temperature_c": 38.6, "oxygen_l_min": 6.5}, 3),
        ({"temperature_c": 38.6, "positive_pressure": True}, 4),
    ],
)
def test_crs_boundaries(kwargs, grade):
    assert crs_grade(**kwargs).grade == grade


def test_crs_without_vasopressor_information_is_at_least_2():
    result = crs_grade(temperature_c=38.6, systolic_bp=78)
    assert result.grade == 2
    assert result.missing == ("vasopressors", "oxygen support")


@pytest.mark.parametrize(
    ("detail", "eyes"),
    [("E1M1V1", [1]), ("E3M1V1 - E4M5V1", [3, 4]), ("E3-4 M6 V3-4", [3, 4]), ("E3M4Vtube", [3])],
)
def test_eye_responses_from_gcs_detail(detail, eyes):
    assert eye_responses(detail) == eyes


def test_derived_grade_fills_a_day_without_a_reported_grade():
    table = events(event("13", "score", "ICE", "7"), event("20", "score", "ICE", "10"))
    derived = derived_grade_events(table.drop(table[table["basis"] == "derived"].index))
    assert derived[["day", "item", "value", "basis"]].values.tolist() == [
        [13, "ICANS", 1.0, "derived"]
    ]
    assert "ICE 7 gives grade 1" in derived["detail"].iloc[0]
    assert derived["source"].iloc[0] == "Derived from Test"


def test_no_derived_grade_where_a_grade_row_already_covers_the_day():
    table = events(
        event("5", "grade", "ICANS", "2", end_day="8"),
        event("6", "score", "ICE", "1"),
    )
    assert (table["basis"] == "derived").sum() == 0


def test_a_range_uses_its_worst_reading():
    table = events(event("1", "score", "ICE", "0", value_max="9"))
    derived = table[table["basis"] == "derived"]
    assert derived["value"].tolist() == [3.0]


def test_grade_check_verdicts():
    table = events(
        event("1", "grade", "ICANS", "1"),
        event("1", "score", "ICE", "9"),
        event("2", "grade", "ICANS", "1"),
        event("2", "score", "ICE", "2"),
        event("5", "grade", "CRS", "3"),
        event("5", "vital", "Temperature", "38.6", unit="°C"),
        event("5", "vital", "Systolic blood pressure", "78", unit="mmHg"),
        event("9", "grade", "ICANS", "3"),
    )
    check = grade_check(table).set_index(["syndrome", "day"])
    assert check.loc[("ICANS", 1), "verdict"] == "agrees"
    assert check.loc[("ICANS", 2), "verdict"] == "disagrees"
    assert check.loc[("CRS", 5), "verdict"] == "unconfirmed"
    assert GRADE_NEEDS["CRS"][3] in check.loc[("CRS", 5), "why"]
    assert check.loc[("ICANS", 9), "verdict"] == "no findings"
