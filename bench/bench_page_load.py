"""Page load to the first painted timeline in headless Chromium, cold and warm, against a static
HTML file of the same figure written by plotly (`fig.write_html`, plotly.js inline).

The dashboard is served as `make serve` serves it (gunicorn.conf.py, gzip, cache headers); the
static file by Python's http.server, both on loopback. Cold is a fresh browser context (empty
cache); warm is the next load in the same context. The time is the page's own clock from
navigation start to the first animation frame in which the figure has its traces and its SVG.

Run: PYTHONPATH=tests .venv/bin/python bench/bench_page_load.py
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from support.headless import GRAPH_SELECTOR, GunicornServer, free_port, launch_chromium

from components.cases.case import load_case
from components.clinical.phases import case_day_span
from components.figures.timeline.figure import build_timeline

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "data" / "cases"
SEED = CASES / "axicel-relapsing-icans"
ROUNDS = 7
TIMEOUT_MS = 30_000

#: True in the first frame where the figure is drawn; keeps that frame's time.
PAINTED = """
sel => {
  const gd = document.querySelector(sel);
  if (gd && gd.data && gd.data.length && gd.querySelector('.main-svg')) {
    window.paintedAt = window.paintedAt || performance.now();
    return true;
  }
  return false;
}
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


#: Loads that had not painted within TIMEOUT_MS: what the page showed and logged. Not loaded
#: again: a stuck load is a failure of the page, and the script exits with an error.
STALLED: list[str] = []


def time_to_paint(page, url: str, selector: str, log: list[str]) -> float | None:
    log.clear()
    page.goto(url)
    try:
        page.wait_for_function(PAINTED, arg=selector, polling="raf", timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        shown = page.evaluate("document.body.innerText.slice(0, 60)")
        STALLED.append(f"{url}: showing {shown!r}; log {log}")
        return None
    return page.evaluate("window.paintedAt")


def cold_and_warm(browser: Browser, url: str, selector: str) -> tuple[float, float]:
    cold, warm = [], []
    for _ in range(ROUNDS):
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        log: list[str] = []
        page.on("console", lambda m, log=log: log.append(f"{m.type}: {m.text}"))
        page.on("requestfailed", lambda r, log=log: log.append(f"failed {r.url} {r.failure}"))
        cold.append(time_to_paint(page, url, selector, log))
        warm.append(time_to_paint(page, url, selector, log))
        context.close()
    return median_painted(cold), median_painted(warm)


def median_painted(times: list[float | None]) -> float:
    painted = [t for t in times if t is not None]
    return statistics.median(painted) if painted else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    root = parser.parse_args().root
    GunicornServer.ROOT = root
    case = load_case(SEED)
    figure = build_timeline(case.events, day_range=case_day_span(case.events))
    with tempfile.TemporaryDirectory() as scratch:
        static = Path(scratch) / "timeline.html"
        figure.write_html(static, include_plotlyjs=True, full_html=True)
        files = ThreadingHTTPServer(
            ("127.0.0.1", free_port()),
            functools.partial(QuietHandler, directory=scratch),
        )
        threading.Thread(target=files.serve_forever, daemon=True).start()
        static_url = f"http://127.0.0.1:{files.server_address[1]}/timeline.html"
        with GunicornServer(root / "data" / "cases") as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            # One load first, so that every worker path is imported and the case is cached.
            cold_and_warm(browser, server.url + "/", GRAPH_SELECTOR)
            app_cold, app_warm = cold_and_warm(browser, server.url + "/", GRAPH_SELECTOR)
            static_cold, static_warm = cold_and_warm(browser, static_url, ".js-plotly-plot")
            browser.close()
        files.shutdown()
    print(f"page load to painted timeline, seed case, headless Chromium, medians of {ROUNDS}")
    print(f"  {'page':34} {'cold ms':>8} {'warm ms':>8}")
    print(f"  {'dashboard (gunicorn, make serve)':34} {app_cold:8.0f} {app_warm:8.0f}")
    print(f"  {'static fig.write_html':34} {static_cold:8.0f} {static_warm:8.0f}")
    print(
        f"  {'ratio dashboard / static':34} {app_cold / static_cold:7.2f}x "
        f"{app_warm / static_warm:7.2f}x"
    )
    loads = 2 * ROUNDS * 3
    print(f"  loads not painted within {TIMEOUT_MS / 1000:.0f} s: {len(STALLED)} of {loads}")
    for stalled in STALLED:
        print(f"    {stalled}")
    if STALLED:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
