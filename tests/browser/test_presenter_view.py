"""The presenter view: opened from a link, the figure alone with its caption; the arrow keys
step through the phase presets and key intervals, and the address bar follows."""

from __future__ import annotations

from conftest import screenshot
from playwright.sync_api import Page, expect

from components.web import ids

GRAPH = f"#{ids.PRESENT_GRAPH} .js-plotly-plot"


def x_range(page: Page) -> list[float]:
    return page.evaluate("sel => document.querySelector(sel).layout.xaxis.range", GRAPH)


def open_presenter(page: Page, server, query: str) -> None:
    page.goto(f"{server.url}/present{query}")
    page.wait_for_function(
        "sel => { const g = document.querySelector(sel); return g && g.data && g.data.length; }",
        arg=GRAPH,
    )


def test_a_link_opens_the_view_it_names(page: Page, server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_presenter(page, server, "?case=axicel-relapsing-icans&days=40:50&lanes=icans,drugs")
    assert x_range(page) == [39.5, 50.5]
    lanes = page.evaluate("sel => document.querySelector(sel).layout.meta.lanes", GRAPH)
    assert lanes == ["icans", "drugs"]
    expect(page.locator(f"#{ids.PRESENT_CAPTION}")).to_contain_text(
        "intrathecal chemotherapy on days 45 and 47"
    )
    # The slide theme: no text on the figure under 24 px on a 1080-pixel screen.
    sizes = page.evaluate(
        "sel => Array.from(document.querySelectorAll(sel + ' text'))"
        ".filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize))",
        GRAPH,
    )
    assert sizes and min(sizes) >= 18  # the figure is laid out for the screen under the bar
    screenshot(page, "presenter-days-40-50")


def test_arrow_keys_step_through_presets_and_intervals(page: Page, server):
    open_presenter(page, server, "?case=axicel-relapsing-icans&days=40:50")
    label = page.locator(f"#{ids.PRESENT_LABEL}")
    page.keyboard.press("ArrowRight")
    expect(label).to_have_text("Whole course")
    page.wait_for_function(
        "sel => document.querySelector(sel).layout.xaxis.range[0] === -10.5", arg=GRAPH
    )
    page.wait_for_function("() => location.search.includes('days=-10:88')")
    page.keyboard.press("ArrowRight")
    expect(label).to_have_text("Pre-infusion")
    assert x_range(page) == [-10.5, 0.5]
    page.keyboard.press("ArrowLeft")
    expect(label).to_have_text("Whole course")
    page.keyboard.press("ArrowLeft")  # before the first step: round to the last
    expect(label).not_to_have_text("Whole course")
    assert "days=" in page.url
    # The link now in the address bar opens that same view.
    days = page.evaluate("() => new URLSearchParams(location.search).get('days')")
    first, last = (int(d) for d in days.split(":"))
    open_presenter(page, server, f"?case=axicel-relapsing-icans&days={days}")
    assert x_range(page) == [first - 0.5, last + 0.5]
