"""Loading and validating synthetic cases of 1k, 10k and 100k events: time and peak memory.

Each size is the synthetic case of bench_timeline.py (about 8 events a day) over as many days
as it takes, cut to the exact count. Stages, each timed on its own (median of a few runs):
read the CSV bytes into text cells, validate them (`validate_event_table`: pandera cell checks,
row rules, duplicates, typing), and finish the event table (derived grades, sorting). Peak
memory is traced (tracemalloc) in a separate run, as tracing slows Python down.
Prints per-size figures and the cost per event relative to the 1k case. The product refuses a
case of more than `MAX_EVENT_ROWS` (10,000) events; the benchmark lifts that limit to show how
the checks themselves scale.

Run: PYTHONPATH=tests .venv/bin/python bench/bench_validation.py
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

import pandas as pd
from bench_timeline import synthetic_rows, text_table

from components.cases.case import MAX_FILE_BYTES, finish_event_table, read_event_text
from components.model.schema import validate_event_table

SIZES = (1_000, 10_000, 100_000)
EVENTS_PER_DAY = 8
RUNS = {1_000: 5, 10_000: 3, 100_000: 3}


def synthetic_csv(count: int) -> bytes:
    days = range(-10, count // EVENTS_PER_DAY + 10)
    table = text_table(synthetic_rows(days)[:count])
    assert len(table) == count, "not enough synthetic rows"
    return table.to_csv(index=False).encode("utf-8")


def read_cells(data: bytes) -> pd.DataFrame:
    """The CSV as the loader reads it, every cell text (within its 5 MiB file limit)."""
    return read_event_text(data, "synthetic.csv")


def validated(cells: pd.DataFrame) -> pd.DataFrame:
    """`validate_event_table` with the product's row limit lifted to the table's size."""
    return validate_event_table(cells, "synthetic.csv", max_rows=len(cells))


def median_s(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mib(work: Callable[[], object]) -> float:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    print("synthetic cases: read CSV, validate, finish (derived grades, sort); medians")
    print(
        f"  {'events':>8} {'MB':>5} {'read s':>7} {'validate s':>10} {'finish s':>9} "
        f"{'total s':>8} {'peak MiB':>9} {'us/event':>9} {'per-event vs 1k':>16}"
    )
    first_per_event = None
    for count in SIZES:
        data = synthetic_csv(count)
        assert len(data) <= MAX_FILE_BYTES, "over the loader's file limit"
        cells = read_cells(data)
        typed = validated(cells)
        runs = RUNS[count]
        read = median_s(lambda data=data: read_cells(data), runs)
        validate = median_s(lambda cells=cells: validated(cells), runs)
        finish = median_s(lambda typed=typed: finish_event_table(typed), runs)
        peak = peak_mib(lambda data=data: finish_event_table(validated(read_cells(data))))
        total = read + validate + finish
        per_event = total / count * 1e6
        first_per_event = first_per_event or per_event
        print(
            f"  {count:>8} {len(data) / 1e6:5.2f} {read:7.3f} {validate:10.3f} {finish:9.3f} "
            f"{total:8.3f} {peak:9.1f} {per_event:9.1f} {per_event / first_per_event:15.2f}x"
        )


if __name__ == "__main__":
    main()
