"""The insight tables and figures the page, the exports and the deck share."""

import io

import pandas as pd
import pytest
from PIL import Image

from components.cases.case import load_case
from components.export.formats import export_insight
from components.export.renderer import ExportError
from components.figures.insight.builders import grade_check_table
from components.figures.insight.registry import (
    GRADE_CHECK,
    INSIGHT_FIGURES,
    INSIGHT_TABLES,
    INTRATHECAL_REPORTS,
    KEY_INTERVALS,
    grade_check_rows,
    insight_table,
    intrathecal_figure,
    steroid_figure,
)
from components.figures.theme import SCREEN_THEME
from tests.factories import SEED_CASE, event, events


@pytest.fixture(scope="module")
def seed():
    return load_case(SEED_CASE)


@pytest.mark.parametrize("days", [(-10, 88), (40, 50), (15, 15), (16, 30), (5, 5), (0, 3)])
def test_grade_check_of_a_range_is_the_whole_checks_rows_in_it(seed, days):
    whole = grade_check_table(seed.events)
    expected = [row for row in whole if row["end_day"] >= days[0] and row["day"] <= days[1]]
    assert grade_check_rows(seed.events, days) == expected


def test_grade_check_day_5_says_why_crs_grade_3_is_unconfirmed(seed):
    table = insight_table(GRADE_CHECK, seed.events, (5, 5), seed.case_id)
    crs = next(row for row in table.rows if row["syndrome"] == "CRS")
    # Table 1, day 5: grade 3 CRS reported with BP 78/55; a vasopressor is not stated.
    assert (crs["reported"], crs["derived"], crs["verdict"]) == ("3", "≥2", "unconfirmed")
    assert "vasopressor" in crs["why"]


def test_key_intervals_table_of_the_seed(seed):
    table = insight_table(KEY_INTERVALS, seed.events, (40, 50), seed.case_id)
    values = {row["key"]: (row["value"], row["days"]) for row in table.rows}
    assert values["icans_onset"] == ("day 3", "0:3")  # Table 1, day 3: dysgraphia, grade 1
    assert values["onset_to_intrathecal"] == ("42 days", "3:45")  # Table 1, days 3 and 45
    assert values["infusion_to_death"] == ("88 days", "0:88")  # text: died on day 88
    assert table.frame().columns.tolist() == ["Interval", "Value", "Basis", "How"]


def test_a_case_without_the_findings_still_gets_every_table():
    quiet = events(event("0", "drug", "Dexamethasone", "10", unit="mg"))
    for name in INSIGHT_TABLES:
        table = insight_table(name, quiet, (0, 0), "quiet")
        assert table.frame().shape[1] == len(table.columns)
    intervals = insight_table(KEY_INTERVALS, quiet, (0, 0), "quiet")
    assert {row["basis"] for row in intervals.rows} == {"not found"}
    reports = insight_table(INTRATHECAL_REPORTS, quiet, (0, 0), "quiet").rows
    assert reports[-1]["report"] == "This case (quiet)"
    assert reports[-1]["onset_to_it"] == "not stated"


def test_steroid_figure_follows_the_range(seed):
    figure = steroid_figure(seed.events, (40, 50), SCREEN_THEME)
    assert list(figure.layout.xaxis.range) == [39.5, 50.5]
    days = {x for trace in figure.data if trace.type == "bar" for x in trace.x}
    # Table 1, day 41: methylprednisolone 1,000 mg daily for three days; day 49 DEX taper
    assert {41, 42, 43} <= days and days <= set(range(40, 51))


def test_intrathecal_figure_marks_this_case_at_42_days(seed):
    figure = intrathecal_figure(seed.events, seed.case_id, SCREEN_THEME)
    (this_case,) = [trace for trace in figure.data if trace.name == "This case"]
    assert list(this_case.x) == [42]


@pytest.mark.parametrize("name", list(INSIGHT_FIGURES))
def test_insight_figures_export_slide_sized(seed, renderer, name):
    file_name, data = export_insight(seed, (40, 50), name, "png", renderer)
    assert file_name == f"axicel-relapsing-icans_days-40-50_{name}.png"
    assert Image.open(io.BytesIO(data)).size == (1920, 1080)


@pytest.mark.parametrize("name", INSIGHT_TABLES)
def test_insight_tables_export_as_csv_that_reads_back(seed, renderer, name):
    file_name, data = export_insight(seed, (40, 50), name, "csv", renderer)
    assert file_name == f"axicel-relapsing-icans_days-40-50_{name}.csv"
    table = insight_table(name, seed.events, (40, 50), seed.case_id)
    read = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert read.equals(table.frame().astype(str))


def test_a_table_asked_as_an_image_is_refused(seed, renderer):
    with pytest.raises(ExportError, match="CSV"):
        export_insight(seed, (40, 50), GRADE_CHECK, "png", renderer)
    with pytest.raises(ExportError, match="png"):
        export_insight(seed, (40, 50), "steroid-exposure", "csv", renderer)
