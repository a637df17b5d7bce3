"""What a person does with the dashboard, in headless Chromium against a live server."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from conftest import SEED_CASES, screenshot
from PIL import Image
from playwright.sync_api import Page, expect
from support.headless import GRAPH_SELECTOR as GRAPH
from support.headless import LiveServer, wait_for_timeline

from components.web import ids


def open_dashboard(page: Page, server, query: str = "") -> None:
    wait_for_timeline(page, f"{server.url}/{query}")


def x_range(page: Page) -> list[float]:
    return page.evaluate("sel => document.querySelector(sel).layout.xaxis.range", GRAPH)


def wait_for_x_range(page: Page, first: int, last: int) -> None:
    page.wait_for_function(
        """([sel, lo, hi]) => {
            const r = document.querySelector(sel).layout.xaxis.range;
            return r && Math.abs(r[0] - lo) < 1e-6 && Math.abs(r[1] - hi) < 1e-6;
        }""",
        arg=[GRAPH, first - 0.5, last + 0.5],
    )


def grid_days(page: Page) -> list[tuple[int, int]]:
    """First and last day of every row the event browser holds (all rows, not only painted)."""
    return page.evaluate(
        """id => {
            const api = dash_ag_grid.getApi(id);
            const rows = [];
            api.forEachNodeAfterFilter(n => rows.push([n.data.day, n.data.end_day]));
            return rows;
        }""",
        ids.EVENT_GRID,
    )


def test_opens_on_the_whole_course_with_every_lane(page: Page, server):
    open_dashboard(page, server)
    assert x_range(page) == [-10.5, 88.5]
    lanes = page.evaluate("sel => document.querySelector(sel).layout.meta.lanes", GRAPH)
    assert len(lanes) >= 5
    expect(page.locator(".case-title")).to_contain_text("intrathecal chemotherapy")
    expect(page.locator("#headline-peak_icans")).to_have_text("4")
    expect(page.locator("#headline-onset_to_it")).to_have_text("42 days")
    page.wait_for_function("() => location.search.includes('days=-10:88')")
    screenshot(page, "dashboard-whole-course")


def test_link_with_days_opens_that_range(page: Page, server):
    open_dashboard(page, server, "?days=40:50")
    wait_for_x_range(page, 40, 50)
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value("40")
    expect(page.locator(f"#{ids.DAY_LAST}")).to_have_value("50")
    rows = grid_days(page)
    assert rows and all(first <= 50 and last >= 40 for first, last in rows)
    expect(page.locator("#headline-high_grade_days")).to_have_text("2")
    screenshot(page, "dashboard-days-40-50")


def test_typing_a_range_moves_figure_table_numbers_and_url(page: Page, server):
    open_dashboard(page, server)
    page.fill(f"#{ids.DAY_FIRST}", "0")
    page.fill(f"#{ids.DAY_LAST}", "6")
    page.press(f"#{ids.DAY_LAST}", "Enter")
    wait_for_x_range(page, 0, 6)
    page.wait_for_function("() => location.search.includes('days=0:6')")
    expect(page.locator("#headline-peak_icans")).to_have_text("2")
    rows = grid_days(page)
    assert rows and all(first <= 6 and last >= 0 for first, last in rows)


def test_preset_button_selects_the_intrathecal_window(page: Page, server):
    open_dashboard(page, server)
    page.get_by_role("button", name="Intrathecal therapy (40 to 52)").click()
    wait_for_x_range(page, 40, 52)
    page.wait_for_function("() => location.search.includes('days=40:52')")
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value("40")


def test_zooming_the_figure_moves_the_filter(page: Page, server):
    open_dashboard(page, server)
    # What a mouse drag-zoom does: a relayout of the x range from inside the page.
    page.evaluate(
        "sel => Plotly.relayout(document.querySelector(sel), {'xaxis.range': [9.5, 20.5]})", GRAPH
    )
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value("10")
    expect(page.locator(f"#{ids.DAY_LAST}")).to_have_value("20")
    page.wait_for_function("() => location.search.includes('days=10:20')")


def test_bad_days_fall_back_to_the_whole_course_with_a_note(page: Page, server):
    open_dashboard(page, server, "?days=abc")
    expect(page.locator(f"#{ids.NOTICE}")).to_contain_text("showing the whole course")
    assert x_range(page) == [-10.5, 88.5]


def test_clicking_a_table_row_marks_it_on_the_figure(page: Page, server):
    open_dashboard(page, server, "?days=40:50")
    page.evaluate(
        """id => {
            const api = dash_ag_grid.getApi(id);
            let target = null;
            api.forEachNode(n => { if (!target && n.data.item === 'Methotrexate') target = n; });
            api.ensureNodeVisible(target, 'middle');
        }""",
        ids.EVENT_GRID,
    )
    page.locator(f"#{ids.EVENT_GRID} .ag-row", has_text="Methotrexate").first.click()
    page.wait_for_function(
        """sel => (document.querySelector(sel).layout.shapes || [])
            .some(s => s.name === 'selected-event' && s.x0 === 44.5 && s.x1 === 45.5)""",
        arg=GRAPH,
    )


def test_lanes_in_the_url_choose_and_order_the_lanes(page: Page, server):
    open_dashboard(page, server)
    lanes = page.evaluate("sel => document.querySelector(sel).layout.meta.lanes", GRAPH)
    chosen = [lanes[-1], lanes[0]]
    open_dashboard(page, server, f"?lanes={','.join(chosen)}")
    assert page.evaluate("sel => document.querySelector(sel).layout.meta.lanes", GRAPH) == chosen


# Where a person would put the mouse: the pixel of (day, y) in the subplot of a lane's trace.
POINT_ON_SCREEN = """([sel, traceName, day, y]) => {
    const gd = document.querySelector(sel);
    const trace = gd._fullData.find(t => t.name === traceName);
    const xa = gd._fullLayout[trace.xaxis.replace('x', 'xaxis')];
    const ya = gd._fullLayout[trace.yaxis.replace('y', 'yaxis')];
    const box = gd.getBoundingClientRect();
    return [box.left + xa._offset + xa.l2p(day), box.top + ya._offset + ya.l2p(y)];
}"""


def test_hovering_a_mark_lists_everything_recorded_that_day(page: Page, server):
    open_dashboard(page, server)
    x, y = page.evaluate(POINT_ON_SCREEN, [GRAPH, "ICANS grade", 41, 2])
    page.mouse.move(x, y)
    panel = page.locator(f"#{ids.DAY_PANEL}")
    expect(panel).to_contain_text("Day 41")
    expect(panel).to_contain_text("CSF total protein")
    expect(panel).to_contain_text("Levetiracetam")


def test_clicking_a_mark_selects_its_row_in_the_table(page: Page, server):
    open_dashboard(page, server, "?days=35:50")
    x, y = page.evaluate(POINT_ON_SCREEN, [GRAPH, "ICANS grade", 41, 2])
    page.mouse.click(x, y)
    page.wait_for_function(
        """id => {
            const rows = dash_ag_grid.getApi(id).getSelectedRows();
            return rows.length === 1 && rows[0].item === 'ICANS' && rows[0].day === 41;
        }""",
        arg=ids.EVENT_GRID,
    )
    expect(page.locator(f"#{ids.EVENT_GRID} .ag-row-selected")).to_contain_text("ICANS")


ROW_ON_SCREEN = """id => {
    const row = document.querySelector('#' + id + ' .ag-center-cols-container .ag-row-selected');
    const grid = document.querySelector('#' + id + ' .ag-body-viewport');
    if (!row || !grid) { return false; }
    const r = row.getBoundingClientRect(), g = grid.getBoundingClientRect();
    return r.top >= Math.max(g.top, 0) - 1 && r.bottom <= Math.min(g.bottom, innerHeight) + 1;
}"""


def test_a_clicked_mark_is_found_in_the_table_and_the_way_back_leads_up(page: Page, server):
    """On a laptop the table is under the timeline: a click brings the mark's row into the
    window (the table scrolled to it), and the table's heading leads back to the timeline."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_dashboard(page, server)  # the whole course: the day-41 row is far down the table
    x, y = page.evaluate(POINT_ON_SCREEN, [GRAPH, "ICANS grade", 41, 2])
    page.mouse.click(x, y)
    page.wait_for_function(
        """id => dash_ag_grid.getApi(id).getSelectedRows().some(r => r.day === 41)""",
        arg=ids.EVENT_GRID,
        timeout=20_000,
    )
    page.wait_for_function(ROW_ON_SCREEN, arg=ids.EVENT_GRID, timeout=20_000)
    assert page.evaluate("() => window.scrollY") > 768
    expect(page.locator(f"#{ids.EVENT_GRID} .ag-row-selected").first).to_contain_text("41")
    page.get_by_role("link", name="Back to the timeline").click()
    page.wait_for_function("() => window.scrollY === 0", timeout=20_000)


def test_export_panel_downloads_a_slide_of_the_visible_days(page: Page, server, tmp_path):
    open_dashboard(page, server, "?days=40:50")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download", exact=True).click()
    download = download_info.value
    # All lanes do not fit one slide at 24 px text: the parts come as a ZIP of slide PNGs.
    assert download.suggested_filename == "axicel-relapsing-icans_days-40-50_timeline.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        first = archive.read(archive.namelist()[0])
    assert Image.open(io.BytesIO(first)).size == (1920, 1080)
    status = page.locator(f"#{ids.EXPORT_STATUS}")
    expect(status).to_contain_text("Downloaded")
    # The page says why a ZIP came, and what each picture holds.
    expect(status).to_contain_text("lanes do not fit one 1920 x 1080 slide")
    expect(status).to_contain_text("1: ICANS grade (ASTCT)")
    expect(status).to_contain_text("Choose fewer lanes for a single slide")

    page.get_by_label("Events (CSV)").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download", exact=True).click()
    assert download_info.value.suggested_filename.endswith("_days-40-50_events.csv")


def test_quick_successive_range_changes_end_on_the_last_one(page: Page, server):
    open_dashboard(page, server)
    for name in (
        "First two weeks (0 to 14)",
        "Intrathecal therapy (40 to 52)",
        "Pre-infusion (-10 to 0)",
    ):
        page.get_by_role("button", name=name).click()
    page.wait_for_timeout(1500)  # let every server round trip come back
    wait_for_x_range(page, -10, 0)
    assert "days=-10:0" in page.url
    expect(page.locator(f"#{ids.DAY_LAST}")).to_have_value("0")


@pytest.fixture
def own_library(tmp_path):
    """A copy of the bundled cases, so saving notes writes nowhere in the repository."""
    shutil.copytree(SEED_CASES, tmp_path / "cases")
    with LiveServer(tmp_path / "cases", writes=True) as live:
        yield live, tmp_path / "cases" / "axicel-relapsing-icans"


def test_pinned_note_shows_on_the_figure_and_saves_to_the_case(page: Page, own_library):
    server, folder = own_library
    open_dashboard(page, server, "?days=40:50")
    page.fill(f"#{ids.NOTE_DAY}", "45")
    page.fill(f"#{ids.NOTE_TEXT}", "IT MTX/AraC/HC <b>GCS improves</b>")
    page.get_by_role("button", name="Pin note").click()
    page.wait_for_function(
        """sel => (document.querySelector(sel).layout.annotations || []).some(
            a => a.name === 'presenter-note' && a.x === 45 && a.text.includes('&lt;b&gt;'))""",
        arg=GRAPH,
    )
    expect(page.locator(f"#{ids.NOTE_LIST}")).to_contain_text("Day 45")
    wait_for_x_range(page, 40, 50)  # the redraw kept the range

    page.get_by_role("button", name="Save to case folder").click()
    expect(page.locator(f"#{ids.NOTE_STATUS}")).to_contain_text("Saved 1 note")
    assert (folder / "annotations.csv").read_text(encoding="utf-8").splitlines() == [
        "day,lane,text",
        "45,,IT MTX/AraC/HC <b>GCS improves</b>",
    ]

    page.get_by_title("Remove this note").click()
    expect(page.locator(f"#{ids.NOTE_LIST}")).not_to_contain_text("Day 45")


def test_collapsed_lanes_in_the_url_are_kept(page: Page, server):
    open_dashboard(page, server, "?days=40:50&collapse=drugs")
    assert page.evaluate("sel => document.querySelector(sel).layout.meta.collapsed", GRAPH) == [
        "drugs"
    ]
    page.wait_for_function("() => location.search.includes('collapse=drugs')")
    wait_for_x_range(page, 40, 50)


@pytest.mark.parametrize("width", [1280, 2560])
def test_layout_fits_from_laptop_to_projector(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    open_dashboard(page, server)
    # Right edges of the page's blocks against the visible width (dash's hidden focus input of a
    # dropdown may poke out a few pixels; nothing a person sees does).
    edges = page.evaluate(
        """sel => [document.documentElement.clientWidth,
                   ...['.dashboard', '.controls', sel, '#event-grid', '.export-panel']
                       .map(s => document.querySelector(s).getBoundingClientRect().right)]""",
        GRAPH,
    )
    graph_width = page.evaluate(
        "sel => document.querySelector(sel).getBoundingClientRect().width", GRAPH
    )
    context.close()
    visible, *rights = edges
    assert max(rights) <= visible
    assert graph_width > width * 0.6
