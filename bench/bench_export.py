"""Export time per figure and format: cold and warm, against a plain `fig.write_image`.

Cold is the first export of a fresh renderer (Chromium starts); warm reuses the one browser the
renderer keeps. The baseline is plotly's `fig.write_image` per call, as a script would do it.
Prints medians over a few rounds on the seed case, days 40-50, at 1920x1080.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from components.cases.case import load_case
from components.export.renderer import FigureRenderer
from components.export.slides import slide_figure

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    case = load_case(ROOT / "data" / "cases" / "axicel-relapsing-icans")
    figure = slide_figure(case, (40, 50), None, case.info.title)
    print(f"export of one slide figure (seed case, days 40-50, 1920x1080), {ROUNDS} rounds")
    print(
        f"  {'format':6} {'cold s':>8} {'warm s':>8} {'write_image s':>14} {'warm/write_image':>17}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for fmt in ("png", "svg", "pdf"):
            renderer = FigureRenderer()
            cold = timed(lambda fmt=fmt, renderer=renderer: renderer.render(figure, fmt))
            warm = statistics.median(
                timed(lambda fmt=fmt, renderer=renderer: renderer.render(figure, fmt))
                for _ in range(ROUNDS)
            )
            renderer.stop()
            target = Path(scratch) / f"figure.{fmt}"
            plain = statistics.median(
                timed(
                    lambda fmt=fmt, target=target: figure.write_image(
                        target, width=1920, height=1080
                    )
                )
                for _ in range(ROUNDS)
            )
            print(f"  {fmt:6} {cold:8.2f} {warm:8.2f} {plain:14.2f} {warm / plain:17.2f}x")


if __name__ == "__main__":
    main()
