"""ASTCT 2019 Table 5 (ICANS, adults), written from the published table: a test per cell and per
footnote, the ICE boundaries, and domains competing (the worst wins)."""

import pytest
from astct_cases import assert_cell, gcs, graded, graded_cells, ice, symptom
from factories import event

from components.clinical.astct_icans import gcs_components, ice_cell
from components.model import astct_cells as cells


def icans(*rows, day=1):
    return graded(*rows, syndrome="ICANS", day=day)


#: A small case for each cell of Table 5, and the grade the table gives it.
CELL_CASES = {
    cells.ICANS_ICE_1: ([ice("8")], 1),
    cells.ICANS_ICE_2: ([ice("4")], 2),
    cells.ICANS_ICE_3: ([ice("1")], 3),
    cells.ICANS_ICE_4: ([ice("0", detail="unarousable, unable to perform ICE")], 4),
    cells.ICANS_AWAKENS_SPONTANEOUSLY: ([symptom("Consciousness", "awakens spontaneously")], 1),
    cells.ICANS_AWAKENS_TO_VOICE: ([symptom("Consciousness", "awakens to voice")], 2),
    cells.ICANS_AWAKENS_TO_TOUCH: ([symptom("Consciousness", "awakens only to touch")], 3),
    cells.ICANS_UNAROUSABLE: ([symptom("Consciousness", "unarousable")], 4),
    cells.ICANS_SEIZURE: ([symptom("Seizure", "focal, resolved rapidly")], 3),
    cells.ICANS_PROLONGED_SEIZURE: ([symptom("Seizure", "prolonged, 7 minutes")], 4),
    cells.ICANS_DEEP_FOCAL_WEAKNESS: ([symptom("Hemiparesis", "left")], 4),
    cells.ICANS_FOCAL_EDEMA: ([event("1", "imaging", "Focal cerebral edema")], 3),
    cells.ICANS_RAISED_ICP: ([event("1", "imaging", "Diffuse cerebral edema")], 4),
}


@pytest.mark.parametrize("cell", list(CELL_CASES), ids=str)
def test_each_cell_of_table_5(cell):
    assert_cell(cell, *CELL_CASES[cell])


def test_every_graded_cell_of_table_5_has_a_case():
    assert graded_cells("ICANS") == set(CELL_CASES)


# ---------------------------------------------------------------------------------------------
# ICE score boundaries (7/6/3/2/0) and footnote *.


@pytest.mark.parametrize(
    ("score", "grade"),
    [("10", 0), ("9", 1), ("7", 1), ("6", 2), ("3", 2), ("2", 3), ("0", 3)],
)
def test_ice_boundaries(score, grade):
    assert icans(ice(score)).derived == grade


def test_ice_out_of_scale_is_refused():
    with pytest.raises(ValueError):
        ice_cell(11)


def test_footnote_ice_0_awake_with_global_aphasia_is_grade_3_unarousable_is_4():
    assert icans(ice("0", detail="awake, global aphasia")).derived == 3
    assert icans(ice("0", detail="Unarousable")).derived == 4


def test_an_ice_range_takes_its_worst_reading():
    assert icans(ice("0", value_max="9")).derived == 3


# ---------------------------------------------------------------------------------------------
# Depressed level of consciousness: stupor and coma, the GCS eye response, footnote †.


@pytest.mark.parametrize("item", ["Stupor", "Coma", "coma"])
def test_stupor_or_coma_is_grade_4(item):
    result = icans(symptom(item))
    assert result.derived == 4 and str(cells.ICANS_UNAROUSABLE) in result.criterion


@pytest.mark.parametrize(
    ("detail", "grade"), [("E4M6V5", 0), ("E3M6V4", 2), ("E2M5V2", 3), ("E1M5V1", 4)]
)
def test_gcs_eye_response_as_the_level_of_consciousness(detail, grade):
    result = icans(gcs(detail, "15"))
    assert result.derived == grade
    assert "the project's reading" in result.criterion


@pytest.mark.parametrize(
    ("detail", "posture"), [("E4M3V2", "decorticate"), ("E4M2V2", "decerebrate")]
)
def test_gcs_motor_m3_m2_read_as_posturing(detail, posture):
    result = icans(gcs(detail, "9"))
    assert result.derived == 4
    assert f"{posture} posturing" in result.criterion and "project's reading" in result.criterion


def test_a_gcs_range_reads_only_its_stated_ends():
    assert gcs_components("E3M1V1 - E4M5V1") == {"E": [3, 4], "M": [1, 5], "V": [1, 1]}
    # M1 to M5 does not say M2 or M3 was seen: no posturing
    assert icans(gcs("E3M1V1 - E4M5V1", "5", value_max="10")).derived == 2


@pytest.mark.parametrize(
    ("detail", "eyes"),
    [("E1M1V1", [1]), ("E3M1V1 - E4M5V1", [3, 4]), ("E3-4 M6 V3-4", [3, 4]), ("E3M4Vtube", [3])],
)
def test_eye_responses_from_gcs_detail(detail, eyes):
    assert gcs_components(detail)["E"] == eyes


@pytest.mark.parametrize(
    "context",
    [
        event("1", "drug", "Propofol", "50", unit="mg", frequency="continuous"),
        event("1", "drug", "midazolam"),
        event("1", "procedure", "Intubation"),
        event("0", "status", "Mechanical ventilation", end_day="3"),
    ],
)
def test_footnote_consciousness_under_sedation_is_not_gradeable(context):
    result = icans(symptom("Consciousness", "awakens only to touch"), context)
    assert (result.derived, result.check) == (None, "not gradeable")
    assert result.criterion.startswith("not gradeable: possibly sedated")
    assert str(cells.ICANS_NOT_SEDATED) in result.criterion


def test_a_gcs_with_a_tube_is_a_possibly_sedated_reading():
    result = icans(gcs("E2M5Vtube", "8"))
    assert result.criterion.startswith("not gradeable: possibly sedated")


def test_not_sedated_in_detail_keeps_consciousness_graded():
    result = icans(
        symptom("Consciousness", "awakens only to touch; not sedated"),
        event("1", "drug", "Propofol"),
    )
    assert result.derived == 3


def test_sedation_sets_aside_consciousness_only():
    result = icans(gcs("E1M6V1", "8"), symptom("Seizure"), event("1", "drug", "Propofol"))
    assert (result.derived, result.at_least) == (3, True)
    assert "possibly sedated: GCS E1" in result.criterion


def test_a_normal_level_stands_under_sedation():
    assert icans(gcs("E4M6V5", "15"), event("1", "drug", "Propofol")).derived == 0


# ---------------------------------------------------------------------------------------------
# Seizures, motor findings, raised ICP.


@pytest.mark.parametrize(
    ("row", "grade"),
    [
        (symptom("Seizure"), 3),
        (symptom("Seizures", "generalized, resolved"), 3),
        (symptom("Non-convulsive seizure", "on EEG, resolved with levetiracetam"), 3),
        (symptom("Seizure", "not prolonged"), 3),
        (symptom("Seizure", "repetitive, without return to baseline"), 4),
        (symptom("Seizure", "lasting > 5 minutes"), 4),
        (symptom("Status epilepticus"), 4),
        (symptom("NON-CONVULSIVE STATUS EPILEPTICUS"), 4),
    ],
)
def test_seizures(row, grade):
    assert icans(row).derived == grade


@pytest.mark.parametrize(
    ("row", "grade"),
    [
        (symptom("Hemiparesis"), 4),
        (symptom("Paraparesis"), 4),
        (symptom("hemiplegia"), 4),
        (symptom("Motor weakness", "deep focal, right arm"), 4),
        (symptom("Motor weakness", "hemiparesis"), 4),
    ],
)
def test_deep_focal_motor_weakness_is_grade_4(row, grade):
    assert icans(row).derived == grade


def test_other_weakness_is_shown_not_graded():
    alone = icans(symptom("Motor weakness", "generalised, mild"))
    assert (alone.derived, alone.check) == (None, "not gradeable")
    result = icans(symptom("Motor weakness", "generalised, mild"), ice("8"))
    assert result.derived == 1 and "not described as deep focal" in result.criterion


@pytest.mark.parametrize(
    "item",
    [
        "Diffuse cerebral edema",
        "Papilledema",
        "Papilloedema",
        "Decerebrate posturing",
        "Decorticate posturing",
        "Cranial nerve VI palsy",
        "Abducens palsy",
        "Cushing's triad",
        "Cushing’s triad",
    ],
)
def test_signs_of_raised_intracranial_pressure_are_grade_4(item):
    assert icans(symptom(item)).derived == 4


# ---------------------------------------------------------------------------------------------
# The table's notes: the worst domain wins, another cause, tremor and hemorrhage.


@pytest.mark.parametrize(
    ("rows", "grade"),
    [
        ([ice("3"), symptom("Seizure", "generalized")], 3),  # the table's own example
        ([ice("8"), gcs("E2M6V4", "12")], 3),
        ([ice("1"), symptom("Cushing's triad")], 4),
        ([ice("5"), symptom("Focal cerebral edema")], 3),
        ([ice("9"), symptom("Consciousness", "awakens to voice")], 2),
    ],
)
def test_the_worst_domain_sets_the_grade(rows, grade):
    assert icans(*rows).derived == grade


def test_a_finding_attributed_to_another_cause_is_shown_never_graded():
    result = icans(symptom("Seizure", attribution="HSV encephalitis"))
    assert (result.derived, result.check) == (None, "not gradeable")
    assert "attributed to HSV encephalitis" in result.criterion
    both = icans(symptom("Seizure", attribution="HSV encephalitis"), ice("8"))
    assert both.derived == 1 and "attributed to HSV encephalitis" in both.criterion


@pytest.mark.parametrize("item", ["Tremor", "Myoclonus"])
def test_footnote_tremor_and_myoclonus_never_change_icans(item):
    assert icans(symptom(item)).derived is None  # read, and not gradeable: never a grade
    result = icans(symptom(item), ice("8"))
    assert result.derived == 1
    assert str(cells.ICANS_TREMOR) in result.criterion


def test_footnote_intracranial_hemorrhage_is_not_icans():
    assert icans(event("1", "imaging", "Intracranial hemorrhage")).check == "not gradeable"
    result = icans(event("1", "imaging", "Intracranial hemorrhage"), ice("10"))
    assert result.derived == 0 and str(cells.ICANS_HEMORRHAGE) in result.criterion


def test_a_grade_is_a_lower_bound_until_every_domain_is_recorded():
    result = icans(ice("8"))
    assert result.at_least
    assert "Not recorded: level of consciousness, seizures, motor findings" in result.criterion
    assert not icans(symptom("Coma")).at_least  # 4 is the top of the table
