"""The timeline first on a laptop: at 1366 x 768 (and 1280 x 800) the top of the figure and
its first two lanes are on the first screen, without scrolling."""

from __future__ import annotations

import pytest
from conftest import screenshot
from playwright.sync_api import Page, expect
from support.headless import GRAPH_SELECTOR as GRAPH
from support.headless import wait_for_timeline
from support.svg_text import boxes_on, collisions
from support.waiting import wait_until

#: The bottom of the n-th lane (the lane's y-axis) in page pixels, from plotly's own layout.
LANE_BOTTOM = """([sel, n]) => {
    const gd = document.querySelector(sel);
    const axis = gd.layout.meta.lane_axes[gd.layout.meta.lanes[n]].replace('y', 'yaxis');
    const ya = gd._fullLayout[axis];
    return gd.getBoundingClientRect().top + ya._offset + ya._length;
}"""


@pytest.mark.parametrize("width, height", [(1366, 768), (1280, 800)])
def test_the_first_two_lanes_are_on_the_first_screen(page: Page, server, width, height):
    page.set_viewport_size({"width": width, "height": height})
    wait_for_timeline(page, f"{server.url}/?days=40:50")
    assert page.evaluate("() => window.scrollY") == 0
    second_lane_bottom = page.evaluate(LANE_BOTTOM, [GRAPH, 1])
    assert second_lane_bottom <= height, f"the second lane ends at y = {second_lane_bottom}"
    top = page.evaluate(f"() => document.querySelector('{GRAPH}').getBoundingClientRect().top")
    assert top < height / 4
    screenshot(page, f"laptop-{width}x{height}")


def test_case_details_are_behind_a_toggle(page: Page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    wait_for_timeline(page, server.url)
    summary = page.locator(".case-summary")
    expect(summary).to_be_hidden()
    page.get_by_text("Case details").click()
    expect(summary).to_be_visible()


@pytest.mark.parametrize("width, height", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("days", ["40:50", "-10:88"])
def test_no_two_labels_of_the_screen_figure_meet(page: Page, server, width, height, days):
    page.set_viewport_size({"width": width, "height": height})
    wait_for_timeline(page, f"{server.url}/?days={days}")
    boxes = settled_boxes(page, f"{GRAPH} .main-svg")
    assert len(boxes) > 50
    assert collisions(boxes) == []


def settled_boxes(page: Page, root: str) -> list:
    """The text boxes once two measures 0.3 s apart agree: the figure has finished drawing
    (the range and the table arrive after the first paint)."""
    last: list = []

    def same_as_before():
        nonlocal last
        now = boxes_on(page, root)
        settled = now == last and now
        last = now
        return settled

    return wait_until(same_as_before, 20, "the figure's text to settle", poll_s=0.3)
