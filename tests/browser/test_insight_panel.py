"""The clinical insight section, as a person uses it: it follows the range, moves the range and
downloads its figures and tables."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from support.headless import wait_for_timeline

from components.web import ids


@pytest.fixture
def insight(page: Page, server):
    def open_at(query: str = "") -> Page:
        wait_for_timeline(page, f"{server.url}/{query}")
        page.wait_for_selector(f"#{ids.STEROID_FIGURE} .main-svg")
        page.wait_for_selector(f"#{ids.INTRATHECAL_FIGURE} .main-svg")
        return page

    return open_at


def grade_check_days(page: Page) -> list[str]:
    return page.locator(f"#{ids.GRADE_CHECK} tbody tr td:nth-child(2)").all_inner_texts()


def test_exposure_and_grade_check_follow_the_day_range(insight):
    page = insight("?days=40:50")
    summary = page.locator(f"#{ids.STEROID_SUMMARY}")
    expect(summary).to_contain_text("in days 40 to 50")
    # Day 47: CRS and ICANS both "not gradeable" (intubated: no temperature, possibly sedated)
    expect(page.locator(f"#{ids.GRADE_CHECK} tbody tr")).to_have_count(5)
    assert grade_check_days(page) == ["days 25–40", "day 41", "day 45", "day 47", "day 47"]
    # Whole-course panels: the intervals and this case beside the literature.
    intervals = page.locator(f"#{ids.KEY_INTERVALS}")
    expect(intervals.locator("#interval-onset_to_intrathecal")).to_contain_text("42 days")
    expect(intervals.locator("#interval-icans_relapse")).to_contain_text("derived")
    this_case = page.locator(f"#{ids.INTRATHECAL_TABLE} tr.table-primary")
    expect(this_case).to_contain_text("42 days")

    page.fill(f"#{ids.DAY_FIRST}", "0")
    page.fill(f"#{ids.DAY_LAST}", "6")
    page.press(f"#{ids.DAY_LAST}", "Enter")
    expect(summary).to_contain_text("in days 0 to 6")
    expect(page.locator(f"#{ids.GRADE_CHECK} tbody tr")).to_have_count(4)
    # Table 1, day 5: CRS grade 3 with BP 78/55 but no vasopressor stated: flagged, explained.
    flagged = page.locator(f"#{ids.GRADE_CHECK} tr.table-warning")
    expect(flagged).to_contain_text("unconfirmed")
    expect(flagged).to_contain_text("vasopressor")
    range_ = page.evaluate(
        f"() => document.querySelector('#{ids.STEROID_FIGURE} .js-plotly-plot').layout.xaxis.range"
    )
    assert range_ == [-0.5, 6.5]


def test_an_intervals_show_days_moves_the_whole_view(insight):
    page = insight()
    page.get_by_role("button", name="Show days 3–45").click()
    page.wait_for_function("() => location.search.includes('days=3:45')")
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value("3")
    expect(page.locator(f"#{ids.DAY_LAST}")).to_have_value("45")
    expect(page.locator(f"#{ids.STEROID_SUMMARY}")).to_contain_text("in days 3 to 45")


def test_insight_figure_and_table_download(insight, tmp_path):
    page = insight("?days=40:50")
    with page.expect_download() as caught:
        page.locator('[id*="steroid-exposure.png"]').click()
    path = tmp_path / caught.value.suggested_filename
    caught.value.save_as(path)
    assert path.name == "axicel-relapsing-icans_days-40-50_steroid-exposure.png"
    assert Image.open(path).size == (1920, 1080)
    with page.expect_download() as caught:
        page.locator('[id*="grade-check.csv"]').click()
    path = tmp_path / caught.value.suggested_filename
    caught.value.save_as(path)
    assert path.read_text().splitlines()[0] == "Syndrome,Days,Reported,Derived (at least),Check,Why"
    expect(page.locator(f"#{ids.INSIGHT_EXPORT_STATUS}")).to_contain_text("grade-check.csv")
