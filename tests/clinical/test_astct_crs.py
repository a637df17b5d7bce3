"""ASTCT 2019 Table 3 (CRS), written from the published table: a test per cell and per footnote,
the boundaries (38.0 °C, 6 L/min, 90 mmHg), and hypotension and hypoxia competing."""

import pytest
from astct_cases import (
    assert_cell,
    drug,
    event,
    graded,
    graded_cells,
    oxygen,
    systolic,
    temperature,
)

from components.model import astct_cells as cells


def crs(*rows, day=1):
    return graded(*rows, syndrome="CRS", day=day)


FEVER = temperature("38.6")

#: A small case for each cell of Table 3, and the grade the table gives it.
CELL_CASES = {
    cells.CRS_FEVER: ([FEVER], 1),
    cells.CRS_HYPOTENSION: ([FEVER, systolic("82")], 2),
    cells.CRS_ONE_VASOPRESSOR: ([FEVER, drug("Norepinephrine")], 3),
    cells.CRS_VASOPRESSORS: ([FEVER, drug("Norepinephrine"), drug("Phenylephrine")], 4),
    cells.CRS_LOW_FLOW: ([FEVER, oxygen("2", "nasal cannula")], 2),
    cells.CRS_HIGH_FLOW: ([FEVER, oxygen("40", "high-flow nasal cannula")], 3),
    cells.CRS_POSITIVE_PRESSURE: ([FEVER, event("1", "status", "CPAP")], 4),
}


@pytest.mark.parametrize("cell", list(CELL_CASES), ids=str)
def test_each_cell_of_table_3(cell):
    assert_cell(cell, *CELL_CASES[cell])


def test_every_graded_cell_of_table_3_has_a_case():
    assert graded_cells("CRS") == set(CELL_CASES)


# ---------------------------------------------------------------------------------------------
# Fever.


def test_fever_boundary_38_0():
    assert crs(temperature("38.0")).derived == 1
    no_fever = crs(temperature("37.9"))
    assert (no_fever.derived, no_fever.at_least) == (0, False)
    assert "no fever" in no_fever.criterion


def test_without_fever_hypotension_and_hypoxia_are_not_crs():
    result = crs(temperature("37.9"), systolic("70"), oxygen("10"))
    assert result.derived == 0
    assert "not CRS without fever" in result.criterion


def test_without_a_temperature_crs_is_not_gradeable_never_0():
    result = crs(oxygen("4"), systolic("80"))
    assert (result.derived, result.check) == (None, "not gradeable")
    assert "no temperature recorded" in result.criterion


def test_a_stated_fever_counts():
    assert crs(event("1", "symptom", "Fever")).derived == 1


# ---------------------------------------------------------------------------------------------
# Hypotension and vasopressors.


@pytest.mark.parametrize(("value", "grade"), [("89", 2), ("90", 1)])
def test_systolic_boundary_is_the_projects_90_mmhg(value, grade):
    result = crs(FEVER, systolic(value))
    assert result.derived == grade
    if grade == 2:
        assert "the project's threshold" in result.criterion


def test_stated_hypotension_is_grade_2():
    assert crs(FEVER, event("1", "symptom", "Hypotension")).derived == 2


@pytest.mark.parametrize(
    ("drugs", "grade"),
    [
        (["Vasopressin"], 3),  # vasopressin alone counts as a vasopressor
        (["Norepinephrine", "Vasopressin"], 3),  # ... but not towards "multiple"
        (["noradrenaline"], 3),
        (["Noradrenaline", "adrenaline"], 4),
        (["Dopamine", "Epinephrine", "Vasopressin"], 4),
        (["Phenylephrine"], 3),
    ],
)
def test_vasopressors(drugs, grade):
    result = crs(FEVER, *(drug(name) for name in drugs))
    assert result.derived == grade


def test_the_same_vasopressor_twice_is_one_vasopressor():
    result = crs(FEVER, drug("Norepinephrine", value="0.1"), drug("norepinephrine", value="0.2"))
    assert result.derived == 3


def test_vasopressors_make_the_grade_exact_only_with_oxygen_recorded():
    assert crs(FEVER, drug("Norepinephrine")).at_least
    exact = crs(FEVER, drug("Norepinephrine"), oxygen(detail="room air"))
    assert (exact.derived, exact.at_least) == (3, False)


# ---------------------------------------------------------------------------------------------
# Hypoxia: flow (footnote ‡) and device.


@pytest.mark.parametrize(
    ("row", "grade"),
    [
        (oxygen("6"), 2),
        (oxygen("6.5"), 3),
        (oxygen("2", "Nasal cannula"), 2),
        (oxygen("8", "nasal cannula"), 3),  # footnote ‡: over 6 L/min is high flow
        (oxygen(detail="blow-by"), 2),
        (oxygen("3", "Face mask"), 3),
        (oxygen("15", "non-rebreather"), 3),
        (oxygen("10", "Venturi mask 40%"), 3),
        (oxygen("5", "mask"), 3),
        (oxygen("50", "HFNC"), 3),
        (oxygen(detail="CPAP 8 cmH2O"), 4),
        (oxygen(), 2),  # oxygen given, flow and device not stated: at least low flow
        (oxygen(item="HFNC"), 3),
        (oxygen(item="Non-rebreather mask"), 3),
        (oxygen(item="Blow-by oxygen"), 2),
    ],
)
def test_oxygen_by_flow_and_device(row, grade):
    assert crs(FEVER, row).derived == grade


@pytest.mark.parametrize(
    ("category", "item"),
    [
        ("status", "CPAP"),
        ("status", "BiPAP"),
        ("status", "NIV"),
        ("status", "Non-invasive ventilation"),
        ("procedure", "Intubation"),
        ("status", "Mechanical ventilation"),
    ],
)
def test_positive_pressure_is_grade_4(category, item):
    result = crs(FEVER, event("1", category, item))
    assert (result.derived, result.at_least) == (4, False)


def test_room_air_is_no_oxygen():
    result = crs(FEVER, oxygen("0"))
    assert result.derived == 1 and "room air" in result.criterion


# ---------------------------------------------------------------------------------------------
# Footnote †: the more severe of hypotension and hypoxia.


@pytest.mark.parametrize(
    ("rows", "grade"),
    [
        # the table's own example: 39.5 °C, one vasopressor, low-flow nasal cannula
        ([temperature("39.5"), drug("Norepinephrine"), oxygen("2", "nasal cannula")], 3),
        ([FEVER, systolic("80"), event("1", "procedure", "Intubation")], 4),
        ([FEVER, drug("Norepinephrine"), drug("Epinephrine"), oxygen("2")], 4),
        ([FEVER, systolic("85"), oxygen("4")], 2),
    ],
)
def test_the_more_severe_event_sets_the_grade(rows, grade):
    assert crs(*rows).derived == grade


# ---------------------------------------------------------------------------------------------
# Footnote *: fever not required after antipyretic, anti-cytokine or corticosteroid treatment.


def course(*later, drug_row=None):
    first = [temperature("39.0", day="1"), event("1", "grade", "CRS", "1")]
    return [*first, *([drug_row] if drug_row else []), *later]


@pytest.mark.parametrize(
    ("given", "name"),
    [
        (drug("Tocilizumab", value="600", unit="mg"), "tocilizumab"),
        (drug("Siltuximab"), "siltuximab"),
        (drug("Anakinra"), "anakinra"),
        (drug("Dexamethasone", value="10", unit="mg"), "dexamethasone"),
        (drug("Paracetamol"), "paracetamol"),
        (drug("acetaminophen"), "paracetamol"),
        (drug("Metamizole"), "metamizole"),
    ],
)
def test_footnote_fever_not_required_after_treatment(given, name):
    result = crs(*course(oxygen("8", day="2"), drug_row=given), day=2)
    assert result.derived == 3
    assert f"fever not required after {name} on day 1" in result.criterion
    assert str(cells.CRS_FEVER_NOT_REQUIRED) in result.criterion


def test_without_treatment_fever_is_still_required():
    result = crs(*course(oxygen("8", day="2")), day=2)
    assert result.check == "not gradeable"


def test_treatment_before_crs_does_not_waive_fever():
    rows = [drug("Dexamethasone", day="0"), temperature("38.5"), oxygen("8", day="2")]
    assert crs(*rows, day=2).check == "not gradeable"


def test_intrathecal_hydrocortisone_does_not_waive_fever():
    given = drug("Hydrocortisone", route="IT")
    assert crs(*course(oxygen("8", day="2"), drug_row=given), day=2).check == "not gradeable"


def test_the_episode_ends_after_two_days_without_crs_findings():
    given = drug("Tocilizumab")
    # days 2 and 3 without CRS findings: day 4 is still the episode, day 5 is not
    assert crs(*course(oxygen("8", day="3"), drug_row=given), day=3).derived == 3
    assert crs(*course(oxygen("8", day="4"), drug_row=given), day=4).check == "not gradeable"
    # a finding inside the episode carries it on
    rows = course(systolic("80", day="3"), oxygen("8", day="5"), drug_row=given)
    assert crs(*rows, day=5).derived == 3


def test_treatment_on_a_later_day_of_the_episode_waives_fever_from_the_next_day():
    rows = [
        temperature("38.5", day="1"),
        temperature("38.3", day="2"),
        drug("Tocilizumab", day="2"),
        oxygen("4", day="2"),
        oxygen("4", day="3"),
    ]
    assert crs(*rows, day=2).derived == 2  # fever recorded that day
    assert "after tocilizumab on day 2" in crs(*rows, day=3).criterion


# ---------------------------------------------------------------------------------------------
# Other causes and organ toxicities.


def test_a_finding_attributed_to_another_cause_is_shown_never_graded():
    result = crs(FEVER, event("1", "procedure", "Intubation", attribution="airway protection"))
    assert result.derived == 1
    assert "Intubation attributed to airway protection" in result.criterion
    alone = crs(event("1", "procedure", "Intubation", attribution="airway protection"))
    assert (alone.derived, alone.check) == (None, "not gradeable")


def test_an_attributed_fever_is_no_fever():
    result = crs(temperature("39", attribution="line infection"), oxygen("4"))
    assert result.check == "not gradeable"
    assert result.criterion.startswith("not gradeable: no fever that counts")
    assert "attributed to line infection" in result.criterion


def test_organ_toxicities_never_change_crs():
    rows = [FEVER, event("1", "symptom", "Acute kidney injury"), event("1", "lab", "ALT", "900")]
    assert crs(*rows).derived == 1
