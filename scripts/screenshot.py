"""The README's pictures, from the product as it is (`make screenshot`): the dashboard as a
laptop's first screen (1366 x 768), the presenter view at 1920 x 1080, and one exported slide;
with `--cohort`, the cohort page of the published and synthetic cases.

Serves the bundled cases, opens the pages in headless Chromium and exports the slide with the
same code as `case-timeline export`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright
from support.headless import LiveServer, launch_chromium, wait_for_timeline

from components.cases.case import load_case
from components.export.renderer import FigureRenderer
from components.export.slides import slide_figures

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "data" / "cases"
SEED = "axicel-relapsing-icans"
QUERY = f"?case={SEED}&days=40:50"
PRESENTER_GRAPH = "#present-graph .js-plotly-plot"
COHORT_PAINTED = "#cohort-figure .js-plotly-plot .barlayer .point"


def presenter(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(
        "sel => { const g = document.querySelector(sel); return g && g.data && g.data.length; }",
        arg=PRESENTER_GRAPH,
    )


def exported_slide(out: Path) -> None:
    """The first slide of the bundled case's days 40 to 50, as the export writes it."""
    case = load_case(CASES / SEED)
    renderer = FigureRenderer()
    try:
        figure = slide_figures(case, (40, 50), None, case.info.title, notes=case.notes)[0]
        out.write_bytes(renderer.render(figure, "png"))
    finally:
        renderer.stop()


def cohort(out: Path, query: str) -> None:
    """The cohort page at 1600 x 1000, whole page (the library with the synthetic cases)."""
    with LiveServer(None) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{server.url}/cohort{query}")
        page.wait_for_selector(COHORT_PAINTED, timeout=120_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs", help="a folder; a file with --cohort"
    )
    parser.add_argument("--cohort", action="store_true", help="the cohort page")
    parser.add_argument("--query", default="", help="the cohort page's URL query")
    args = parser.parse_args()
    if args.cohort:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        cohort(args.out, args.query)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    with LiveServer(CASES) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        wait_for_timeline(page, f"{server.url}/{QUERY}")
        page.wait_for_timeout(500)  # let the headline cards and table settle
        page.screenshot(path=str(args.out / "dashboard.png"))
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        presenter(page, f"{server.url}/present{QUERY}&lanes=icans,neuro,drugs")
        page.wait_for_timeout(500)
        page.screenshot(path=str(args.out / "presenter.png"))
        browser.close()
    exported_slide(args.out / "slide.png")
    for name in ("dashboard.png", "presenter.png", "slide.png"):
        print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
