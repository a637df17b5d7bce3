"""Every way of entering days applies and keeps the controls in step: Enter in either day box,
leaving a box, zooming (snapped to whole days), and a note outside the course is refused."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from support.headless import GRAPH_SELECTOR as GRAPH
from support.headless import wait_for_timeline

from components.web import ids


def x_range(page: Page) -> list[float]:
    return page.evaluate("sel => document.querySelector(sel).layout.xaxis.range", GRAPH)


def wait_for_days(page: Page, first: int, last: int) -> None:
    page.wait_for_function(
        """([sel, lo, hi]) => {
            const r = document.querySelector(sel).layout.xaxis.range;
            return Math.abs(r[0] - lo) < 1e-6 && Math.abs(r[1] - hi) < 1e-6
                && location.search.includes('days=' + (lo + 0.5) + ':' + (hi - 0.5));
        }""",
        arg=[GRAPH, first - 0.5, last + 0.5],
    )


def test_enter_in_the_first_box_alone_applies_it(page: Page, server):
    wait_for_timeline(page, f"{server.url}/?days=40:50")
    page.fill(f"#{ids.DAY_FIRST}", "10")
    page.press(f"#{ids.DAY_FIRST}", "Enter")
    wait_for_days(page, 10, 50)
    slider = page.locator(f"#{ids.RANGE_SLIDER} [role=slider]").first
    expect(slider).to_have_attribute("aria-valuenow", "10")
    # A second entry applies its own value, not the one before.
    page.fill(f"#{ids.DAY_LAST}", "20")
    page.press(f"#{ids.DAY_LAST}", "Enter")
    wait_for_days(page, 10, 20)
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value("10")


def test_leaving_a_box_applies_it_too(page: Page, server):
    wait_for_timeline(page, f"{server.url}/?days=40:50")
    page.fill(f"#{ids.DAY_LAST}", "45")
    page.locator(f"#{ids.DAY_FIRST}").focus()
    wait_for_days(page, 40, 45)


def test_the_slider_has_no_boxes_of_its_own(page: Page, server):
    wait_for_timeline(page, server.url)
    assert page.locator(f"#{ids.RANGE_SLIDER} input").count() == 0


def test_a_zoom_is_snapped_to_whole_days(page: Page, server):
    wait_for_timeline(page, server.url)
    page.evaluate(
        "sel => Plotly.relayout(document.querySelector(sel), {'xaxis.range': [24.98, 34.94]})",
        GRAPH,
    )
    wait_for_days(page, 26, 34)
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value("26")
    # A double-click's autorange goes to the course, at whole days, not plotly's padding.
    page.evaluate(
        "sel => Plotly.relayout(document.querySelector(sel), {'xaxis.autorange': true})", GRAPH
    )
    wait_for_days(page, -10, 88)


def test_a_note_outside_the_course_is_refused(page: Page, server):
    wait_for_timeline(page, server.url)
    page.fill(f"#{ids.NOTE_DAY}", "500")
    page.fill(f"#{ids.NOTE_TEXT}", "far away")
    page.click(f"#{ids.NOTE_ADD}")
    expect(page.locator(f"#{ids.NOTE_STATUS}")).to_contain_text("a day of the case's course")
    expect(page.locator(f"#{ids.NOTE_LIST}")).not_to_contain_text("far away")
