"""Range change to repainted figure, in headless Chromium, against a bare Plotly.relayout.

A person clicks a preset button; the dashboard's clientside callback relayouts the figure. The
baseline is `Plotly.relayout` of the same figure in the same page, the least any range change
can cost. Both are timed inside the page (performance.now) to the next animation frame after
the figure reports the relayout, alternating between two ranges. Prints medians and the ratio.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright
from support.headless import GRAPH_SELECTOR, LiveServer, launch_chromium, wait_for_timeline

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 30
TIMEOUT_MS = 5000

MEASURE = """
async ([sel, rounds, timeout]) => {
  const gd = document.querySelector(sel);
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const relayouted = () => new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no relayout in round ' + window.__round)), timeout);
    gd.once('plotly_relayout', () => { clearTimeout(timer); resolve(); });
  });
  const buttons = [...document.querySelectorAll('button')].filter(
    b => /^(First two weeks|Intrathecal therapy)/.test(b.textContent));
  const app = [], bare = [];
  window.__round = 0;
  for (let i = 0; i < rounds; i++) {
    window.__round = i;
    let done = relayouted();
    let t0 = performance.now();
    buttons[i % 2].click();
    await done; await frame();
    app.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 50));

    // A range neither preset shows, so that the next click is a real change.
    const range = i % 2 ? [19.5, 30.5] : [21.5, 32.5];
    t0 = performance.now();
    await Plotly.relayout(gd, {'xaxis.range': range});
    await frame();
    bare.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 50));
  }
  return {app, bare};
}
"""


def main() -> None:
    with LiveServer(ROOT / "data" / "cases") as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        wait_for_timeline(page, server.url + "/")
        page.wait_for_timeout(500)
        timings = page.evaluate(MEASURE, [GRAPH_SELECTOR, ROUNDS, TIMEOUT_MS])
        browser.close()
    app, bare = statistics.median(timings["app"]), statistics.median(timings["bare"])
    print(f"range change, seed case, {ROUNDS} rounds each, headless Chromium")
    print(f"  preset click to repaint (dashboard): median {app:7.1f} ms")
    print(f"  bare Plotly.relayout to repaint:     median {bare:7.1f} ms")
    print(f"  ratio dashboard / bare relayout:     {app / bare:7.2f}x")


if __name__ == "__main__":
    main()
