"""Earlier intrathecal-therapy reports: the file, its validation, the table and the figure."""

import pandas as pd
import pytest

from components.clinical.intervals import key_intervals
from components.clinical.literature import (
    NOT_STATED,
    THIS_CASE,
    beside_the_case,
    intrathecal_report_rows,
    load_intrathecal_reports,
)
from components.figures.insight.intrathecal import intrathecal_timing_figure
from components.figures.theme import SCREEN_THEME
from components.model.problems import CaseFileError
from tests.factories import event
from tests.factories import events as factory_events


@pytest.fixture(scope="module")
def reports() -> pd.DataFrame:
    return load_intrathecal_reports()


def by_report(reports: pd.DataFrame) -> pd.DataFrame:
    return reports.set_index("report")


def test_the_numbers_are_the_papers(reports):
    table = by_report(reports)
    # Discussion, ref. 14: 12 lymphoma patients, IT chemotherapy a median of three days after
    # onset, median time to improvement two days; the non-responder treated at 23 days.
    series = table.loc["Bashey 2024 case series"]
    assert (series.n_patients, series.days_onset_to_it, series.day_kind) == (12, 3, "median")
    assert series.median_days_to_improvement == 2
    assert table.loc["Bashey 2024, the patient without recovery"].days_onset_to_it == 23
    assert table.loc["Bashey 2024, the patient without recovery"].response == "not improved"
    # Ref. 15: 7 patients within five days, 4 with IT chemotherapy no later than 15 days,
    # all improved within a median of two days; a later IT hydrocortisone on day 24.
    early = table.loc["Zurko 2022 early IT hydrocortisone"]
    assert (early.n_patients, early.days_onset_to_it, early.day_kind) == (7, 5, "upper bound")
    assert early.median_days_to_improvement == 2
    chemo = table.loc["Zurko 2022, the 4 also given IT chemotherapy"]
    assert (chemo.n_patients, chemo.days_onset_to_it) == (4, 15)
    later = table.loc["Zurko 2022, later IT (comparison group)"]
    assert later.days_onset_to_it == 24 and pd.isna(later.n_patients)
    assert THIS_CASE not in set(reports["day_kind"])  # the case itself is computed, not typed


def test_the_case_reports_have_no_day(reports):
    undated = reports[reports["day_kind"] == NOT_STATED]
    assert undated["reference"].tolist() == ["Ref. 12", "Ref. 13"]
    assert undated["days_onset_to_it"].isna().all()


def test_every_row_names_its_source(reports):
    assert reports["source"].str.contains("van Nijendaal 2026, discussion").all()
    assert reports["source"].str.startswith(tuple(reports["reference"])).all()


@pytest.fixture(scope="module")
def with_seed(reports, seed_events) -> pd.DataFrame:
    return beside_the_case(reports, seed_events, "seed")


def test_the_seed_case_row_is_computed_from_its_events(reports, with_seed, seed_events):
    computed = {i.key: i.days for i in key_intervals(seed_events)}["onset_to_intrathecal"]
    row = with_seed.iloc[-1]
    # Discussion: "marked improvement even 42 days after initial symptom onset" (onset day 3,
    # Table 1; first IT chemotherapy day 45, Table 1)
    assert computed == row.days_onset_to_it == 42
    assert (row.report, row.day_kind, row.n_patients) == ("This case (seed)", THIS_CASE, 1)
    assert row.agents == "IT cytarabine, hydrocortisone and methotrexate on days 45 and 47"
    # Table 1, day 47: "Slight improvement in GCS" two days after the first IT dose
    assert (row.median_days_to_improvement, row.response) == (2, "improved")
    assert len(with_seed) == len(reports) + 1
    assert with_seed.dtypes.to_dict() == reports.dtypes.to_dict()


def test_a_case_without_intrathecal_therapy_is_listed_not_plotted(reports):
    events = factory_events(event("3", "grade", "ICANS", "2"), event("5", "grade", "ICANS", "3"))
    row = beside_the_case(reports, events, "other").iloc[-1]
    assert row.day_kind == NOT_STATED and pd.isna(row.days_onset_to_it)
    assert row.agents == "No intrathecal drug recorded" and row.response == NOT_STATED
    fig = intrathecal_timing_figure(beside_the_case(reports, events, "other"), SCREEN_THEME)
    assert "This case" not in {trace.name for trace in fig.data}
    assert any("This case is not plotted" in a.text for a in fig.layout.annotations)


def test_a_bad_file_lists_every_problem(tmp_path):
    good = load_intrathecal_reports()
    bad = good.astype({"n_patients": object, "days_onset_to_it": object})
    bad.loc[0, "days_onset_to_it"] = "three"  # row 2 as a spreadsheet shows it
    bad.loc[1, "day_kind"] = "mean"  # row 3
    bad.loc[2, "days_onset_to_it"] = None  # row 4: a day kind but no day
    path = tmp_path / "reports.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(CaseFileError) as raised:
        load_intrathecal_reports(path)
    found = {(p.row, p.column) for p in raised.value.problems}
    assert (2, "days_onset_to_it") in found
    assert (3, "day_kind") in found
    assert (4, None) in found
    assert all(p.file == "reports.csv" for p in raised.value.problems)


def test_table_rows_read_as_text(reports):
    rows = {r["report"]: r for r in intrathecal_report_rows(reports)}
    assert rows["Bashey 2024 case series"]["onset_to_it"] == "median 3 days"
    assert rows["Bashey 2024 case series"]["improvement"] == "median 2 days"
    assert rows["Zurko 2022 early IT hydrocortisone"]["onset_to_it"] == "within 5 days"
    assert rows["Shah 2020 case report"]["onset_to_it"] == "not stated"
    assert rows["Shah 2020 case report"]["patients"] == "not stated"
    assert len(rows) == len(reports)


def test_the_case_row_reads_without_median(with_seed):
    row = intrathecal_report_rows(with_seed)[-1]
    assert (row["onset_to_it"], row["improvement"]) == ("42 days", "2 days")


def test_figure_places_only_reports_with_a_day(reports):
    fig = intrathecal_timing_figure(reports, SCREEN_THEME)
    placed = {y for trace in fig.data for y in trace.y}
    assert not any("Shah" in y or "Asawa" in y for y in placed)
    assert len(placed) == (reports["day_kind"] != NOT_STATED).sum()
    note = fig.layout.annotations[0].text
    assert "Shah 2020 case report (Ref. 12)" in note and "Asawa 2022 case report (Ref. 13)" in note


def test_figure_highlights_this_case_and_marks_the_non_responder(with_seed):
    fig = intrathecal_timing_figure(with_seed, SCREEN_THEME)
    traces = {trace.name: trace for trace in fig.data}
    this_case = traces["This case"]
    assert list(this_case.x) == [42]
    assert this_case.marker.color == SCREEN_THEME.drug_class_colors["Intrathecal chemotherapy"]
    single = traces["One patient"]
    assert list(single.x) == [23] and list(single.marker.symbol) == ["x"]
    assert "no recovery" in single.text[0]
    bounds = traces["All patients within"]
    assert bounds.type == "bar" and list(bounds.x) == [5, 15] and bounds.base == 0
    assert list(traces["Median of a series"].x) == [3]


def test_figure_uses_only_theme_colours(with_seed):
    fig = intrathecal_timing_figure(with_seed, SCREEN_THEME)
    used = {t.marker.color for t in fig.data} | {t.marker.line.color for t in fig.data}
    assert used <= SCREEN_THEME.colors()
