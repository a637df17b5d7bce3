"""A page that always paints, and range changes that ask the server nothing.

- Twenty loads in a row under gunicorn as `make serve` runs it, each must paint (bounded wait);
  what the browser logged and which requests failed are reported for any that does not.
- A layout request cut off at the network level is tried again (assets/dash_fetch.js): before,
  Dash's renderer logged "fetch error" and the page stayed on "Loading..." for good.
- Slider, typed days, preset and zoom changes send no `/_dash-update-component` request, and
  the numbers the browser slices are those the clinical functions give for the range.
"""

from __future__ import annotations

import json

import pytest
from conftest import SEED_CASES
from playwright.sync_api import Browser, Page, expect
from support.headless import GRAPH_SELECTOR as GRAPH
from support.headless import GunicornServer, wait_for_timeline

from components.cases.case import load_case
from components.clinical.phases import headline_numbers
from components.clinical.steroids import steroid_exposure
from components.model.formatting import number_text
from components.web import ids

LOADS = 20
PAINT_TIMEOUT_MS = 30_000
PAINTED = """sel => {
    const gd = document.querySelector(sel);
    return !!(gd && gd.data && gd.data.length && gd.querySelector('.main-svg'));
}"""
UPDATE = "/_dash-update-component"
SEED = SEED_CASES / "axicel-relapsing-icans"


def load_until_painted(page: Page, url: str, log: list[str]) -> str | None:
    """None when the page painted in time, else what the page showed and logged."""
    log.clear()
    page.goto(url)
    try:
        page.wait_for_function(PAINTED, arg=GRAPH, timeout=PAINT_TIMEOUT_MS)
    except Exception:  # any failure to paint is reported, with the page's log
        shown = page.evaluate("document.body.innerText.slice(0, 80)")
        return f"{url}: did not paint in {PAINT_TIMEOUT_MS} ms, showing {shown!r}; log: {log}"
    return None


@pytest.mark.timeout(600)
def test_twenty_loads_in_a_row_under_gunicorn_all_paint(browser: Browser):
    failures: list[str] = []
    with GunicornServer(SEED_CASES) as server:
        for _ in range(LOADS // 2):
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            page = context.new_page()
            log: list[str] = []
            page.on("console", lambda m, log=log: log.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e, log=log: log.append(f"pageerror: {e}"))
            page.on(
                "requestfailed",
                lambda r, log=log: log.append(f"failed: {r.method} {r.url} {r.failure}"),
            )
            for _cold_then_warm in range(2):
                failure = load_until_painted(page, server.url + "/", log)
                if failure:
                    failures.append(failure)
            context.close()
    assert failures == [], "\n".join(failures)


def test_a_layout_request_cut_off_once_is_tried_again(browser: Browser, server):
    context = browser.new_context()
    page = context.new_page()
    cut: list[str] = []

    def cut_the_first(route):
        if cut:
            route.continue_()
        else:
            cut.append(route.request.url)
            route.abort("connectionreset")

    page.route("**/_dash-layout*", cut_the_first)
    try:
        page.goto(server.url + "/")
        page.wait_for_function(PAINTED, arg=GRAPH, timeout=PAINT_TIMEOUT_MS)
    finally:
        context.close()
    assert len(cut) == 1


def headline(page: Page, key: str) -> str:
    return page.locator(f"#headline-{key}").inner_text()


def expect_range(page: Page, days: tuple[int, int]) -> None:
    """The numbers the browser shows are those the clinical functions give for `days`."""
    events = load_case(SEED).events
    expect(page.locator(f"#{ids.DAY_FIRST}")).to_have_value(str(days[0]))
    expect(page.locator(f"#{ids.DAY_LAST}")).to_have_value(str(days[1]))
    for number in headline_numbers(events, days):
        expect(page.locator(f"#headline-{number.key}")).to_have_text(number.value)
        expect(page.locator(f"#headline-{number.key}-note")).to_have_text(number.note)
    exposure = steroid_exposure(events, days)
    if len(exposure.doses):
        expect(page.locator(f"#{ids.STEROID_SUMMARY}")).to_contain_text(
            f"{number_text(exposure.in_range_mg)} mg dexamethasone equivalent in days "
            f"{days[0]} to {days[1]}"
        )


def test_range_changes_ask_the_server_nothing(page: Page, server):
    wait_for_timeline(page, f"{server.url}/?days=0:14")
    page.wait_for_selector(f"#{ids.KEY_INTERVALS} li")  # the insight section has filled
    expect_range(page, (0, 14))
    asked: list[str] = []
    page.on(
        "request",
        lambda r: asked.append(json.loads(r.post_data)["output"]) if UPDATE in r.url else None,
    )

    page.get_by_role("button", name="ICANS relapse (15 to 44)").click()
    expect_range(page, (15, 44))
    page.fill(f"#{ids.DAY_FIRST}", "40")
    page.fill(f"#{ids.DAY_LAST}", "50")
    page.press(f"#{ids.DAY_LAST}", "Enter")
    expect_range(page, (40, 50))
    # What a drag-zoom on the figure does: a relayout of its x range.
    page.evaluate(
        "sel => Plotly.relayout(document.querySelector(sel), {'xaxis.range': [44.5, 60.5]})", GRAPH
    )
    expect_range(page, (45, 60))
    # The slider's keyboard: one step right moves the range's first day.
    page.locator(f"#{ids.RANGE_SLIDER} [role=slider]").first.press("ArrowRight")
    expect_range(page, (46, 60))
    page.wait_for_function("() => location.search.includes('days=46:60')")
    assert asked == [], sorted(set(asked))
