"""How fast the upload budget refuses the probes of issue 20, item 3: a CSV of 70,000 header
columns (95 s of CPU before), one of 20,000 columns, and an .xlsx whose shared strings unpack
to about 47 MB (38 s before). Prints each file's size and the median time to its refusal, read
as the page reads an upload (`read_upload`).

Run: PYTHONPATH=tests .venv/bin/python bench/bench_upload_budget.py [--runs N]
(`--runs 1` for a checkout without the budget, where one refusal takes minutes; `--only 70,000`
times one probe.)
"""

from __future__ import annotations

import argparse
import base64
import statistics
import time

from factories import shared_strings_workbook, wide_csv

from components.cases.upload import read_upload
from components.model.csv_text import column_names
from components.model.limits import MAX_SHARED_STRINGS
from components.model.problems import CaseFileError
from components.model.schema import header_problems

PROBES = {
    "70,000-column CSV": (lambda: wide_csv(70_000), "wide.csv"),
    "20,000-column CSV": (lambda: wide_csv(20_000), "wide.csv"),
    "47 MB shared strings XLSX": (shared_strings_workbook, "strings.xlsx"),
    f"{MAX_SHARED_STRINGS + 1:,} shared strings XLSX (under 8 MB)": (
        lambda: shared_strings_workbook(MAX_SHARED_STRINGS + 1, words=""),
        "strings.xlsx",
    ),
}


def refusal_seconds(data_url: str, name: str) -> float:
    started = time.perf_counter()
    try:
        read_upload(data_url, name)
    except CaseFileError:
        return time.perf_counter() - started
    raise AssertionError(f"{name} was not refused")


def header_steps(runs: int) -> None:
    """The header's own steps on 70,000 columns, past the budget (a frame validated directly):
    the duplicate count and the repeat naming were quadratic, 95 s between them."""
    columns = [f"c{i}" for i in range(70_000)]
    for label, step in (
        ("header_problems, 70,000 columns", lambda: header_problems(columns, "wide.csv")),
        ("column_names, 70,000 repeats", lambda: column_names(["c"] * 70_000)),
    ):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            step()
            times.append(time.perf_counter() - started)
        print(f"{label}: {statistics.median(times) * 1000:.0f} ms (median of {runs})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="refusals timed per probe")
    parser.add_argument("--only", default="", help="the probes whose label holds this text")
    args = parser.parse_args()
    runs = args.runs
    if args.only in "header steps":
        header_steps(runs)
    for label, (build, name) in PROBES.items():
        if args.only not in label:
            continue
        data = build()
        url = "data:application/octet-stream;base64," + base64.b64encode(data).decode()
        times = [refusal_seconds(url, name) for _ in range(runs)]
        print(
            f"{label} ({len(data) / 1e6:.2f} MB): refused in "
            f"{statistics.median(times) * 1000:.0f} ms (median of {runs})",
            flush=True,
        )


if __name__ == "__main__":
    main()
