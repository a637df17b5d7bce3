"""The ASTCT rules applied to an event table: day by day, spans, the grade check's verdicts,
and the derived grade rows the loader adds."""

import pytest
from astct_cases import drug, graded, ice, oxygen, symptom, systolic, temperature
from factories import event, events

from components.clinical.grading import (
    CHECK_COLUMNS,
    CHECKS,
    GRADE_NEEDS,
    check_runs,
    derived_grade_events,
    grade_check,
)


def test_each_calendar_day_is_graded_from_every_row_that_covers_it():
    rows = [
        drug("Norepinephrine", day="1", end_day="5"),  # a span
        temperature("38.5", day="3"),
        oxygen("10", day="2", end_day="4"),
    ]
    result = graded(*rows, syndrome="CRS", day=3)
    assert result.derived == 3
    assert "norepinephrine" in result.criterion and "oxygen 10 L/min" in result.criterion


def test_a_reported_span_is_a_grade_for_each_of_its_days():
    table = events(
        event("1", "grade", "CRS", "1", end_day="2"), temperature("38.4", day="1", end_day="2")
    )
    check = grade_check(table)
    assert check[["day", "syndrome", "reported", "derived", "check"]].values.tolist() == [
        [1, "CRS", 1, 1, "agrees"],
        [2, "CRS", 1, 1, "agrees"],
    ]


def test_two_grades_on_one_day_count_the_higher():
    table = events(
        event("1", "grade", "ICANS", "2", end_day="3"), event("2", "grade", "ICANS", "3")
    )
    check = grade_check(table).set_index("day")
    assert check.loc[2, "reported"] == 3 and check.loc[3, "reported"] == 2


def test_check_columns_and_words():
    check = grade_check(events(ice("5")))
    assert list(check.columns) == CHECK_COLUMNS
    assert set(CHECKS) == {"agrees", "unconfirmed", "disagrees", "derived only", "not gradeable"}


def test_grade_check_verdicts():
    table = events(
        event("1", "grade", "ICANS", "1"),
        ice("9", day="1"),
        event("2", "grade", "ICANS", "1"),
        ice("2", day="2"),
        event("5", "grade", "CRS", "3"),
        temperature("38.6", day="5"),
        systolic("78", day="5"),
        event("6", "grade", "CRS", "2"),
        temperature("37.5", day="6"),
        event("9", "grade", "ICANS", "3"),
        ice("5", day="11"),
    )
    check = grade_check(table).set_index(["syndrome", "day"])
    assert check.loc[("ICANS", 1), "check"] == "agrees"
    assert check.loc[("ICANS", 2), "check"] == "disagrees"
    assert "above the reported grade 1" in check.loc[("ICANS", 2), "criterion"]
    assert check.loc[("CRS", 5), "check"] == "unconfirmed"
    assert GRADE_NEEDS["CRS"][3] in check.loc[("CRS", 5), "criterion"]
    # no fever recorded, and every domain grade 0 rests on: the record says no CRS
    assert check.loc[("CRS", 6), "check"] == "disagrees"
    assert check.loc[("ICANS", 9), "check"] == "not gradeable"
    assert check.loc[("ICANS", 11), "check"] == "derived only"


def test_not_gradeable_is_never_0():
    check = grade_check(events(event("4", "grade", "ICANS", "2"), oxygen("3", day="7")))
    assert check["check"].tolist() == ["not gradeable", "not gradeable"]
    assert check["derived"].isna().all()
    assert not check["at_least"].any()


def test_no_row_for_a_day_without_anything_the_rules_read():
    check = grade_check(events(event("3", "lab", "CRP", "50", unit="mg/L"), symptom("Aphasia")))
    assert check.empty


def test_check_runs_join_consecutive_days_that_read_alike():
    table = events(
        ice("0", day="15", end_day="19", value_max="1"),
        event("19", "procedure", "Intubation", attribution="airway protection"),
        ice("7", day="21"),
    )
    runs = check_runs(grade_check(table))
    assert runs[["day", "end_day", "syndrome"]].values.tolist() == [
        [15, 19, "ICANS"],
        [19, 19, "CRS"],
        [21, 21, "ICANS"],
    ]


# ---------------------------------------------------------------------------------------------
# Derived grade rows.


def test_derived_grade_fills_a_day_without_a_reported_grade():
    table = events(ice("7", day="13"), ice("10", day="20"))
    derived = derived_grade_events(table.drop(table[table["basis"] == "derived"].index))
    assert derived[["day", "item", "value", "basis"]].values.tolist() == [
        [13, "ICANS", 1.0, "derived"]
    ]
    assert derived["detail"].iloc[0].startswith("ASTCT 2019, at least grade 1: ICE 7")
    assert "Table 5 ICANS, ICE score: 7-9, grade 1" in derived["detail"].iloc[0]
    assert derived["source"].iloc[0] == "Derived from Test"


def test_no_derived_grade_on_the_days_a_grade_row_covers():
    table = events(event("5", "grade", "ICANS", "2", end_day="8"), ice("1", day="6", end_day="9"))
    derived = table[table["basis"] == "derived"]
    assert derived[["day", "value"]].values.tolist() == [[9, 3.0]]


def test_derived_rows_join_days_that_read_alike_into_a_span():
    table = events(ice("1", day="3", end_day="6"), symptom("Seizure", day="5"))
    derived = table[table["basis"] == "derived"]
    assert list(zip(derived["day"], derived["end_day"].fillna(-1), strict=True)) == [
        (3, 4),
        (5, -1),
        (6, -1),
    ]


def test_a_not_gradeable_day_gets_no_derived_row():
    # E3 while intubated: possibly sedated, not gradeable, so no grade row at all
    table = events(event("47", "score", "GCS", "8", detail="E3M4Vtube"))
    assert (table["category"] == "grade").sum() == 0
    assert grade_check(table)["check"].tolist() == ["not gradeable"]


@pytest.mark.parametrize("basis", ["reported", "derived"])
def test_a_grade_row_of_either_basis_blocks_a_derived_row(basis):
    row = event("2", "grade", "ICANS", "2", basis=basis, detail="stated")
    table = events(row, ice("1", day="2"))
    assert (table["category"] == "grade").sum() == 1
