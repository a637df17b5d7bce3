"""How fast a long workbook is refused: 200,000 rows under the size and zip-bomb limits
(issue 16, finding 4: it took 17 s when the row limit was checked after the whole sheet was
parsed). Prints the file's size, what it unpacks to, and the median time to refusal.

Run: PYTHONPATH=tests .venv/bin/python bench/bench_workbook.py
"""

from __future__ import annotations

import base64
import io
import statistics
import time
import zipfile

import pandas as pd
from factories import long_workbook

from components.cases.upload import read_upload
from components.model.problems import CaseFileError

RUNS = 5


def refusal_seconds(data_url: str) -> float:
    started = time.perf_counter()
    try:
        read_upload(data_url, "long.xlsx")
    except CaseFileError as error:
        assert "rows" in str(error), error
    else:
        raise AssertionError("the workbook was not refused")
    return time.perf_counter() - started


def whole_sheet_seconds(data: bytes) -> float:
    """What the refusal cost before: pandas parsing the whole sheet, then counting rows."""
    started = time.perf_counter()
    rows = len(pd.read_excel(io.BytesIO(data), engine="openpyxl", dtype=object))
    assert rows > 10_000
    return time.perf_counter() - started


def main() -> None:
    before = whole_sheet_seconds(long_workbook(200_000, cells=5))
    print(f"200,000 rows x 5 cells, whole sheet parsed first (as before): {before:.1f} s (1 run)")
    for rows, cells in ((200_000, 1), (200_000, 5)):
        data = long_workbook(rows, cells=cells)
        unpacked = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(data)).infolist())
        url = "data:application/octet-stream;base64," + base64.b64encode(data).decode()
        times = [refusal_seconds(url) for _ in range(RUNS)]
        print(
            f"{rows:,} rows x {cells} cells: {len(data) / 1e6:.1f} MB, unpacks to "
            f"{unpacked / 1e6:.1f} MB; refused in {statistics.median(times) * 1000:.0f} ms "
            f"(median of {RUNS})"
        )


if __name__ == "__main__":
    main()
