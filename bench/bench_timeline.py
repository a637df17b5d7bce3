"""Server-side cost of the timeline figure: the whole figure and each lane, for the seed case
and for a synthetic case of about 2,000 events. Prints medians (ms) and the ratio between the
two cases; no assertions.

Run: PYTHONPATH=tests .venv/bin/python bench/bench_timeline.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from components.cases.case import finish_event_table, load_case
from components.figures.lanes.registry import LANES
from components.figures.theme import SCREEN_THEME
from components.figures.timeline.figure import build_timeline
from components.model.columns import EVENT_COLUMNS
from components.model.schema import validate_event_table

ROOT = Path(__file__).resolve().parent.parent

RUNS = 20
SYNTHETIC_DAYS = range(-10, 235)
DRUGS = [
    ("Dexamethasone", "10", "mg", "", "QID"),
    ("Levetiracetam", "500", "mg", "", "BID"),
    ("Anakinra", "100", "mg", "SC", "daily"),
    ("Methotrexate", "15", "mg", "IT", "once"),
]


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic_rows(days: range = SYNTHETIC_DAYS, seed: int = 7) -> list[dict[str, str]]:
    """About 8 events a day, as the cells of a file: daily grades, scores and labs, weekly CSF
    taps, doses, dosing spans, ICU stays and imaging."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, str]] = []

    def add(day: int, category: str, item: str, value: str = "", **cells: str) -> None:
        rows.append(
            {
                "day": str(day),
                "category": category,
                "item": item,
                "value": value,
                "source": "Synthetic",
                "basis": "reported",
                **cells,
            }
        )

    for day in days:
        add(day, "grade", "ICANS", str(rng.integers(0, 5)))
        add(day, "grade", "CRS", str(rng.integers(0, 5)))
        low = int(rng.integers(0, 9))
        add(day, "score", "ICE", str(low), value_max=str(low + int(rng.integers(0, 2))))
        add(day, "score", "GCS", str(rng.integers(3, 16)), detail="E3M5V4")
        add(day, "lab", "CRP", f"{rng.uniform(1, 300):.1f}", unit="mg/L")
        add(day, "lab", "Ferritin", f"{rng.uniform(100, 20000):.0f}", unit="ug/L")
        item, dose, unit, route, frequency = DRUGS[day % len(DRUGS)]
        add(day, "drug", item, dose, unit=unit, route=route, frequency=frequency)
        if day % 7 == 0:
            add(day, "csf", "CSF total protein", f"{rng.uniform(0.2, 1):.2f}", unit="g/L")
            add(day, "csf", "CSF CAR T-cells", f"{rng.uniform(0, 80):.1f}", unit="%")
            add(day, "csf", "CSF glucose", f"{rng.uniform(3, 6):.1f}", unit="mmol/L")
            add(day, "csf", "CSF PCR", detail="Negative")
            add(day, "imaging", "MRI brain", detail="Findings")
            add(day, "procedure", "EEG", detail="Slow activity")
        if day % 10 == 0:
            add(
                day,
                "drug",
                "Dexamethasone",
                "10",
                end_day=str(day + 4),
                unit="mg",
                frequency="daily",
                basis="derived",
                detail="Assumed",
            )
            add(day, "status", "ICU stay", end_day=str(day + 3))
            add(day, "symptom", "Seizure", detail="Focal")
    return rows


def text_table(rows: list[dict[str, str]]) -> pd.DataFrame:
    """The rows as a file reads: every column, every cell text."""
    return pd.DataFrame([{c: row.get(c, "") for c in EVENT_COLUMNS} for row in rows])


def synthetic_events(seed: int = 7) -> pd.DataFrame:
    """About 2,000 events over 245 days, loaded through the same validation as a file."""
    text = text_table(synthetic_rows(SYNTHETIC_DAYS, seed))
    return finish_event_table(validate_event_table(text, "synthetic.csv"))


def report(label: str, events: pd.DataFrame) -> float:
    whole = median_ms(lambda: build_timeline(events))
    print(f"{label} ({len(events)} events): full timeline {whole:.1f} ms (median of {RUNS})")
    for key, spec in LANES.items():
        lane_ms = median_ms(lambda spec=spec: spec.build(events, SCREEN_THEME))
        print(f"{label}: lane {key:<6} {lane_ms:6.1f} ms")
    return whole


def main() -> None:
    seed = load_case(ROOT / "data" / "cases" / "axicel-relapsing-icans").events
    synthetic = synthetic_events()
    seed_ms = report("seed case", seed)
    synthetic_ms = report("synthetic case", synthetic)
    print(
        f"synthetic / seed, full timeline: {synthetic_ms / seed_ms:.2f}x "
        f"for {len(synthetic) / len(seed):.1f}x the events"
    )


if __name__ == "__main__":
    main()
