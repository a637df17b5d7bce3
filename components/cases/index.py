"""The library index: each case's registry fields and per-day series, computed once per case
file and reused while the file is unchanged, so a cohort of a thousand cases is not a thousand
validations and gradings on every page view.

- Keyed by content: a case's key is the digest of its files (`events`, `case.toml` and
  `annotations.csv`, as `cache.content_key` takes it for the case cache). A file's size and
  modification time are checked first; only a case whose stamp moved is hashed, and only a
  case whose hash moved is loaded again.
- The case library lists its cases from it (`statuses`: valid or not, synthetic or not) where
  the stored key is the case's current one, so a server starts without loading every case.
- Stored beside the library, in `<cases>/.case-index/` (a name no case id can take): Parquet,
  which pandas, DuckDB, R and spreadsheet tools open as they are. `cases.parquet` has a row per
  case (and per case that fails validation, with its problems); `series-<token>.parquet` has the
  per-day grades and the treatment marks of every case, in long form. `cases.parquet` names
  its series file, and is replaced last (written to a temporary file and renamed), so a reader
  in any worker sees one whole generation or the one before.
- A folder that cannot be written (or a full disk) is indexed in memory only, with a warning
  in the log, and writing is tried again after RETRY_WRITE_S. A stored index that cannot be
  read is warned about once and written again whole by the next update.
- Each case is read fenced (`case.read_case`): one case that cannot be read is a row with its
  problem, never a failed build.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from components.cases.cache import content_key
from components.cases.case import OURS, Case, case_files, case_ids, read_case
from components.cases.files import Modes
from components.cases.index_files import CASES_FILE, SERIES_META, write_generation
from components.clinical.cohort import (
    FIELD_NAMES,
    SYNDROMES,
    daily_grades,
    drugs_given,
    event_fields,
    grade_text,
    rank_values,
    treatment_marks,
)
from components.clinical.phases import Peak
from components.model.schema import CaseFileError, Problem

log = logging.getLogger(__name__)

INDEX_DIR = ".case-index"
PUBLISHED, SYNTHETIC, UPLOADED = "published", "synthetic", "uploaded"
#: Columns of the series table: a grade day (lane CRS or ICANS, with grade and derived) or a
#: mark (lane a `clinical.cohort.treatment_marks` kind, from day to end_day).
SERIES_COLUMNS = ("case", "lane", "day", "end_day", "grade", "derived")
INT_COLUMNS = (
    "crs_onset_day",
    "crs_max_grade",
    "crs_resolved_day",
    "icans_onset_day",
    "icans_max_grade",
    "icans_resolved_day",
    "intrathecal_first_day",
    "icans_high_day",
    "onset_to_intrathecal",
)
MAX_PROBLEM_TEXT = 5
#: How long a page may use the cohort it last checked before checking the files again.
RECHECK_S = 2.0
#: After a failed write (a full disk, a folder made read-only), how long before the next try.
RETRY_WRITE_S = 60.0

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CaseStatus:
    """What listing a case needs, for the content its key names: how many problems keep it
    from loading (0: it loads), whether its case.toml says it is synthetic, and the text of
    its problem when it has one."""

    key: str
    problems: int
    synthetic: bool
    reason: str = ""

    @classmethod
    def of_problems(cls, key: str, problems: list[Problem]) -> CaseStatus:
        return cls(key, len(problems), False, str(problems[0]) if len(problems) == 1 else "")


@dataclass(frozen=True)
class Cohort:
    """Every case of a library as a row (`cases`) and its series in long form (`series`)."""

    cases: pd.DataFrame
    series: pd.DataFrame

    @property
    def valid(self) -> pd.DataFrame:
        return self.cases[self.cases["problems"] == 0]

    @property
    def invalid(self) -> pd.DataFrame:
        return self.cases[self.cases["problems"] > 0]

    def joined(self, other: Cohort) -> Cohort:
        return Cohort(
            pd.concat([self.cases, other.cases], ignore_index=True),
            pd.concat([self.series, other.series], ignore_index=True),
        )


def case_summary(case: Case, source: str) -> tuple[dict, pd.DataFrame]:
    """A case's row of the index and its series: every value from `clinical.cohort`."""
    fields = event_fields(case.events)
    row: dict[str, object] = {
        "case": case.case_id,
        "title": case.info.title,
        "product": case.info.product,
        "synthetic": case.info.synthetic,
        "source": SYNTHETIC if case.info.synthetic else source,
        "problems": 0,
        "problem_text": "",
        "drugs": "; ".join(drugs_given(case.events)),
        **rank_values(case.events),
    }
    for syndrome in SYNDROMES:
        peak = fields.pop(f"{syndrome.lower()}_max_grade")
        row[f"{syndrome.lower()}_max_grade"] = None if peak is None else peak.grade
        row[f"{syndrome.lower()}_max_derived"] = bool(peak and peak.derived_only)
    row.update(fields)
    grades = pd.concat([daily_grades(case.events, s) for s in SYNDROMES], ignore_index=True)
    grades = grades.rename(columns={"syndrome": "lane"}).assign(end_day=grades["day"])
    marks = treatment_marks(case.events).rename(columns={"kind": "lane"})
    series = pd.concat([grades, marks.assign(grade=0, derived=False)], ignore_index=True)
    return row, series.assign(case=case.case_id)[list(SERIES_COLUMNS)]


def problem_summary(case_id: str, error: CaseFileError) -> dict:
    """The row of a case that fails validation: its problems, never its numbers."""
    listed = "; ".join(str(p) for p in error.problems[:MAX_PROBLEM_TEXT])
    return {
        "case": case_id,
        "title": case_id,
        "source": PUBLISHED,
        "problems": len(error.problems),
        "problem_text": listed,
    }


def typed_cases(rows: list[dict]) -> pd.DataFrame:
    cases = pd.DataFrame(rows)
    for column in (
        *INT_COLUMNS,
        "tocilizumab_doses",
        "icu_days",
        "last_day",
        "icans_high_days",
        "problems",
    ):
        if column not in cases:
            cases[column] = pd.NA
        cases[column] = cases[column].astype("Int64")
    for column in ("synthetic", "anakinra", "died", "crs_max_derived", "icans_max_derived"):
        cases[column] = cases.get(column, pd.Series(False, index=cases.index)).fillna(False)
        cases[column] = cases[column].astype(bool)
    for column in ("title", "product", "drugs", "problem_text", "key", "stamp"):
        cases[column] = cases.get(column, pd.Series("", index=cases.index)).fillna("")
        cases[column] = cases[column].astype(str)
    cases["corticosteroid_dex_eq_mg"] = cases.get(
        "corticosteroid_dex_eq_mg", pd.Series(index=cases.index, dtype=float)
    ).astype(float)
    return cases


def empty_cohort() -> Cohort:
    series = pd.DataFrame(columns=list(SERIES_COLUMNS)).astype(
        {"day": int, "end_day": int, "grade": int, "derived": bool}
    )
    return Cohort(typed_cases([]), series)


def summarise(case: Case, source: str = UPLOADED) -> Cohort:
    """A one-case cohort (an upload, or a case just loaded)."""
    row, series = case_summary(case, source)
    return Cohort(typed_cases([row]), series)


def registry_table(cases: pd.DataFrame) -> pd.DataFrame:
    """The registry fields of valid cases, in `FIELDS` order, as the CSV, the command line and
    the page's table show them (grades as text: '≥3' is a lower bound)."""
    table = cases.copy()
    for syndrome in SYNDROMES:
        key = syndrome.lower()
        table[f"{key}_max_grade"] = [
            grade_text(None if pd.isna(g) else Peak(int(g), 0, bool(d)))
            for g, d in zip(table[f"{key}_max_grade"], table[f"{key}_max_derived"], strict=True)
        ]
    for column in ("synthetic", "anakinra", "died"):
        table[column] = table[column].map({True: "true", False: "false"})
    return table[list(FIELD_NAMES)].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The index on disk.


def _stamp(folder: Path) -> str:
    parts = []
    for path in case_files(folder):
        try:
            info = path.stat()
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return "|".join(parts)


def _content_key(folder: Path) -> str:
    return content_key(case_files(folder))


def _build(folder: Path) -> tuple[dict, pd.DataFrame]:
    """A case folder's row and series; the problems' row when it cannot be read or fails
    validation."""
    case = read_case(folder)
    try:
        if not isinstance(case, CaseFileError):
            return case_summary(case, PUBLISHED)
    except Exception:
        # An error of ours: logged with its traceback, and the other cases are still shown.
        log.exception("case %s could not be summarised", folder.name)
        case = CaseFileError([Problem(folder.name, None, None, "an error of ours", OURS)])
    return problem_summary(folder.name, case), empty_cohort().series


def _built(folders: list[Path], workers: int) -> Iterator[tuple[dict, pd.DataFrame]]:
    if workers <= 1 or len(folders) < 2:
        yield from map(_build, folders)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_build, folders, chunksize=8)


class FolderIndex:
    """The index of one library folder (see the module docstring)."""

    def __init__(self, cases_dir: Path, modes: Modes | None = None):
        self.cases_dir = Path(cases_dir)
        self.index_dir = self.cases_dir / INDEX_DIR
        self.modes = modes or Modes.from_env()
        self._memory: Cohort | None = None
        self._read_stamp: str | None = None
        #: The stamp of a stored index found unreadable (warned about once), and whether the
        #: cohort in memory is not yet on disk, and when writing it may be tried again.
        self._garbage_stamp: str | None = None
        self._unsaved = False
        self._retry_at = 0.0
        #: `statuses` of the cohort last read, so a listing does not walk the table each time.
        self._statuses: tuple[Cohort, dict[str, CaseStatus]] | None = None

    def _cases_path(self) -> Path:
        return self.index_dir / CASES_FILE

    def read(self) -> Cohort:
        """The stored index (or the one kept in memory); an empty one when there is none."""
        path = self._cases_path()
        try:
            stamp = str(path.stat().st_mtime_ns)
        except OSError:
            return self._memory or empty_cohort()
        if self._memory is not None and stamp == self._read_stamp:
            return self._memory
        if stamp == self._garbage_stamp:
            return self._memory or empty_cohort()
        try:
            table = pq.read_table(path)
            series_name = table.schema.metadata[SERIES_META].decode()
            series = pq.read_table(self.index_dir / series_name).to_pandas()
        except (OSError, KeyError, TypeError, pa.ArrowException):
            log.warning("case index %s cannot be read; it is built again", path)
            self._garbage_stamp, self._unsaved = stamp, True
            return self._memory or empty_cohort()
        self._memory, self._read_stamp = Cohort(typed_cases(table.to_pylist()), series), stamp
        return self._memory

    def statuses(self) -> dict[str, CaseStatus]:
        """Each case's status as the stored index (or the one in memory) has it, by case id;
        nothing is loaded or built, and a case's entry is only as current as its key."""
        if self._memory is None and not self._cases_path().exists():
            return {}
        cohort = self.read()
        known = self._statuses
        if known is None or known[0] is not cohort:
            cases = cohort.cases
            columns = ("case", "key", "problems", "synthetic", "problem_text")
            statuses = {
                # A case of one problem: `problem_text` is that problem, said where it is listed.
                case: CaseStatus(key, int(count), bool(synthetic), text if count == 1 else "")
                for case, key, count, synthetic, text in zip(
                    *(cases[c] for c in columns), strict=True
                )
            }
            known = self._statuses = (cohort, statuses)
        return known[1]

    def update(self, progress: Progress | None = None, workers: int = 1) -> tuple[Cohort, int]:
        """The index brought up to date with the folder, and how many cases were (re)built.

        `workers` > 1 loads the changed cases in that many processes (for a cold build from
        the command line; a server builds in its own process).
        """
        stored = self.read()
        ids = case_ids(self.cases_dir)
        stamps = [_stamp(self.cases_dir / case_id) for case_id in ids]
        unchanged = len(stored.cases) and stamps == list(stored.cases["stamp"])
        if unchanged and ids == list(stored.cases["case"]):
            # Nothing moved (the usual check): the stored cohort as it is, not rebuilt row by row.
            if self._unsaved:
                self._write(stored)
            return stored, 0
        known = stored.cases.set_index("case", drop=False) if len(stored.cases) else None
        rows: dict[str, dict] = {}
        stale: list[tuple[str, str, str]] = []
        for case_id, stamp in zip(ids, stamps, strict=True):
            folder = self.cases_dir / case_id
            old = known.loc[case_id] if known is not None and case_id in known.index else None
            key = None if old is None or old["stamp"] == stamp else _content_key(folder)
            if old is not None and (old["stamp"] == stamp or old["key"] == key):
                rows[case_id] = {**old.to_dict(), "stamp": stamp}
            else:
                # Stamp and key taken before the case is read: a file changed while it is
                # built leaves a key that no longer matches, and the case is built again.
                stale.append((case_id, stamp, key or _content_key(folder)))
        kept = stored.series[stored.series["case"].isin(list(rows))]
        series = [kept]
        folders = [self.cases_dir / case_id for case_id, _, _ in stale]
        for done, (built, (case_id, stamp, key)) in enumerate(
            zip(_built(folders, workers), stale, strict=True), start=1
        ):
            row, case_series = built
            rows[case_id] = {**row, "key": key, "stamp": stamp}
            series.append(case_series)
            if progress:
                progress(done, len(stale))
        ordered = [rows[case_id] for case_id in ids]
        cohort = Cohort(
            typed_cases(ordered) if ordered else empty_cohort().cases,
            pd.concat(series, ignore_index=True),
        )
        if stale or self._unsaved or rows_moved(stored.cases, cohort.cases):
            self._write(cohort)
        return cohort, len(stale)

    def _write(self, cohort: Cohort) -> None:
        self._memory, self._unsaved = cohort, True
        if time.monotonic() < self._retry_at:
            return
        try:
            write_generation(self.index_dir, cohort.cases, cohort.series, self.modes)
            self._read_stamp = str(self._cases_path().stat().st_mtime_ns)
            self._unsaved = False
        except OSError as error:
            self._retry_at = time.monotonic() + RETRY_WRITE_S
            log.warning(
                "case index cannot be written in %s (%s); kept in memory, tried again in %.0f s",
                self.index_dir,
                error.strerror,
                RETRY_WRITE_S,
            )


def rows_moved(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    """True when a case's stamp moved (so the stored stamps should be refreshed)."""
    if len(before) != len(after):
        return True
    if before.empty:  # nothing stored and nothing found: an empty table may have no columns
        return False
    return list(before["stamp"]) != list(after["stamp"]) or list(before["case"]) != list(
        after["case"]
    )


#: Every LibraryIndex of this process, for `_unlock_after_fork`.
_INDEXES: weakref.WeakSet[LibraryIndex] = weakref.WeakSet()


def _unlock_after_fork() -> None:
    """gunicorn forks its workers from a master that may be building the index in a thread:
    a lock held by that thread would stay held for good in the worker, which has no such
    thread, and its cohort page would wait forever. Each worker starts with its locks free."""
    for index in _INDEXES:
        index._lock = threading.Lock()


os.register_at_fork(after_in_child=_unlock_after_fork)


class LibraryIndex:
    """The index of every folder of a library, as one cohort."""

    def __init__(self, folders: Sequence[Path], modes: Modes | None = None):
        self.folders = [FolderIndex(folder, modes) for folder in folders]
        # One update at a time in a process: a page waits for the start-up build, not beside it.
        self._lock = threading.Lock()
        self._checked: tuple[float, Cohort] | None = None
        _INDEXES.add(self)

    def current(self, max_age_s: float = RECHECK_S) -> Cohort:
        """The cohort, checked against the files at most every `max_age_s` seconds: a person
        changing the view several times a second does not stat every case file each time."""
        checked = self._checked
        if checked and time.monotonic() - checked[0] < max_age_s:
            return checked[1]
        cohort, _ = self.update()
        return cohort

    def update(self, progress: Progress | None = None, workers: int = 1) -> tuple[Cohort, int]:
        cohort, built = empty_cohort(), 0
        with self._lock:
            for folder in self.folders:
                part, count = folder.update(progress, workers)
                cohort, built = cohort.joined(part), built + count
            self._checked = (time.monotonic(), cohort)
        return cohort, built

    def statuses(self, cases_dir: Path) -> dict[str, CaseStatus]:
        """`FolderIndex.statuses` of one of the library's folders."""
        for folder in self.folders:
            if folder.cases_dir == Path(cases_dir):
                return folder.statuses()
        return {}
