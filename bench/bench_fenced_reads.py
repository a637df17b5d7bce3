"""What an odd file in a case folder costs (issue 20, item 1): a refusal is cheap and one odd case
costs the listing no more than a valid one.

- Refusing an annotations.csv or a case.toml far over its limit (50 MB): the size is checked
  before a byte is read (`cases.files.read_bytes`), so the refusal does not grow with the file.
- Refusing each probe of `tests/support/odd_files.py` (the file's bytes to its problem).
- Listing a library of the bundled case and one odd case, cold (a fresh library, nothing loaded
  or indexed), beside the same library with a valid copy instead.

Prints medians of ROUNDS runs, in milliseconds.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from support.odd_files import PROBES, odd_case

from components.cases.case import BUNDLED_CASE_ID, BUNDLED_CASES_DIR, read_case
from components.cases.library import CaseLibrary
from components.cases.notes import read_notes
from components.model.problems import CaseFileError

ROUNDS = 7
HUGE_BYTES = 50 * 1024 * 1024
SEED = BUNDLED_CASES_DIR / BUNDLED_CASE_ID


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def refused(read: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            read()
        except CaseFileError:
            return
        raise AssertionError("not refused")

    return run


def listing_ms(root: Path, second: Callable[[Path], object]) -> float:
    """A cold listing of the bundled case and a second case made by `second`."""

    def cold() -> None:
        library_dir = Path(tempfile.mkdtemp(dir=root))
        shutil.copytree(SEED, library_dir / SEED.name)
        second(library_dir / "aaa-second")
        started = time.perf_counter()
        CaseLibrary(library_dir).listing()
        times.append((time.perf_counter() - started) * 1000)
        shutil.rmtree(library_dir)

    times: list[float] = []
    for _ in range(ROUNDS):
        cold()
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        huge = root / "annotations.csv"
        with huge.open("wb") as stream:
            stream.truncate(HUGE_BYTES)
        took = median_ms(refused(lambda: read_notes(huge)))
        print(f"refuse a {HUGE_BYTES >> 20} MB annotations.csv: {took:.2f} ms")
        for probe in PROBES:
            case = root / probe.replace(" ", "-").replace(",", "")
            odd_case(SEED, case, probe)
            took = median_ms(lambda case=case: read_case(case))
            print(f"refuse the case of {probe!r}: {took:.1f} ms")
        valid = listing_ms(root, lambda folder: shutil.copytree(SEED, folder))
        odd = listing_ms(root, lambda folder: odd_case(SEED, folder, "latin-1 notes"))
        print(f"cold listing, bundled case + a valid copy: {valid:.0f} ms")
        print(f"cold listing, bundled case + a case with a Latin-1 annotations.csv: {odd:.0f} ms")


if __name__ == "__main__":
    main()
