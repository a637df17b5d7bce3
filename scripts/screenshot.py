"""Screenshot of the running dashboard for the README (`make screenshot`).

Serves the bundled cases, opens the page in headless Chromium and saves a PNG, so the picture in
the README is always the product as it is.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright
from support.headless import LiveServer, launch_chromium, wait_for_timeline

ROOT = Path(__file__).resolve().parent.parent
COHORT_PAINTED = "#cohort-figure .js-plotly-plot .barlayer .point"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dashboard.png")
    parser.add_argument("--query", default="", help="URL query, e.g. '?days=40:50'")
    parser.add_argument(
        "--cohort", action="store_true", help="the cohort page of the published and synthetic cases"
    )
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    cases = None if args.cohort else ROOT / "data" / "cases"
    with LiveServer(cases) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        if args.cohort:
            page.goto(f"{server.url}/cohort{args.query}")
            page.wait_for_selector(COHORT_PAINTED, timeout=120_000)
        else:
            wait_for_timeline(page, f"{server.url}/{args.query}")
        page.wait_for_timeout(500)  # let the headline cards and table settle
        page.screenshot(path=str(args.out), full_page=True)
        browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
