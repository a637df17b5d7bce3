"""Lane builders on frames of a few rows, and on the seed case against the paper's Table 1."""

import pytest
from factories import event, events

from components.figures.lanes.clinical import (
    CSF_OTHER_Y,
    GRADE_AXIS_TOP,
    crs_grade_lane,
    csf_lane,
    icans_grade_lane,
    inflammation_lab_lane,
    neuro_score_lane,
)
from components.figures.lanes.registry import LANES
from components.figures.lanes.rows import care_lane, drug_lane
from components.figures.theme import SCREEN_THEME, SLIDE_THEME
from components.model.drugs import (
    ANTI_CYTOKINE,
    ANTI_SEIZURE,
    CORTICOSTEROID,
    INTRATHECAL_CHEMOTHERAPY,
    OTHER_DRUG,
    drug_class,
)

THEME = SCREEN_THEME


def all_traces(lane):
    return [*lane.traces, *lane.secondary_traces]


def point(trace, event_id):
    """Index of the point of `trace` that shows event `event_id`."""
    ids = [row[0] for row in trace.customdata]
    return ids.index(event_id)


def hover(trace, event_id) -> str:
    """The hover text of one point, as the template fills it in."""
    row = trace.customdata[point(trace, event_id)]
    text = trace.hovertemplate
    for n, value in enumerate(row):
        text = text.replace(f"%{{customdata[{n}]}}", str(value))
    return text


def trace_named(lane, name):
    (found,) = [t for t in all_traces(lane) if t.name == name]
    return found


def row_id(table, item, day):
    rows = table[(table["item"] == item) & (table["day"] == day)]
    assert len(rows) == 1, rows
    return int(rows.index[0])


# ---------------------------------------------------------------------------------------------
# Grades.


@pytest.fixture
def icans_grades():
    return events(
        event("3", "grade", "ICANS", "1", detail="Dysgraphia"),
        event("15", "grade", "ICANS", "3", end_day="19", basis="derived", detail="ICE 0 rule"),
        event("21", "grade", "ICANS", "0"),
    )


def test_grade_bars_span_their_days_with_colour_and_number(icans_grades):
    (bars,) = icans_grade_lane(icans_grades, THEME).traces
    span = point(bars, row_id(icans_grades, "ICANS", 15))
    assert bars.x[span] == 17 and bars.width[span] == 5  # days 15-19: 14.5 to 19.5
    assert bars.y[span] == 3
    assert bars.marker.color[span] == THEME.grade_colors[3]
    single = point(bars, row_id(icans_grades, "ICANS", 3))
    assert (bars.x[single], bars.width[single], bars.text[single]) == (3, 1, "1")


def test_derived_grade_is_hatched_and_says_at_least(icans_grades):
    (bars,) = icans_grade_lane(icans_grades, THEME).traces
    derived_id = row_id(icans_grades, "ICANS", 15)
    derived, reported = point(bars, derived_id), point(bars, row_id(icans_grades, "ICANS", 3))
    assert bars.marker.pattern.shape[derived] == "/"
    assert bars.marker.pattern.shape[reported] == ""
    assert bars.text[derived] == "≥3"
    text = hover(bars, derived_id)
    assert "days 15–19" in text and "At least grade 3" in text and "ICE 0 rule" in text
    assert "derived" in text


def test_grade_lane_has_a_fixed_scale_and_gaps_for_missing_days(icans_grades):
    lane = icans_grade_lane(icans_grades, THEME)
    assert lane.y.range == (0, GRADE_AXIS_TOP)
    assert lane.y.tickvals == (0, 1, 2, 3, 4)
    (bars,) = lane.traces
    assert sorted(bars.x) == [3, 17, 21]  # nothing between day 3 and day 15


def test_no_grade_no_lane(icans_grades):
    assert crs_grade_lane(icans_grades, THEME) is None


# ---------------------------------------------------------------------------------------------
# Scores, labs and CSF.


@pytest.fixture
def scores():
    return events(
        event("7", "score", "ICE", "1"),
        event("8", "score", "ICE", "0", value_max="2", detail="ICE 0-2"),
        event("15", "score", "GCS", "5", value_max="10", end_day="19", detail="E3M1V1 - E4M5V1"),
    )


def test_score_range_is_a_vertical_bar_and_a_span_a_horizontal_one(scores):
    lane = neuro_score_lane(scores, THEME)
    ice = trace_named(lane, "ICE (0–10)")
    ranged = point(ice, row_id(scores, "ICE", 8))
    assert ice.y[ranged] == 1 and ice.error_y.array[ranged] == 1  # 0 to 2
    assert "ICE 0–2" in hover(ice, row_id(scores, "ICE", 8))
    gcs = trace_named(lane, "GCS (3–15)")
    assert gcs.x[0] == 17 and gcs.error_x.array[0] == 2.5  # days 15-19 drawn 14.5 to 19.5
    assert "E3M1V1 - E4M5V1" in hover(gcs, row_id(scores, "GCS", 15))


def test_ice_and_gcs_get_their_own_fixed_axes(scores):
    lane = neuro_score_lane(scores, THEME)
    assert [t.name for t in lane.traces] == ["ICE (0–10)"]
    assert [t.name for t in lane.secondary_traces] == ["GCS (3–15)"]
    assert lane.y.title == "ICE (0–10)" and lane.y2.title == "GCS (3–15)"
    # Both padded alike, so 0/5/10 and 3/9/15 share grid lines.
    ice_low, ice_high = lane.y.range
    gcs_low, gcs_high = lane.y2.range
    assert (0 - ice_low) / (ice_high - ice_low) == pytest.approx(
        (3 - gcs_low) / (gcs_high - gcs_low)
    )
    assert lane.y2.tickvals == (3, 9, 15)


def test_a_case_with_gcs_only_puts_gcs_on_the_left():
    lane = neuro_score_lane(events(event("41", "score", "GCS", "3")), THEME)
    assert lane.y.title == "GCS (3–15)" and lane.y2 is None


def test_labs_on_a_log_axis_with_reference_bands_and_a_labelled_peak():
    table = events(
        event("0", "lab", "CRP", "263.3", unit="mg/L"),
        event("3", "lab", "CRP", "131.4", unit="mg/L"),
        event("5", "lab", "Ferritin", "14491", unit="ug/L"),
        event("6", "lab", "Ferritin", "", value_max="20", unit="ug/L", detail="below 20"),
    )
    lane = inflammation_lab_lane(table, THEME)
    assert lane.y.log
    low, high = lane.y.range
    assert low < 20 and high > 14491
    crp = trace_named(lane, "CRP (mg/L; ref. <5)")
    assert list(crp.text) == ["263.3 mg/L", ""]
    ferritin = trace_named(lane, "Ferritin (ug/L; ref. 30–400)")
    below = point(ferritin, row_id(table, "Ferritin", 6))
    assert ferritin.y[below] == 20
    assert "&lt;20 ug/L" in hover(ferritin, row_id(table, "Ferritin", 6))
    bands = {band.label: (band.y0, band.y1) for band in lane.bands}
    assert bands == {"CRP ref. <5": (low, 5.0), "Ferritin ref. 30–400": (30.0, 400.0)}


def test_csf_numbers_on_two_axes_and_other_results_as_one_marker_per_tap():
    table = events(
        event("7", "csf", "CSF total protein", "0.36", unit="g/L"),
        event("7", "csf", "CSF glucose", "5.6", unit="mmol/L"),
        event("7", "csf", "CSF PCR", detail="Negative: HSV"),
        event("19", "csf", "CSF CAR T-cells", "65.7", unit="%"),
        event("19", "csf", "CSF cell count", "", value_max="7", unit="10^6/L"),
    )
    lane = csf_lane(table, THEME)
    assert [t.name for t in lane.traces] == ["Total protein (g/L)"]
    assert lane.y.title == "left: protein (g/L)" and lane.y2.range == (0.0, 125.0)
    car_t = trace_named(lane, "CAR T-cells (% of CSF T cells)")
    assert list(car_t.y) == [65.7]
    others = trace_named(lane, "Other CSF results")
    assert list(others.x) == [7, 19] and list(others.y) == [CSF_OTHER_Y, CSF_OTHER_Y]
    # A tap points at its first result in the event table.
    first_on_day_7 = min(row_id(table, "CSF glucose", 7), row_id(table, "CSF PCR", 7))
    day_7 = hover(others, first_on_day_7)
    assert "CSF glucose: 5.6 mmol/L" in day_7 and "CSF PCR: Negative: HSV" in day_7
    assert "CSF cell count: &lt;7 10^6/L" in hover(others, row_id(table, "CSF cell count", 19))


def test_no_csf_rows_no_csf_lane(scores):
    assert csf_lane(scores, THEME) is None
    assert inflammation_lab_lane(scores, THEME) is None


# ---------------------------------------------------------------------------------------------
# Drugs and care.


@pytest.fixture
def drugs():
    return events(
        event("5", "drug", "Dexamethasone", "10", unit="mg", frequency="QID"),
        event("8", "drug", "Levetiracetam", "500", unit="mg", frequency="BID"),
        event(
            "9",
            "drug",
            "Levetiracetam",
            "500",
            end_day="14",
            unit="mg",
            frequency="BID",
            basis="derived",
            detail="Assumed continued",
        ),
        event("12", "drug", "Anakinra", route="SC", detail="Discontinued"),
        event("45", "drug", "Methotrexate", "15", unit="mg", route="IT", frequency="once"),
        event("45", "drug", "Hydrocortisone", "20", unit="mg", route="IT", frequency="once"),
        event("50", "drug", "Mystery drug", "1", unit="g"),
    )


def test_drug_classes_put_intrathecal_route_first():
    assert drug_class("Hydrocortisone", "IT") == INTRATHECAL_CHEMOTHERAPY
    assert drug_class("Hydrocortisone", "IV") == CORTICOSTEROID
    assert drug_class("Levetiracetam", "") == ANTI_SEIZURE
    assert drug_class("Mystery drug", "PO") == OTHER_DRUG


def test_drug_rows_are_grouped_by_class(drugs):
    lane = drug_lane(drugs, THEME)
    assert lane.y.categories == (
        "Dexamethasone",
        "Anakinra",
        "Levetiracetam",
        "Hydrocortisone IT",
        "Methotrexate IT",
        "Mystery drug",
    )
    assert lane.height == THEME.row_height * (6 + 0.6)


def test_steroids_and_intrathecal_chemotherapy_differ_in_colour_and_shape(drugs):
    lane = drug_lane(drugs, THEME)
    steroid = trace_named(lane, CORTICOSTEROID)
    intrathecal = trace_named(lane, INTRATHECAL_CHEMOTHERAPY)
    assert steroid.marker.color == THEME.drug_class_colors[CORTICOSTEROID]
    assert intrathecal.marker.color == THEME.drug_class_colors[INTRATHECAL_CHEMOTHERAPY]
    assert set(steroid.marker.symbol) == {"circle"}
    assert set(intrathecal.marker.symbol) == {"diamond"}
    methotrexate = row_id(drugs, "Methotrexate", 45)
    assert intrathecal.y[point(intrathecal, methotrexate)] == "Methotrexate IT"
    assert "15 mg IT once" in hover(intrathecal, methotrexate)


def test_assumed_span_is_a_hatched_bar_and_a_stop_is_a_cross(drugs):
    lane = drug_lane(drugs, THEME)
    (bar,) = [t for t in all_traces(lane) if t.type == "bar"]
    assert (bar.base[0], bar.x[0]) == (8.5, 6)  # days 9-14
    assert bar.marker.pattern.shape == ("/",)
    assert "Assumed continued" in hover(bar, row_id(drugs, "Levetiracetam", 9))
    anakinra = trace_named(lane, ANTI_CYTOKINE)
    stop = row_id(drugs, "Anakinra", 12)
    assert anakinra.marker.symbol[point(anakinra, stop)] == "x"
    assert "SC dose not stated" in hover(anakinra, stop)


def test_one_legend_entry_per_drug_class(drugs):
    lane = drug_lane(drugs, THEME)
    shown = [t.name for t in all_traces(lane) if t.showlegend]
    assert shown == [
        "Corticosteroid",
        "Anti-cytokine",
        "Anti-seizure",
        "Intrathecal chemotherapy",
        "Other drug",
    ]


def test_care_lane_rows_and_marks():
    table = events(
        event("5", "status", "ICU stay", end_day="12"),
        event("19", "status", "Mechanical ventilation", end_day="47", basis="derived", detail="x"),
        event("19", "procedure", "Intubation"),
        event("19", "imaging", "MRI brain", detail="Mild edema"),
        event("19", "csf", "CSF glucose", "5.6", unit="mmol/L"),
        event("19", "csf", "CSF lactate", "3.1", unit="mmol/L"),
        event("8", "symptom", "Seizure", detail="Focal"),
        event("8", "symptom", "Aphasia"),
        event("88", "outcome", "Death"),
    )
    lane = care_lane(table, THEME)
    assert lane.y.categories == (
        "ICU stay",
        "Mechanical ventilation",
        "CSF tap",
        "Imaging",
        "Seizure",
        "Death",
    )
    placed = {
        (trace.y[i], float(trace.base[i] if trace.type == "bar" else trace.x[i]))
        for trace in lane.traces
        for i in range(len(trace.y))
    }
    assert placed == {
        ("ICU stay", 4.5),
        ("Mechanical ventilation", 18.5),
        ("Mechanical ventilation", 19.0),  # the intubation marker on the ventilation row
        ("CSF tap", 19.0),  # one tap for two results
        ("Imaging", 19.0),
        ("Seizure", 8.0),
        ("Death", 88.0),
    }
    (spans,) = [t for t in lane.traces if t.type == "bar"]
    assert dict(zip(spans.y, spans.marker.pattern.shape, strict=True)) == {
        "ICU stay": "",
        "Mechanical ventilation": "/",  # derived: the extubation day is not stated
    }
    (imaging,) = [t for t in lane.traces if "Imaging" in t.y]
    assert list(imaging.text) == ["MRI"]
    assert not any(t.showlegend for t in lane.traces)


# ---------------------------------------------------------------------------------------------
# The seed case (Haematologica 2026, doi 10.3324/haematol.2025.300224, Table 1).


def seed_lanes(seed_events, theme=THEME):
    """The lanes the seed case has data for (the paper gives no labs beyond CRP and ferritin)."""
    built = {key: spec.build(seed_events, theme) for key, spec in LANES.items()}
    return {key: lane for key, lane in built.items() if lane is not None}


def test_seed_icans_grade_4_on_day_41_is_reported(seed_events):
    (bars,) = icans_grade_lane(seed_events, THEME).traces
    grade = seed_events[(seed_events["item"] == "ICANS") & (seed_events["day"] == 41)]
    i = point(bars, int(grade.index[0]))
    assert (bars.x[i], bars.y[i], bars.text[i]) == (41, 4, "4")  # Table 1, day 41: coma
    assert bars.marker.pattern.shape[i] == ""


def test_seed_icans_day_45_is_derived_and_hatched(seed_events):
    (bars,) = icans_grade_lane(seed_events, THEME).traces
    i = list(bars.x).index(45)
    assert bars.marker.pattern.shape[i] == "/"  # Table 1, day 45: GCS E1M3V1, no grade stated
    assert bars.text[i] == "≥4"


def test_seed_methotrexate_is_intrathecal_on_days_45_and_47(seed_events):
    lane = drug_lane(seed_events, THEME)
    intrathecal = trace_named(lane, INTRATHECAL_CHEMOTHERAPY)
    days = [x for x, y in zip(intrathecal.x, intrathecal.y, strict=True) if y == "Methotrexate IT"]
    assert days == [45, 47]
    methotrexate = seed_events[seed_events["item"] == "Methotrexate"]
    assert set(methotrexate["route"]) == {"IT"}


def test_seed_has_every_lane_but_other_labs(seed_events):
    assert set(seed_lanes(seed_events)) == set(LANES) - {"more-labs"}


@pytest.mark.parametrize("theme", [SCREEN_THEME, SLIDE_THEME], ids=lambda t: t.name)
def test_every_seed_mark_points_at_its_event(seed_events, theme):
    for lane in seed_lanes(seed_events, theme).values():
        for trace in all_traces(lane):
            assert "%{customdata[2]}" in trace.hovertemplate  # the day or days
            assert len(trace.customdata) == len(trace.x)
            for row in trace.customdata:
                assert row[0] in seed_events.index
                assert row[5] in ("reported", "derived", "reported, derived")


def colours_of(trace) -> set[str]:
    found = set()
    for path in ("marker.color", "marker.line.color", "line.color", "textfont.color"):
        value = trace
        for part in path.split("."):
            value = getattr(value, part, None)
        if isinstance(value, str):
            found.add(value)
        elif value is not None:
            found.update(value)
    for error in ("error_x", "error_y"):
        if getattr(trace, error, None) is not None and trace[error].color:
            found.add(trace[error].color)
    return found


@pytest.mark.parametrize("theme", [SCREEN_THEME, SLIDE_THEME], ids=lambda t: t.name)
def test_seed_marks_use_theme_colours_only(seed_events, theme):
    used = set()
    for lane in seed_lanes(seed_events, theme).values():
        for trace in all_traces(lane):
            used |= colours_of(trace)
        used |= {band.color for band in lane.bands}
    assert used <= theme.colors()
    assert theme.drug_class_colors[INTRATHECAL_CHEMOTHERAPY] in used


def test_seed_ventilation_is_three_marks_and_no_bar(seed_events):
    # Table 1: intubation on day 19; 'Vtube' on day 47; extubation within days 49-88, day unstated
    lane = care_lane(seed_events, THEME)
    bars = [t for t in lane.traces if t.type == "bar"]
    assert all("Mechanical ventilation" not in bar.y for bar in bars)
    marks = {
        float(trace.x[i]): (float(trace.error_x.array[i]), hover(trace, trace.customdata[i][0]))
        for trace in lane.traces
        if trace.type == "scatter"
        for i in range(len(trace.y))
        if trace.y[i] == "Mechanical ventilation"
    }
    assert sorted(marks) == [19.0, 47.0, 68.5]
    assert marks[68.5][0] == 20.0  # a whisker over days 49-88, not a bar
    assert "does not state" in marks[68.5][1]
    assert "Attributed to uncertain: occult CRS, infection or neurotoxicity" in marks[19.0][1]
