"""The presenter view: opened from a link or the case page, the figure alone with its caption;
the arrow keys step through the phase presets, key intervals and parts, and the address bar
follows; this tab's upload and this browser's notes are presented as the case page shows them."""

from __future__ import annotations

import re

from conftest import screenshot
from playwright.sync_api import Page, expect
from support.headless import wait_for_timeline
from test_own_case import MARKED_UP, upload

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


def open_dashboard(page: Page, server, query: str = "") -> None:
    wait_for_timeline(page, f"{server.url}/{query}")


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


def label(page: Page):
    return page.locator(f"#{ids.PRESENT_LABEL}")


def test_arrow_keys_step_through_presets_intervals_and_parts(page: Page, server):
    """At 1920 x 1080 the whole course's lanes need two parts: the keys go through them."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_presenter(page, server, "?case=axicel-relapsing-icans&days=40:50")
    page.keyboard.press("ArrowRight")
    expect(label(page)).to_have_text("Whole course · part 1 of 2")
    page.wait_for_function(
        "sel => document.querySelector(sel).layout.xaxis.range[0] === -10.5", arg=GRAPH
    )
    page.wait_for_function("() => location.search.includes('days=-10:88')")
    page.keyboard.press("ArrowRight")
    expect(label(page)).to_have_text("Whole course · part 2 of 2")
    page.wait_for_function("() => location.search.endsWith('part=2')")
    expect(page.locator(f"{GRAPH} .infolayer")).to_contain_text("in the other part: ICANS grade")
    page.keyboard.press("ArrowRight")
    expect(label(page)).to_have_text("Pre-infusion")
    assert x_range(page) == [-10.5, 0.5]
    page.keyboard.press("ArrowLeft")  # back: the last part of the step before
    expect(label(page)).to_have_text("Whole course · part 2 of 2")
    page.wait_for_function("() => location.search.endsWith('part=2')")  # not 'part=last'
    page.go_back()  # the browser's back button steps back too
    expect(label(page)).to_have_text("Pre-infusion")
    page.keyboard.press("ArrowLeft")
    expect(label(page)).to_have_text("Whole course · part 2 of 2")
    page.keyboard.press("ArrowLeft")
    expect(label(page)).to_have_text("Whole course · part 1 of 2")
    page.keyboard.press("ArrowLeft")  # before the first step: round to the last
    expect(label(page)).not_to_contain_text("Whole course")
    assert "days=" in page.url
    # The link now in the address bar opens that same view.
    days = page.evaluate("() => new URLSearchParams(location.search).get('days')")
    first, last = (int(d) for d in days.split(":"))
    open_presenter(page, server, f"?case=axicel-relapsing-icans&days={days}")
    assert x_range(page) == [first - 0.5, last + 0.5]


def drug_rows(page: Page) -> list[str]:
    return page.evaluate(
        """sel => { const gd = document.querySelector(sel);
            const axis = gd.layout.meta.lane_axes.drugs.replace('y', 'yaxis');
            return gd.layout[axis].categoryarray || []; }""",
        GRAPH,
    )


def test_a_step_draws_only_the_drugs_of_its_days(page: Page, server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_presenter(page, server, "?case=axicel-relapsing-icans&days=40:50&lanes=icans,drugs")
    rows = drug_rows(page)
    assert "Methotrexate IT" in rows and "Methylprednisolone" in rows
    assert "Cyclophosphamide" not in rows and "Tocilizumab" not in rows  # given before day 40


def test_the_case_page_opens_its_view_for_presenting_and_back(page: Page, server):
    open_dashboard(page, server, "?days=40:50&lanes=icans,drugs")
    link = page.get_by_role("link", name="Present")
    expect(link).to_have_attribute(
        "href", "/present?case=axicel-relapsing-icans&days=40:50&lanes=icans,drugs"
    )
    page.fill(f"#{ids.DAY_FIRST}", "41")
    page.press(f"#{ids.DAY_FIRST}", "Enter")  # the link follows the view
    expect(link).to_have_attribute("href", re.compile(r"days=41:50"))
    link.click()
    page.wait_for_function(
        "sel => { const g = document.querySelector(sel); return g && g.data && g.data.length; }",
        arg=GRAPH,
    )
    assert x_range(page) == [40.5, 50.5]
    page.get_by_role("link", name="Case page").click()
    page.wait_for_function(
        "() => location.pathname === '/' && location.search.includes('days=41:50')"
    )
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value("41")


def test_the_uploaded_case_and_this_browsers_notes_are_presented(page: Page, server):
    """What the case page of this tab shows: its upload and the notes pinned in it, unsaved."""
    open_dashboard(page, server)
    upload(page, "my-patient.csv", MARKED_UP.encode())
    page.wait_for_function("() => location.search.includes('case=upload.')")
    page.fill(f"#{ids.NOTE_DAY}", "2")
    page.fill(f"#{ids.NOTE_TEXT}", "CRS peaks")
    page.get_by_role("button", name="Pin note").click()
    expect(page.locator(f"#{ids.NOTE_LIST}")).to_contain_text("CRS peaks")
    page.get_by_role("link", name="Present").click()
    page.wait_for_function(
        "sel => { const g = document.querySelector(sel); return g && g.data && g.data.length; }",
        arg=GRAPH,
    )
    assert "case=upload." in page.url
    expect(page.locator(f"#{ids.PRESENT_CAPTION}")).to_contain_text("Days 0 to 3")
    expect(page.locator(f"#{ids.PRESENT_NOTES}")).to_contain_text("Day 2: CRS peaks")
    notes = page.evaluate(
        """sel => (document.querySelector(sel).layout.annotations || [])
            .filter(a => a.name === 'presenter-note').map(a => a.text)""",
        GRAPH,
    )
    assert any("CRS peaks" in text for text in notes)
