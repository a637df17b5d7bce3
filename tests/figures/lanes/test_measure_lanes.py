"""Lanes for the other labs, the vital signs and the symptoms, on frames of a few rows."""

import pytest
from factories import event, events

from components.figures.lanes.measures import (
    STRIP_FILL,
    other_labs_lane,
    reference_range,
    symptom_lane,
    vitals_lane,
)
from components.figures.lanes.registry import LANES, lane_keys
from components.figures.theme import SCREEN_THEME

THEME = SCREEN_THEME


@pytest.fixture
def measures():
    return events(
        event("1", "lab", "IL-6", "120", unit="pg/mL", detail="ref. 0-7"),
        event("3", "lab", "IL-6", "40", unit="pg/mL"),
        event("2", "lab", "Fibrinogen", "1.2", unit="g/L", detail="reference range 2.0–4.0"),
        event("1", "lab", "CRP", "80", unit="mg/L"),
        event("1", "vital", "Temperature", "39.1", unit="°C"),
        event("2", "vital", "Temperature", "37.2", unit="°C"),
        event("2", "vital", "Systolic blood pressure", "84", unit="mmHg"),
        event("2", "vital", "SpO2", "91", unit="%"),
        event("2", "status", "Oxygen", "4", unit="L/min", detail="Nasal cannula"),
        event("3", "symptom", "Tremor", end_day="5"),
        event("4", "symptom", "Aphasia"),
        event("4", "symptom", "Seizure"),
    )


def test_other_labs_are_strips_with_their_own_unit_and_reference(measures):
    lane = other_labs_lane(measures, THEME)
    assert list(lane.y.ticktext) == ["IL-6 (pg/mL) ref. 0–7", "Fibrinogen (g/L) ref. 2–4"]
    il6, _ = lane.traces
    # IL-6 on the top strip [1, 2), its own scale: 120 above 40; CRP has its own lane.
    assert all(1 + STRIP_FILL[0] <= y <= 1 + STRIP_FILL[1] for y in il6.y)
    assert il6.y[0] > il6.y[1]
    assert list(il6.text) == ["120 pg/mL", ""]
    assert "120 pg/mL" in il6.customdata[0][3]  # the hover keeps the value
    assert {b.label for b in lane.bands} == {"IL-6 ref.", "Fibrinogen ref."}
    assert lane.height >= 80


def test_a_reference_range_is_read_from_the_detail():
    assert reference_range(events(event("1", "lab", "LDH", "300", detail="ref <250"))) == (
        None,
        250.0,
    )
    assert reference_range(events(event("1", "lab", "LDH", "300", detail="high"))) == (None, None)


def test_vitals_carry_the_fever_and_hypotension_lines(measures):
    lane = vitals_lane(measures, THEME)
    assert [t.name for t in lane.traces] == [
        "Temperature (°C)",
        "Systolic blood pressure (mmHg)",
        "SpO2 (%)",
        "Oxygen (L/min)",
    ]
    lines = {b.label: b for b in lane.bands if b.line}
    assert set(lines) == {"fever ≥38.0 °C", "systolic 90 mmHg"}
    temperature = lane.traces[0]
    # 39.1 °C above the 38.0 line, 37.2 under it, all within the top strip [3, 4).
    assert temperature.y[0] > lines["fever ≥38.0 °C"].y0 > temperature.y[1] > 3
    assert "fever" in lane.y.title


def test_symptoms_get_a_row_each_and_seizures_stay_in_the_care_lane(measures):
    lane = symptom_lane(measures, THEME)
    assert lane.y.categories == ("Tremor", "Aphasia")


def test_lanes_without_data_do_not_appear(measures):
    assert {"more-labs", "vitals", "symptoms"} <= set(lane_keys(measures))
    grades_only = events(event("2", "grade", "CRS", "2"))
    assert lane_keys(grades_only) == ["crs"]
    for key in ("more-labs", "vitals", "symptoms"):
        assert LANES[key].build_lane(grades_only, THEME) is None
