"""The cohort at scale: 100 and 1,000 synthetic cases (`case-timeline synth`).

For each size, in a fresh temporary library:
- index build, cold (every case loaded, validated and graded; all cores), and warm: nothing
  changed (a fresh process's first read, and a running server's check), and one case changed;
- the cohort page to a painted swimmer plot in headless Chromium (warm: the index is built and
  the page was opened once), timed in the page from navigation start;
- an align / rank / filter change to the repainted figure (Python's clock around the option
  click and the figure showing the new view), by kind, and the server's share of a filter
  change (the filter's cases under every alignment, as JSON) timed in this process; an align
  or rank change is drawn in the browser (assets/cohort.js).
Prints medians. Targets: 1,000 cases warm page < 2 s, a change < 300 ms, a warm index update
after one changed case < 1 s.

`--library DIR` keeps the synthetic libraries (`DIR/<size>`) and their index between runs: the
cold build (minutes for 1,000 cases) is paid by the first run only, and later runs say "reused".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from plotly.utils import PlotlyJSONEncoder
from support.headless import LiveServer, launch_chromium

from components.cases.index import CASES_FILE, INDEX_DIR, LibraryIndex
from components.cases.synth import write_synthetic_cases
from components.figures.cohort.browser_views import view_data
from components.figures.theme import SCREEN_THEME
from components.model.cohort_view import CohortView
from components.model.columns import EVENT_COLUMNS
from components.web import ids

SIZES = (100, 1000)
WORKERS = os.cpu_count() or 1
PAGE_ROUNDS, CHANGE_ROUNDS, WARM_ROUNDS = 3, 3, 5
PAINTED = f"#{ids.COHORT_FIGURE} .js-plotly-plot .barlayer .point"
CHANGES = (
    ("align", ids.COHORT_ALIGN, "ICANS onset", "days from ICANS onset"),
    ("align", ids.COHORT_ALIGN, "CAR-T infusion (day 0)", "days from CAR-T infusion"),
    ("rank", ids.COHORT_RANK, "highest ICANS grade", "ranked by highest ICANS grade"),
    ("rank", ids.COHORT_RANK, "case name", "ranked by case name"),
    ("filter", '{"index":"outcome","type":"cohort-filter"}', "alive", "outcome alive"),
)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def index_timings(folder: Path) -> dict[str, float | None]:
    """The index's timings; `cold` is None when the folder's index was built by an earlier run."""
    reused = (folder / INDEX_DIR / CASES_FILE).exists()
    cold = None if reused else timed(lambda: LibraryIndex([folder]).update(workers=WORKERS))
    fresh = statistics.median(
        timed(lambda: LibraryIndex([folder]).update()) for _ in range(WARM_ROUNDS)
    )
    running = LibraryIndex([folder])
    running.update()
    check = statistics.median(timed(running.update) for _ in range(WARM_ROUNDS))
    events = folder / "synthetic-001" / "events.csv"
    original = events.read_text()
    changed = []
    for day in range(WARM_ROUNDS):
        cells = {"day": str(60 + day), "category": "outcome", "item": "Last follow-up"}
        cells |= {"source": "Bench", "basis": "reported"}
        events.write_text(original + ",".join(cells.get(c, "") for c in EVENT_COLUMNS) + "\n")
        changed.append(timed(running.update))
    events.write_text(original)
    running.update()
    return {"cold": cold, "fresh": fresh, "check": check, "changed": statistics.median(changed)}


def server_share(folder: Path) -> float:
    """The server's work for a filter change: the filter's cases under every alignment, as
    JSON (an align or rank change asks the server nothing; the cases are sent once a page)."""
    cohort, _ = LibraryIndex([folder]).update()

    def change() -> None:
        view = CohortView(filters=(("outcome", "alive"),))
        json.dumps(view_data(cohort, view, SCREEN_THEME), cls=PlotlyJSONEncoder)

    change()
    return statistics.median(timed(change) for _ in range(WARM_ROUNDS))


def page_timings(folder: Path) -> tuple[float, dict[str, float]]:
    """The warm page's median paint, and the median change: overall and by kind."""
    with LiveServer(folder) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        loads = []
        for _ in range(PAGE_ROUNDS + 1):
            page.goto(f"{server.url}/cohort", wait_until="commit")
            page.wait_for_selector(PAINTED, timeout=120_000)
            loads.append(page.evaluate("performance.now()") / 1000)
        changes: dict[str, list[float]] = {"all": []}
        for _ in range(CHANGE_ROUNDS):
            for kind, dropdown, option, shows in CHANGES:
                page.locator(f"[id='{dropdown}']").click()
                started = time.perf_counter()
                page.get_by_role("option", name=option, exact=True).click()
                page.wait_for_function(
                    """([fig, text]) => {
                        const gd = document.querySelector(`#${fig} .js-plotly-plot`);
                        const cap = document.getElementById('cohort-caption').textContent;
                        return gd && (gd.layout.xaxis2.title.text.startsWith(text)
                                      || cap.includes(text));
                    }""",
                    arg=[ids.COHORT_FIGURE, shows],
                    timeout=60_000,
                )
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                took = time.perf_counter() - started
                changes["all"].append(took)
                changes.setdefault(kind, []).append(took)
            page.goto(f"{server.url}/cohort", wait_until="commit")
            page.wait_for_selector(PAINTED, timeout=120_000)
        browser.close()
    return statistics.median(loads[1:]), {k: statistics.median(v) for k, v in changes.items()}


def measure(folder: Path, size: int) -> tuple[dict, float, float, dict[str, float]]:
    """Every timing for a library of `size` synthetic cases in `folder` (written when empty)."""
    if not (folder / "synthetic-001").exists():
        write_synthetic_cases(folder, size, seed=2017)
    index = index_timings(folder)
    return index, server_share(folder), *page_timings(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="e.g. 100,1000")
    parser.add_argument(
        "--library",
        type=Path,
        help="keep the libraries and their index here (DIR/<size>) between runs",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    print(f"cohort benchmark, {os.cpu_count()} cores, headless Chromium; medians")
    for size in sizes:
        if args.library:
            folder = args.library / str(size)
            folder.mkdir(parents=True, exist_ok=True)
            index, share, load, change = measure(folder, size)
        else:
            with tempfile.TemporaryDirectory(prefix="cohort-bench-") as tmp:
                index, share, load, change = measure(Path(tmp), size)
        cold = "  reused" if index["cold"] is None else f"{index['cold']:6.1f} s"
        print(f"{size} cases:")
        print(f"  index build, cold ({WORKERS} processes):      {cold}")
        print(f"  index, warm, fresh process reads it:     {index['fresh'] * 1000:8.0f} ms")
        print(f"  index, warm, running server's check:      {index['check'] * 1000:8.0f} ms")
        print(f"  index, warm, one case changed:            {index['changed'] * 1000:8.0f} ms")
        print(f"  cohort page to painted swimmers (warm):  {load * 1000:8.0f} ms")
        print(f"  align/rank/filter change to repaint:      {change['all'] * 1000:8.0f} ms")
        for kind in ("align", "rank", "filter"):
            print(f"    {kind + ' change':<38}{change[kind] * 1000:8.0f} ms")
        print(f"    a filter change's server work:          {share * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
