"""The validator: one bad file per rule, each problem naming row, column, found, expected."""

import pytest
from factories import event, text_table

from components.model.problems import CaseFileError, Problem
from components.model.schema import header_problems, validate_event_table


def problems_of(*rows: dict) -> list[Problem]:
    with pytest.raises(CaseFileError) as caught:
        validate_event_table(text_table(*rows), "events.csv")
    return caught.value.problems


def only_problem(*rows: dict) -> Problem:
    problems = problems_of(*rows)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_valid_table_comes_back_typed():
    typed = validate_event_table(
        text_table(
            event("-3", "lab", "CRP", "12.5", unit="mg/L"), event("0", "score", "ICE", "10")
        ),
        "events.csv",
    )
    assert str(typed["day"].dtype) == "Int64"
    assert typed["value"].tolist() == [12.5, 10.0]
    assert typed["day"].tolist() == [-3, 0]


@pytest.mark.parametrize(
    ("cells", "column", "expected_words"),
    [
        ({"day": "x"}, "day", "whole number"),
        ({"day": "3.5"}, "day", "whole number"),
        ({"end_day": "two"}, "end_day", "whole number"),
        ({"value": "3,5"}, "value", "decimal point"),
        ({"value": "<7"}, "value", "'<'"),
        ({"category": "labs"}, "category", "one of: grade"),
        ({"unit": "furlongs"}, "unit", "mg/L"),
        ({"basis": "guessed"}, "basis", "reported, derived"),
        ({"source": ""}, "source", "required"),
        ({"item": " "}, "item", "required"),
    ],
)
def test_unreadable_cells_are_named(cells, column, expected_words):
    problem = only_problem(event("1", "lab", "CRP", "5", unit="mg/L") | cells)
    assert (problem.row, problem.column) == (2, column)
    assert expected_words in problem.expected


@pytest.mark.parametrize(
    ("row", "column", "expected_words"),
    [
        (event("1", "grade", "ICANS", "5"), "value", "ASTCT grade from 0 to 4"),
        (event("1", "grade", "CRS", "2.5"), "value", "whole number"),
        (event("1", "score", "ICE", "11"), "value", "ICE score from 0 to 10"),
        (event("1", "score", "ICE", "0", value_max="12"), "value_max", "ICE score from 0 to 10"),
        (event("1", "score", "GCS", "2"), "value", "GCS score from 3 to 15"),
        (event("1", "drug", "Dexamethasone", "-10", unit="mg"), "value", "zero or more"),
        (event("1", "lab", "CRP", "-1", unit="mg/L"), "value", "zero or more"),
        (event("5", "drug", "Anakinra", "100", unit="mg", end_day="3"), "end_day", "on or after"),
        (event("1", "score", "ICE", "8", value_max="6"), "value_max", "at least 'value'"),
        (event("1", "score", "ICE", ""), "value", "need their number"),
        (event("1", "score", "ICE", "5", unit="mg"), "unit", "empty unit"),
        (event("1", "lab", "CRP", "5", unit="mg/L", route="IV"), "route", "drug rows only"),
        (event("1", "lab", "CRP", "5", unit="mg/L", basis="derived"), "detail", "derived"),
    ],
)
def test_each_range_rule_names_its_column(row, column, expected_words):
    problem = only_problem(row)
    assert (problem.file, problem.row, problem.column) == ("events.csv", 2, column)
    assert expected_words in problem.expected


def test_every_problem_is_collected_in_one_pass_in_row_order():
    problems = problems_of(
        event("1", "lab", "CRP", "5", unit="mg/L"),
        event("x", "lab", "CRP", "5", unit="mg/L"),
        event("2", "score", "GCS", "20"),
        event("3", "grade", "ICANS", "7"),
    )
    assert [(p.row, p.column) for p in problems] == [(3, "day"), (4, "value"), (5, "value")]
    assert "row 4" in str(problems[1]) and "found '20'" in str(problems[1])


def test_an_unreadable_cell_gives_one_message_not_a_cascade():
    problems = problems_of(event("1", "score", "ICE", "abc"))
    assert len(problems) == 1


def test_duplicated_rows_name_the_first_copy():
    row = event("1", "lab", "CRP", "5", unit="mg/L")
    problem = only_problem(row, event("2", "lab", "CRP", "6", unit="mg/L"), row)
    assert problem.row == 4
    assert problem.found == "a copy of row 2"


def test_empty_table_is_refused():
    with pytest.raises(CaseFileError, match="at least one event row"):
        validate_event_table(text_table(), "events.csv")


def test_misspelt_and_missing_columns_suggest_the_close_name():
    problems = header_problems(["dya", "category", "item", "source", "basis", "vlaue"], "e.csv")
    text = [str(p) for p in problems]
    assert any("'dya'" in t and "'day'" in t for t in text)
    assert any("'vlaue'" in t and "'value'" in t for t in text)
    assert any("column 'day'" in t and "required" in t for t in text)


def test_optional_columns_may_be_left_out():
    table = text_table(event("1", "lab", "CRP", "5", unit="mg/L"))[
        ["day", "category", "item", "value", "unit", "source", "basis"]
    ]
    typed = validate_event_table(table, "events.csv")
    assert typed["end_day"].isna().all()
    assert typed["detail"].tolist() == [""]


def test_attribution_is_an_optional_text_column():
    typed = validate_event_table(
        text_table(event("19", "procedure", "Intubation", attribution="airway protection")),
        "events.csv",
    )
    assert typed["attribution"].tolist() == ["airway protection"]
    problem = only_problem(event("19", "procedure", "Intubation", attribution="x" * 501))
    assert (problem.row, problem.column) == (2, "attribution")


@pytest.mark.parametrize(
    ("cells", "column", "expected_words"),
    [
        ({"day": "9" * 5000}, "day", "a whole number of days from infusion between -3650 and 3650"),
        ({"day": "3651"}, "day", "between -3650 and 3650"),
        ({"end_day": "-" + "9" * 5000}, "end_day", "a whole number of days between -3650 and"),
        ({"value": "9" * 5000}, "value", "a number with a decimal point, e.g. 0.37, of size at"),
        ({"value_max": "1e400"}, "value_max", "of size at most 1e+15"),
    ],
)
def test_a_number_of_5000_digits_is_a_problem_named_by_row_and_column(
    cells, column, expected_words
):
    """Issue 20, item 6: a 5,000-digit day raised TypeError (the generic apology), and a
    5,000-digit value was read as infinity."""
    problem = only_problem(event("1", "lab", "CRP", "5", unit="mg/L") | cells)
    assert (problem.file, problem.row, problem.column) == ("events.csv", 2, column)
    assert expected_words in problem.expected
    assert problem.found == cells[column]


def test_a_header_past_the_column_limit_is_one_problem_not_one_per_column():
    """Issue 20, item 3: each of 70,000 unknown names was compared with every known one."""
    problems = header_problems([f"c{i}" for i in range(70_000)], "wide.csv")
    assert [str(p) for p in problems] == [
        "wide.csv, row 1: found '70,000 columns'; expected at most 64 columns"
    ]
