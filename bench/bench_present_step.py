"""Presenter view: an arrow key to the next step painted, in headless Chromium at 1920 x 1080.

A step is a new address: the server draws the step for its days (only what happens in them,
in parts when the lanes do not fit the screen) and the browser paints it. Timed in the page
(performance.now) from the key press to the animation frame after plotly reports the new
figure, over the bundled case's steps and parts, round and round. Prints the median, the 90th
percentile, and the same for a bare `Plotly.react` of a figure the page already has (the least
a step can cost in this browser), with the ratio.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright
from support.headless import LiveServer, launch_chromium

ROOT = Path(__file__).resolve().parent.parent
GRAPH = "#present-graph .js-plotly-plot"
ROUNDS = 24
TIMEOUT_MS = 10000

MEASURE = """
async ([sel, rounds, timeout]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const graph = () => document.querySelector(sel);
  const drawn = () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no new figure')), timeout);
    graph().once('plotly_afterplot', () => { clearTimeout(timer); resolve(); });
  });
  const step = [], bare = [];
  for (let i = 0; i < rounds; i++) {
    let done = drawn();
    let t0 = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
    await done; await frame();
    step.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 100));

    const gd = graph();
    const copy = {data: gd.data, layout: Object.assign({}, gd.layout, {datarevision: i})};
    t0 = performance.now();
    await Plotly.react(gd, copy.data.map(t => Object.assign({}, t)), copy.layout);
    await frame();
    bare.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 100));
  }
  return {step, bare};
}
"""


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms"


def main() -> None:
    with LiveServer(ROOT / "data" / "cases") as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{server.url}/present?case=axicel-relapsing-icans&days=40:50")
        page.wait_for_function(
            "sel => { const g = document.querySelector(sel); return g && g.data?.length; }",
            arg=GRAPH,
            timeout=60_000,
        )
        times = page.evaluate(MEASURE, [GRAPH, ROUNDS, TIMEOUT_MS])
        browser.close()
    step, bare = times["step"], times["bare"]
    print(f"presenter step, key to painted ({len(step)} steps): {summary(step)}")
    print(f"bare Plotly.react of a figure the page has:  {summary(bare)}")
    print(f"ratio of medians: {statistics.median(step) / statistics.median(bare):.2f}x")


if __name__ == "__main__":
    main()
