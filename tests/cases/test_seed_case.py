"""The bundled case against the paper (Haematologica, doi 10.3324/haematol.2025.300224).

Expected values are written here from the paper, with its Table 1 row or the text named, so a
slip in events.csv fails a test rather than reaching a slide.
"""

import pytest
from factories import SEED_CASE

from components.cases.case import load_case
from components.clinical.grading import grade_check


@pytest.fixture(scope="module")
def events():
    return load_case(SEED_CASE).events


def one(events, item, day, category=None, basis="reported"):
    rows = events[(events["item"] == item) & (events["day"] == day) & (events["basis"] == basis)]
    if category:
        rows = rows[rows["category"] == category]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("item", "day", "value", "unit", "row"),
    [
        ("CRP", -10, 176.2, "mg/L", "days -10 to -6"),
        ("Ferritin", -10, 4046, "ug/L", "days -10 to -6"),
        ("CRP", 0, 263.3, "mg/L", "day 0"),
        ("Ferritin", 0, 7933, "ug/L", "day 0"),
        ("CRP", 1, 201.9, "mg/L", "days 1-2"),
        ("Ferritin", 1, 9329, "ug/L", "days 1-2"),
        ("CRP", 3, 131.4, "mg/L", "day 3"),
        ("Ferritin", 3, 11413, "ug/L", "day 3"),
        ("CRP", 5, 103.6, "mg/L", "day 5"),
        ("Ferritin", 5, 14491, "ug/L", "day 5"),
        ("CRP", 7, 57.3, "mg/L", "day 7"),
        ("CRP", 8, 26.7, "mg/L", "day 8"),
        ("CRP", 15, 2.5, "mg/L", "days 15-19"),
        ("CRP", 30, 1.6, "mg/L", "days 25-40 (day 30)"),
        ("CRP", 41, 2.3, "mg/L", "day 41"),
        ("Ferritin", 41, 4143, "ug/L", "day 41"),
    ],
)
def test_blood_labs(events, item, day, value, unit, row):
    lab = one(events, item, day, "lab")
    assert (lab["value"], lab["unit"]) == (value, unit)
    assert row in lab["source"]


@pytest.mark.parametrize(
    ("item", "day", "value", "unit"),
    [
        ("CSF total protein", -10, 0.37, "g/L"),
        ("CSF total protein", 7, 0.36, "g/L"),
        ("CSF glucose", 7, 5.6, "mmol/L"),
        ("CSF lactate", 7, 2.98, "mmol/L"),
        ("CSF total protein", 19, 0.51, "g/L"),
        ("CSF lactate", 19, 3.1, "mmol/L"),
        ("CSF CAR T-cells", 19, 65.7, "%"),
        ("CSF total protein", 41, 0.62, "g/L"),
        ("CSF glucose", 41, 5.3, "mmol/L"),
        ("CSF NK lymphocytes", 41, 6, "%"),
        ("CSF T lymphocytes", 41, 31, "%"),
        ("CSF CD4/CD8 ratio", 41, 1.96, ""),
        ("CSF CD4/CD8 ratio", -10, 0.10, ""),
        ("CSF total protein", 47, 0.69, "g/L"),
        ("CSF glucose", 47, 4.7, "mmol/L"),
        ("CSF lactate", 47, 2.41, "mmol/L"),
        ("CSF CAR T-cells", 47, 43.5, "%"),
    ],
)
def test_csf_results(events, item, day, value, unit):
    result = one(events, item, day, "csf")
    assert (result["value"], result["unit"]) == (value, unit)


def test_csf_cell_count_below_7_is_an_upper_limit_not_a_value(events):
    counts = events[events["item"] == "CSF cell count"]
    assert counts["day"].tolist() == [-10, 7, 19, 41, 47]
    assert counts["value"].isna().all()
    assert (counts["value_max"] == 7).all()


@pytest.mark.parametrize(
    ("day", "end_day", "ice", "ice_max"),
    [
        (0, None, 10, None),
        (1, 2, 10, None),
        (3, None, 9, None),
        (5, None, 5, None),
        (7, None, 1, None),
        (8, None, 0, 2),
        (12, None, 8, 9),
        (13, None, 7, None),
        (15, 19, 0, 1),
    ],
)
def test_ice_scores(events, day, end_day, ice, ice_max):
    score = one(events, "ICE", day, "score")
    assert score["value"] == ice
    if ice_max is None:
        assert score["value_max"] != score["value_max"]  # NaN: a single score
    else:
        assert score["value_max"] == ice_max
    if end_day is not None:
        assert score["end_day"] == end_day


@pytest.mark.parametrize(
    ("day", "value", "value_max", "components", "basis"),
    [
        (15, 5, 10, "E3M1V1 - E4M5V1", "reported"),  # E3M1V1 = 5, E4M5V1 = 10
        (25, 12, 14, "E3-4 M6 V3-4", "reported"),
        (41, 3, None, "E1M1V1", "reported"),
        (45, 5, None, "E1M3V1", "reported"),
        (47, 8, None, "E3M4Vtube", "derived"),  # verbal not testable: V1 is our convention
        (49, 11, None, "E4M6Vtube", "derived"),
    ],
)
def test_gcs_with_components(events, day, value, value_max, components, basis):
    gcs = one(events, "GCS", day, "score", basis=basis)
    assert gcs["value"] == value
    if value_max is not None:
        assert gcs["value_max"] == value_max
    assert gcs["detail"].startswith(components)


def test_reported_grades_are_exactly_those_the_paper_states(events):
    reported = events[(events["category"] == "grade") & (events["basis"] == "reported")]
    stated = sorted(zip(reported["item"], reported["day"], reported["value"], strict=True))
    assert stated == [
        ("CRS", 1, 1.0),  # days 1-2: fever (grade 1 CRS)
        ("CRS", 5, 3.0),  # day 5: grade 3 CRS
        ("ICANS", 3, 1.0),  # day 3: dysgraphia
        ("ICANS", 5, 2.0),
        ("ICANS", 7, 3.0),
        ("ICANS", 8, 3.0),
        ("ICANS", 10, 3.0),
        ("ICANS", 12, 1.0),
        ("ICANS", 41, 4.0),
    ]


def test_derived_grades_fill_the_gaps_and_say_how(events):
    derived = events[(events["category"] == "grade") & (events["basis"] == "derived")]
    assert list(zip(derived["day"], derived["value"], strict=True)) == [
        (13, 1.0),  # ICE 7
        (15, 3.0),  # ICE 0-1 and generalised seizures
        (25, 2.0),  # GCS E3 at worst
        (45, 4.0),  # GCS E1
        (47, 2.0),  # GCS E3
    ]
    assert derived["detail"].str.startswith("ASTCT 2019, at least grade").all()
    assert derived["source"].str.startswith("Derived from Table 1").all()


@pytest.mark.parametrize(
    ("item", "day", "end_day", "dose", "route", "frequency"),
    [
        ("Dexamethasone", -10, -6, 40, "", ""),
        ("Axicabtagene ciloleucel", 0, None, None, "IV", "once"),
        ("Dexamethasone", 0, None, 10, "", ""),
        ("Dexamethasone", 5, None, 10, "", "QID"),
        ("Tocilizumab", 5, None, 600, "", "once"),
        ("Methylprednisolone", 7, 9, 1000, "", "daily"),
        ("Levetiracetam", 8, None, 500, "", "BID"),
        ("Anakinra", 10, None, 100, "SC", "daily"),
        ("Dexamethasone", 10, None, 40, "", "daily"),
        ("Anakinra", 13, None, 100, "SC", "daily"),
        ("Levetiracetam", 15, None, 1000, "", "BID"),
        ("Tocilizumab", 19, None, 600, "", "once"),
        ("Levetiracetam", 41, None, 1250, "", "BID"),
        ("Methylprednisolone", 41, 43, 1000, "", "daily"),
        ("Methotrexate", 45, None, 15, "IT", "once"),
        ("Cytarabine", 45, None, 40, "IT", "once"),
        ("Hydrocortisone", 45, None, 20, "IT", "once"),
        ("Methotrexate", 47, None, 15, "IT", "once"),
        ("Cytarabine", 47, None, 40, "IT", "once"),
        ("Hydrocortisone", 47, None, 20, "IT", "once"),
        ("Dexamethasone", 49, 88, 10, "", "taper"),
    ],
)
def test_drugs(events, item, day, end_day, dose, route, frequency):
    drug = one(events, item, day, "drug")
    assert (drug["route"], drug["frequency"]) == (route, frequency)
    if dose is None:
        assert drug["value"] != drug["value"]  # NaN: the paper gives no dose
    else:
        assert (drug["value"], drug["unit"]) == (dose, "mg")
    if end_day is not None:
        assert drug["end_day"] == end_day


def test_assumed_dosing_spans_are_derived_and_say_so(events):
    derived = events[(events["category"] == "drug") & (events["basis"] == "derived")]
    spans = sorted(
        zip(derived["item"], derived["day"], derived["end_day"].fillna(-99), strict=True)
    )
    assert spans == [
        ("Anakinra", 11, -99),
        ("Anakinra", 14, 73),
        ("Levetiracetam", 9, 14),
        ("Levetiracetam", 16, 40),
    ]
    assert derived["detail"].str.contains("Assumed").all()


def test_care_and_outcome_from_table_and_text(events):
    icu = events[events["item"] == "ICU stay"]
    assert list(zip(icu["day"], icu["end_day"], strict=True)) == [(5, 12), (15, 74)]
    assert one(events, "Intubation", 19)["category"] == "procedure"
    mri_days = events[events["item"] == "MRI brain"]["day"].tolist()
    assert mri_days == [19, 41, 81]
    assert events[events["item"] == "PET-CT"]["day"].tolist() == [31, 84]
    death = one(events, "Death", 88)
    assert death["category"] == "outcome" and death["source"] == "Text"


def test_every_row_names_its_source(events):
    assert (events["source"].str.len() > 0).all()
    reported = events[events["basis"] == "reported"]
    assert reported["source"].str.match(r"^(Table 1|Text)").all()


def test_grade_check_explains_the_day_5_crs_grade(events):
    check = grade_check(events).set_index(["syndrome", "day"])
    day5 = check.loc[("CRS", 5)]
    assert (day5["reported"], day5["derived"], day5["verdict"]) == (3, 2, "unconfirmed")
    assert "vasopressor" in day5["why"]
    assert not (check["verdict"] == "disagrees").any()
