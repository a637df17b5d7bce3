"""Start-up with a library of cases: how long before the dashboard can answer.

Two libraries, each copied to a fresh temporary folder: the 41 bundled cases (data/cases and
data/synthetic, served together as by default) and 300 synthetic cases (`case-timeline synth
--cases 300 --seed 2017`). For each, and for each checkout named with `--root` (a `git archive`
of main for "before", say; this checkout by default):
- `create_app` in a fresh process (the work gunicorn's master does before forking), with no
  library index (`.case-index/` absent: a first start, or a folder nobody can write), and with
  the index that checkout's `case-timeline index` built;
- gunicorn as `make serve` runs it (gunicorn.conf.py, 2 workers), index built: from starting
  the process to the first 200 for `/` (a page with the first case's timeline in it).

The checkouts take turns within each round, so a busy moment of this shared machine falls on
both. `--measures cold,warm` leaves gunicorn out and builds the index once, with the last
checkout's code, for every checkout (one that does not read the index for its listing loads
every case either way). Prints medians and the ratio of the first checkout to the last;
asserts nothing.
Command: `PYTHONPATH=tests .venv/bin/python bench/bench_startup.py [--root DIR ...]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from support.headless import GunicornServer

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC_CASES, SEED = 300, 2017
INDEX_DIR = ".case-index"
START_TIMEOUT_S = 1800.0
MEASURES = {
    "cold": "create_app, no index",
    "warm": "create_app, index built",
    "page": "gunicorn to first page",
}

#: Run in a fresh interpreter with the checkout's code: the seconds `create_app` takes. It
#: leaves with `os._exit`: the index thread `create_app` starts may be inside pyarrow, which
#: aborts ("terminate called without an active exception") if the interpreter shuts down.
CREATE_APP = """
import os, time
t = time.perf_counter()
from components.web.app import create_app
create_app()
print(time.perf_counter() - t, flush=True)
os._exit(0)
"""


def run_code(root: Path, env: dict[str, str], *args: str) -> str:
    """A command of `root`'s code (its own `components`, not this checkout's) and its stdout."""
    env = {**os.environ, **env, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def library_env(folders: list[Path]) -> dict[str, str]:
    return {"CASE_TIMELINE_CASES": os.pathsep.join(map(str, folders))}


def create_app_seconds(root: Path, folders: list[Path]) -> float:
    return float(run_code(root, library_env(folders), "-c", CREATE_APP).split()[-1])


def first_page_seconds(root: Path, folders: list[Path]) -> float:
    """From starting gunicorn to the first 200 for `/`."""
    GunicornServer.ROOT = root
    GunicornServer.START_TIMEOUT_S = START_TIMEOUT_S
    started = time.perf_counter()
    server = GunicornServer(
        folders[0], workers=2, env={**library_env(folders), "PYTHONPATH": str(root)}
    )
    with server, urllib.request.urlopen(server.url + "/", timeout=START_TIMEOUT_S) as page:
        page.read()
        if page.status != 200:
            raise RuntimeError(f"/ answered {page.status}")
        return time.perf_counter() - started


class Indexes:
    """Each checkout's own index of the library, built once and put in place on demand."""

    def __init__(self, folders: list[Path], saved: Path):
        self.folders, self.saved = folders, saved

    def _copy(self, root: Path, folder: Path) -> Path:
        return self.saved / root.as_posix().strip("/").replace("/", "_") / folder.name

    def build(self, root: Path) -> None:
        self.drop()
        cases = [arg for folder in self.folders for arg in ("--cases", str(folder))]
        run_code(root, {}, "-m", "components.cli", "index", *cases, "--workers", "1")
        for folder in self.folders:
            shutil.copytree(folder / INDEX_DIR, self._copy(root, folder))

    def drop(self) -> None:
        for folder in self.folders:
            shutil.rmtree(folder / INDEX_DIR, ignore_errors=True)

    def put(self, root: Path) -> None:
        """`root`'s own index, or the one index built when only one was."""
        built = sorted(self.saved.iterdir())
        source = self._copy(root, self.folders[0]).parent
        self.drop()
        for folder in self.folders:
            shutil.copytree(
                (source if source in built else built[0]) / folder.name, folder / INDEX_DIR
            )


def library(kind: str, tmp: Path) -> list[Path]:
    if kind == "bundled":
        folders = [tmp / "cases", tmp / "synthetic"]
        for source, folder in zip(("cases", "synthetic"), folders, strict=True):
            shutil.copytree(
                ROOT / "data" / source, folder, ignore=shutil.ignore_patterns(INDEX_DIR)
            )
        return folders
    from components.cases.synth import write_synthetic_cases

    write_synthetic_cases(tmp / "synthetic", SYNTHETIC_CASES, SEED)
    return [tmp / "synthetic"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, action="append", help="a checkout whose code runs")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each measure")
    parser.add_argument("--libraries", default="bundled,synthetic", help="bundled,synthetic")
    parser.add_argument("--measures", default="cold,warm,page", help="cold,warm,page")
    args = parser.parse_args()
    measures = args.measures.split(",")
    roots = [root.resolve() for root in args.root or [ROOT]]
    print(f"start-up benchmark, {os.cpu_count()} cores; medians of {args.rounds}")
    for number, root in enumerate(roots, start=1):
        print(f"  checkout {number}: {root}")
    for kind in args.libraries.split(","):
        with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
            folders = library(kind, Path(tmp) / "library")
            count = sum(1 for f in folders for p in f.iterdir() if p.is_dir())
            indexes = Indexes(folders, Path(tmp) / "indexes")
            for root in roots if "page" in measures else roots[-1:]:
                indexes.build(root)
            times: dict[tuple[Path, str], list[float]] = {}
            for _ in range(args.rounds):
                for root in roots:
                    for measure in measures:
                        if measure == "cold":
                            indexes.drop()
                            seconds = create_app_seconds(root, folders)
                        else:
                            indexes.put(root)
                            measured = (
                                create_app_seconds if measure == "warm" else first_page_seconds
                            )
                            seconds = measured(root, folders)
                        times.setdefault((root, measure), []).append(seconds)
        print(f"{kind} library, {count} cases:")
        for measure in measures:
            medians = [statistics.median(times[root, measure]) for root in roots]
            cells = "  ".join(f"{m:7.2f} s" for m in medians)
            ratio = f"  ({medians[0] / medians[-1]:.1f}x)" if len(roots) > 1 else ""
            print(f"  {MEASURES[measure]:26} {cells}{ratio}")


if __name__ == "__main__":
    main()
