"""How a problem with a case file is said."""

from components.model.problems import Problem


def test_a_problem_names_file_row_column_found_and_expected():
    problem = Problem("events.csv", 4, "day", "x", "a whole number of days")
    assert str(problem) == (
        "events.csv, row 4, column 'day': found 'x'; expected a whole number of days"
    )


def test_an_empty_cell_is_called_empty():
    assert "found an empty cell" in str(Problem("events.csv", 2, "item", "", "a name"))


def test_a_huge_cell_is_quoted_by_its_start_and_length():
    said = str(Problem("events.csv", 2, "day", "9" * 5000, "a whole number of days"))
    assert len(said) < 200
    assert "found '" + "9" * 60 + "… (5,000 characters)'" in said
