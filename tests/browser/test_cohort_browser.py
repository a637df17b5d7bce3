"""The cohort page in headless Chromium: align, rank (from the menu and from the table),
filter, open a case, export, and the cases that cannot be shown."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import SEED_CASES, screenshot
from playwright.sync_api import Page, expect
from support.headless import LiveServer
from support.waiting import WaitTimeoutError, wait_until

from components.cases.case import case_ids
from components.cases.cohort_select import select
from components.cases.index import LibraryIndex
from components.cases.library import BUNDLED_SYNTHETIC_DIR
from components.clinical.cohort import FIELD_NAMES
from components.figures.cohort import browser_views as browser_module
from components.figures.cohort import swimmers as figure_module
from components.model.cohort_view import ALIGNS, RANKS, CohortView
from components.web import ids

SEED = "axicel-relapsing-icans"
SYNTHETIC_SHOWN = 6
SWIMMERS = f"#{ids.COHORT_FIGURE} .js-plotly-plot .barlayer"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cohort-library")
    shutil.copytree(SEED_CASES / SEED, folder / SEED)
    for case_id in case_ids(BUNDLED_SYNTHETIC_DIR)[:SYNTHETIC_SHOWN]:
        shutil.copytree(BUNDLED_SYNTHETIC_DIR / case_id, folder / case_id)
    broken = folder / "broken-case"
    broken.mkdir()
    (broken / "events.csv").write_text("day,category,item,source,basis\nx,grade,ICANS,T,reported\n")
    (broken / "case.toml").write_text('title = "Broken"\n')
    LibraryIndex([folder]).update()
    return folder


@pytest.fixture(scope="module")
def cohort_server(library):
    with LiveServer(library) as live:
        yield live


def open_cohort(page: Page, server, query: str = "") -> None:
    page.goto(f"{server.url}/cohort{query}")
    page.wait_for_selector(SWIMMERS, timeout=60_000)


def choose(page: Page, dropdown_id: str, option: str) -> None:
    page.locator(f"[id='{dropdown_id}']").click()
    page.get_by_role("option", name=option, exact=True).click()


def grid_cases(page: Page) -> list[str]:
    """The table's cases in the order shown."""
    return page.evaluate(
        """id => {
            const cases = [];
            dash_ag_grid.getApi(id).forEachNodeAfterFilterAndSort(n => cases.push(n.data.case));
            return cases;
        }""",
        ids.COHORT_GRID,
    )


def expected_order(library: Path, view: CohortView) -> list[str]:
    return list(select(LibraryIndex([library]).update()[0], view).cases["case"])


def test_align_on_icans_onset_names_the_cases_left_out(page: Page, cohort_server, library):
    open_cohort(page, cohort_server)
    choose(page, ids.COHORT_ALIGN, "ICANS onset")
    page.wait_for_url("**/cohort?align=icans-onset")
    caption = page.locator(f"#{ids.COHORT_CAPTION}")
    shown = expected_order(library, CohortView(align="icans-onset"))
    expect(caption).to_contain_text(f"{len(shown)} cases aligned on ICANS onset")
    if len(shown) < 1 + SYNTHETIC_SHOWN:
        expect(page.locator(f"#{ids.COHORT_NOTES}")).to_contain_text("no ICANS")
    axis = page.locator(f"#{ids.COHORT_FIGURE} .g-x2title, #{ids.COHORT_FIGURE} .xtitle").first
    expect(axis).to_have_text("days from ICANS onset")
    screenshot(page, "cohort-aligned")


def test_rank_orders_the_rows_and_the_table(page: Page, cohort_server, library):
    open_cohort(page, cohort_server, "?rank=peak-icans")
    expected = expected_order(library, CohortView(rank="peak-icans"))
    page.wait_for_function(
        "([id, first]) => { const api = dash_ag_grid.getApi(id);"
        " return api && api.getDisplayedRowAtIndex(0)?.data.case === first; }",
        arg=[ids.COHORT_GRID, expected[0]],
    )
    assert grid_cases(page) == expected
    ticks = page.evaluate(
        "id => document.querySelector(`#${id} .js-plotly-plot`).layout.yaxis2.ticktext",
        ids.COHORT_FIGURE,
    )
    assert len(ticks) == len(expected)
    assert ticks[0].startswith("Relapsing") == (expected[0] == SEED)


def test_sorting_a_table_column_ranks_the_plot(page: Page, cohort_server, library):
    open_cohort(page, cohort_server)
    page.locator(".ag-header-cell[col-id='icu_days'] .ag-header-cell-label").click()
    page.wait_for_url("**/cohort?rank=icu_days")
    assert grid_cases(page) == expected_order(library, CohortView(rank="icu_days"))


def test_filter_to_synthetic_cases(page: Page, cohort_server):
    open_cohort(page, cohort_server)
    choose(page, f'{{"index":"source","type":"{ids.COHORT_FILTER}"}}', "Synthetic")
    page.wait_for_url("**/cohort?filter=source:synthetic")
    expect(page.locator(f"#{ids.COHORT_CAPTION}")).to_contain_text(
        f"{SYNTHETIC_SHOWN} cases aligned on CAR-T infusion"
    )
    page.wait_for_function(
        "([id, n]) => { const api = dash_ag_grid.getApi(id);"
        " return api && api.getDisplayedRowCount() === n; }",
        arg=[ids.COHORT_GRID, SYNTHETIC_SHOWN],
    )
    assert SEED not in grid_cases(page)


def test_a_case_that_fails_validation_is_listed_not_drawn(page: Page, cohort_server):
    open_cohort(page, cohort_server)
    problem = page.locator(".cohort-problem")
    expect(problem).to_contain_text("broken-case not shown: 1 problem")
    assert problem.locator("a").get_attribute("href") == "/?case=broken-case"
    assert "broken-case" not in grid_cases(page)


def test_clicking_a_row_opens_the_case_around_the_aligned_event(page: Page, cohort_server):
    open_cohort(page, cohort_server, "?align=intrathecal")
    page.locator(f".ag-row[row-id='{SEED}'] .ag-cell[col-id='title']").click()
    page.wait_for_url(f"**/?case={SEED}&days=38:66", timeout=30_000)
    page.wait_for_selector("#timeline .js-plotly-plot", timeout=60_000)
    expect(page.get_by_role("link", name="All cases as a cohort →")).to_be_visible()


def test_a_synthetic_case_says_so_on_its_page(page: Page, cohort_server):
    page.goto(f"{cohort_server.url}/?case=synthetic-001")
    page.wait_for_selector("#timeline .js-plotly-plot", timeout=60_000)
    expect(page.locator(".synthetic-badge")).to_have_text(
        "Synthetic case: generated, not a patient"
    )


@pytest.mark.timeout(180)
def test_export_the_figure_and_the_table(page: Page, cohort_server, tmp_path):
    open_cohort(page, cohort_server, "?align=icans-onset&rank=peak-icans")
    for fmt, label in (("png", "PNG"), ("csv", "Table (CSV)")):
        page.locator(f"#{ids.COHORT_EXPORT_FORMAT}").select_option(label=label)
        with page.expect_download(timeout=120_000) as download_info:
            page.get_by_role("button", name="Export", exact=True).click()
        download = download_info.value
        assert download.suggested_filename == "cohort_icans-onset_peak-icans_" + (
            "swimmer.png" if fmt == "png" else "table.csv"
        )
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        if fmt == "png":
            from PIL import Image

            assert Image.open(saved).size == (1920, 1080)
        else:
            rows = list(csv.DictReader(io.StringIO(saved.read_text())))
            assert list(rows[0]) == list(FIELD_NAMES)


def test_clicking_a_swimmer_opens_its_case(page: Page, cohort_server):
    open_cohort(page, cohort_server, "?align=intrathecal")
    page.locator(".subplot.x2y2 .barlayer .point path").first.click(force=True)
    page.wait_for_url(f"**/?case={SEED}&days=38:66", timeout=30_000)


# ---------------------------------------------------------------------------------------------
# The browser redraws align, rank and summary changes itself (assets/cohort.js): what it shows
# must be what the Python functions give for that view, in every part of the page.

VIEW_TIMEOUT_S = 30
#: What the page shows of a view: the figure's traces and layout, the table's order, the
#: caption, the notes on cases left out and the URL.
SHOWN_JS = """([fig, grid, caption, notes]) => {
    const gd = document.querySelector(`#${fig} .js-plotly-plot`);
    const api = dash_ag_grid.getApi(grid);
    if (!gd || !gd.data || !gd.layout || !api) { return null; }
    const list = a => (a === undefined || a === null) ? null : Array.from(a);
    const rows = [];
    api.forEachNodeAfterFilterAndSort(n => rows.push(n.data.case));
    return {
        traces: gd.data.map(t => ({name: t.name, x: list(t.x), y: list(t.y),
                                   base: list(t.base), customdata: list(t.customdata)})),
        rowsShown: list(gd.layout.yaxis2.range),
        ticks: [list(gd.layout.yaxis2.tickvals), list(gd.layout.yaxis2.ticktext)],
        axes: [gd.layout.xaxis2.title.text, gd.layout.yaxis.title.text],
        title: gd.layout.title.text,
        rows: rows,
        caption: document.getElementById(caption).textContent,
        notes: Array.from(document.querySelectorAll(`#${notes} .alert`)).map(e => e.textContent),
        search: window.location.search,
    };
}"""


def python_view(library: Path, view: CohortView) -> dict:
    """What the page should show for `view`, from the Python functions alone."""
    import plotly.io as pio

    from components.cases.cohort_select import cohort_caption, cohort_title
    from components.figures.cohort.swimmers import cohort_figure, drawn_note
    from components.figures.theme import SCREEN_THEME

    selection = select(LibraryIndex([library]).update()[0], view)
    figure = json.loads(
        pio.to_json(cohort_figure(selection, SCREEN_THEME, cohort_title(selection)))
    )
    layout = figure["layout"]
    return {
        "traces": [
            {k: trace.get(k) for k in ("name", "x", "y", "base", "customdata")}
            for trace in figure["data"]
        ],
        "rowsShown": layout["yaxis2"]["range"],
        "ticks": [layout["yaxis2"]["tickvals"], layout["yaxis2"]["ticktext"]],
        "axes": [layout["xaxis2"]["title"]["text"], layout["yaxis"]["title"]["text"]],
        "title": layout["title"]["text"],
        "rows": list(selection.cases["case"]),
        "caption": cohort_caption(selection),
        "notes": [n for n in (*selection.notes, drawn_note(selection)) if n],
        "search": view.query(),
    }


def browser_view(page: Page) -> dict | None:
    return page.evaluate(
        SHOWN_JS, [ids.COHORT_FIGURE, ids.COHORT_GRID, ids.COHORT_CAPTION, ids.COHORT_VIEW_NOTES]
    )


def expect_view(page: Page, library: Path, view: CohortView) -> None:
    """Wait (with a deadline) until the page shows exactly what Python gives for `view`; on
    the deadline, fail with the difference."""
    expected = python_view(library, view)
    try:
        wait_until(
            lambda: browser_view(page) == expected, VIEW_TIMEOUT_S, f"the page to show {view}"
        )
    except WaitTimeoutError:
        assert browser_view(page) == expected


@pytest.fixture
def few_swimmers(monkeypatch):
    """The plot draws the first 4 rows, so the 'first rows in rank order' rule is exercised
    with a small library (the server reads the limit on every request)."""
    monkeypatch.setattr(figure_module, "MAX_SWIMMERS", 4)
    monkeypatch.setattr(browser_module, "MAX_SWIMMERS", 4)


def test_every_align_and_rank_drawn_by_the_browser_is_the_python_view(
    page: Page, cohort_server, library, few_swimmers
):
    open_cohort(page, cohort_server)
    shown = CohortView()
    for align, align_label in ALIGNS.items():
        for rank, rank_label in RANKS.items():
            # Choosing the option already chosen changes nothing (and leaves its menu open).
            if align != shown.align:
                choose(page, ids.COHORT_ALIGN, align_label)
            if rank != shown.rank:
                choose(page, ids.COHORT_RANK, rank_label)
            shown = CohortView(align=align, rank=rank)
            expect_view(page, library, shown)
    page.get_by_label("CRS", exact=True).check()
    expect_view(page, library, CohortView(align=align, rank=rank, summary="crs"))


def test_a_table_column_rank_either_way_and_a_filter_in_the_browser(
    page: Page, cohort_server, library, few_swimmers
):
    open_cohort(page, cohort_server, "?rank=-corticosteroid_dex_eq_mg")
    for align, align_label in ALIGNS.items():
        if align != CohortView().align:
            choose(page, ids.COHORT_ALIGN, align_label)
        expect_view(page, library, CohortView(align=align, rank="-corticosteroid_dex_eq_mg"))
    choose(page, f'{{"index":"source","type":"{ids.COHORT_FILTER}"}}', "Synthetic")
    expect_view(
        page,
        library,
        CohortView(
            align=align, rank="-corticosteroid_dex_eq_mg", filters=(("source", "synthetic"),)
        ),
    )


def test_a_shared_link_opens_the_view_the_browser_drew(
    page: Page, browser, cohort_server, library, few_swimmers
):
    open_cohort(page, cohort_server)
    choose(page, ids.COHORT_ALIGN, "ICANS onset")
    choose(page, ids.COHORT_RANK, "highest ICANS grade")
    choose(page, f'{{"index":"outcome","type":"{ids.COHORT_FILTER}"}}', "alive")
    page.get_by_label("CRS", exact=True).check()
    view = CohortView(
        align="icans-onset", rank="peak-icans", filters=(("outcome", "alive"),), summary="crs"
    )
    expect_view(page, library, view)
    drawn = browser_view(page)
    other = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        open_cohort(other, cohort_server, drawn["search"])
        expect_view(other, library, view)
        assert browser_view(other) == drawn
    finally:
        other.close()
