"""The case library: the case folders under one directory, loaded once per change on disk.

What the library shows is what it can load (`listing`): one folder with problems is listed
with them, apart, and never stands in the way of the others. The listing reads what the
library index already knows of a case whose files are as the index saw them, and loads only
the others, so a server with a current index starts without loading a case.

What is written to it (`add`) is checked first with the same loader and limits as an upload,
whoever sent it, and counted against the library's own limits (number of cases, total size).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from components.cases.cache import LruCache, content_key
from components.cases.case import (
    BUNDLED_CASES_DIR,
    CASE_FILE_NAME,
    CSV,
    MAX_HEADER_BYTES,
    MEGABYTE,
    Case,
    CaseInfo,
    case_files,
    case_folder,
    case_ids,
    case_toml,
    read_case,
    read_event_text,
)
from components.cases.files import Modes, not_written, write_text
from components.cases.index import INDEX_DIR, CaseStatus, LibraryIndex
from components.cases.notes import Note, SavedNotes, save_notes
from components.model.csv_text import csv_text
from components.model.problems import CaseFileError, Problem
from components.model.schema import validate_event_table

EVENTS_CSV = "events.csv"
#: The library folder a server or command uses when none is named.
CASES_ENV = "CASE_TIMELINE_CASES"
MAX_SLUG_LENGTH = 40
#: Tried in turn after the plain name: `my-case`, `my-case-2`, ... `my-case-99`.
MAX_NAME_SUFFIX = 99
#: What a library takes by default before it refuses another case (`CaseLibrary.add`).
MAX_LIBRARY_CASES = 200
MAX_LIBRARY_BYTES = 500 * MEGABYTE
#: Loaded cases a worker keeps (each a few MB at most: the loader's file limit is 5 MiB).
CACHED_CASES = 16
#: What a save or an index write leaves while it works; one older than ORPHAN_AGE_S was left
#: by a process killed mid-write (a save takes well under a second) and is swept at start.
ORPHAN_PATTERNS = (".saving-*", f"{INDEX_DIR}/.writing-*.parquet", "*/.annotations-*.csv")
ORPHAN_AGE_S = 60.0
#: A broken case's label in the case selector shows its one problem up to this length.
MAX_REASON_LABEL = 100

log = logging.getLogger(__name__)


def _stamp(path: Path) -> tuple[int, int]:
    """A file's time and size, (0, 0) when it is missing or cannot be seen: one `stat`."""
    try:
        info = path.stat()
    except OSError:
        return 0, 0
    return info.st_mtime_ns, info.st_size


def _folder_bytes(folder: Path) -> int:
    """The bytes of a case folder's files; none counted where the folder cannot be read."""
    try:
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    except OSError:
        return 0


def case_slug(name: str) -> str:
    """A case id made from a title or file name: 'Relapsing ICANS (2024)' -> 'relapsing-icans-2024'.

    Only a-z, 0-9 and '-' survive, so '../' or a drive letter cannot reach the id.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_SLUG_LENGTH].strip("-")
    return slug or "case"


#: The bundled synthetic demonstration cohort (`case-timeline synth`), served beside the
#: published cases when no library folder is named.
BUNDLED_SYNTHETIC_DIR = BUNDLED_CASES_DIR.parent / "synthetic"


def default_library_dirs() -> list[Path]:
    """The library's folders: those in $CASE_TIMELINE_CASES (several joined by the path
    separator, ':' on Linux), else the bundled published cases and the synthetic set."""
    named = os.environ.get(CASES_ENV)
    if named:
        return [Path(part) for part in named.split(os.pathsep) if part]
    return [BUNDLED_CASES_DIR, BUNDLED_SYNTHETIC_DIR]


def default_cases_dir() -> Path:
    """The first library folder: where a saved upload goes."""
    return default_library_dirs()[0]


@dataclass(frozen=True)
class Listing:
    """The library's cases: those that load (`shown`, by id) and those that do not, with
    their number of problems (`broken`; `CaseLibrary.problems` says what they are) and, for
    a case with one problem, that problem (`reasons`)."""

    shown: list[str]
    broken: dict[str, int] = field(default_factory=dict)
    #: The shown cases whose case.toml says they are synthetic.
    synthetic: frozenset[str] = frozenset()
    reasons: dict[str, str] = field(default_factory=dict)

    def broken_labels(self) -> dict[str, str]:
        """How a case that cannot be shown is named where a person picks a case: its one
        problem, or how many it has."""
        labels = {}
        for case_id, count in self.broken.items():
            reason = self.reasons.get(case_id, "")
            if len(reason) > MAX_REASON_LABEL:
                reason = reason[: MAX_REASON_LABEL - 1] + "…"
            said = reason or f"{count} problem" + ("s" if count != 1 else "")
            labels[case_id] = f"{case_id} — not shown: {said}"
        return labels


class CaseLibrary:
    """Cases by id, reloaded when a file of the case changes.

    The cache holds file contents only (a loaded case, or the problems of one that does not
    load), never a person's view, so every worker of a server can answer every request. It is
    keyed by a digest of the case's files (`components.cases.cache`), bounded, and the files'
    times and sizes only tell when the digest must be taken again. The library index over the
    same folders (`index`) is keyed by the same digest.
    """

    def __init__(
        self,
        cases_dir: Path,
        *more_dirs: Path,
        max_cases: int = MAX_LIBRARY_CASES,
        max_bytes: int = MAX_LIBRARY_BYTES,
        modes: Modes | None = None,
    ):
        #: Where a saved case is written; `more_dirs` are read too (a case id found in an
        #: earlier folder hides the same id in a later one).
        self.cases_dir = Path(cases_dir)
        self.folders = [self.cases_dir, *(Path(d) for d in more_dirs)]
        self.max_cases = max_cases
        self.max_bytes = max_bytes
        #: The permissions of what is saved (CASE_TIMELINE_FOLDER_MODE / _FILE_MODE).
        self.modes = modes or Modes.from_env()
        self.index = LibraryIndex(self.folders, self.modes)
        self._keys: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {}
        self._cases: LruCache[Case | CaseFileError] = LruCache(CACHED_CASES)
        #: What listing a case needs, by case id, for the content its key names: a few bytes a
        #: case, kept for every case, so that listing a library larger than the bounded cache
        #: of loaded cases loads none of them again.
        self._status: dict[str, CaseStatus] = {}
        self._lock = Lock()

    def case_ids(self) -> list[str]:
        return sorted({case_id for folder in self.folders for case_id in case_ids(folder)})

    def folder(self, case_id: str) -> Path:
        """The folder of a case in the library (never outside it)."""
        for cases_dir in self.folders:
            folder = case_folder(cases_dir, case_id)
            if folder.is_dir():
                return folder
        return case_folder(self.cases_dir, case_id)

    def content_key(self, case_id: str) -> str:
        """A digest of the case's files, taken again only when a file's time or size changed."""
        files = case_files(self.folder(case_id))
        stamp = tuple(_stamp(f) for f in files)
        with self._lock:
            known = self._keys.get(case_id)
        if known and known[0] == stamp:
            return known[1]
        key = content_key(files)
        with self._lock:
            self._keys[case_id] = (stamp, key)
        return key

    def get(self, case_id: str) -> Case:
        """The case; raises CaseFileError when its files have problems (remembered until
        they change, so a broken folder is not read again on every request)."""
        key = (case_id, self.content_key(case_id))
        loaded = self._cases.get_or_build(key, lambda: read_case(self.folder(case_id)))
        if isinstance(loaded, CaseFileError):
            raise loaded
        return loaded

    def problems(self, case_id: str) -> list[Problem]:
        """Every problem of a case's files, none for a case that loads (the case is loaded)."""
        try:
            self.get(case_id)
        except CaseFileError as error:
            return error.problems
        return []

    def _case_status(self, case_id: str) -> CaseStatus:
        """Whether a case loads and whether it is synthetic: remembered from the last look,
        else read from the library index when the index saw these very files, else loaded."""
        key = self.content_key(case_id)
        with self._lock:
            known = self._status.get(case_id)
        if known is None or known.key != key:
            known = self.index.statuses(self.folder(case_id).parent).get(case_id)
        if known is None or known.key != key:
            try:
                known = CaseStatus(key, 0, self.get(case_id).info.synthetic)
            except CaseFileError as error:
                known = CaseStatus.of_problems(key, error.problems)
        with self._lock:
            self._status[case_id] = known
        return known

    def listing(self) -> Listing:
        """Every case folder: the ones that load, and the others with their number of problems."""
        shown, broken, synthetic, reasons = [], {}, set(), {}
        for case_id in self.case_ids():
            status = self._case_status(case_id)
            if status.problems:
                broken[case_id] = status.problems
                if status.reason:
                    reasons[case_id] = status.reason
                continue
            shown.append(case_id)
            if status.synthetic:
                synthetic.add(case_id)
        return Listing(shown, broken, frozenset(synthetic), reasons)

    def add(self, name: str, events_csv: str, info: CaseInfo) -> str:
        """Check a case as an upload is checked, write it as a new case folder, return its id.

        Whoever sent it, the rows are read and validated with the upload's loader and limits
        (size, rows, schema, grades), and the library's limits apply; CaseFileError says what
        was refused, a full disk included. A case saved here came from a person, so it is never
        synthetic, whatever its header says (generated cases are written by `synth`): a
        request that says `synthetic` cannot mark a real case so. An existing case is never
        touched: the files are written into a hidden temporary folder beside the cases and
        renamed into place, so a reader sees the whole case or none of it. A rename onto a
        folder that holds files fails, and the next free id is tried.
        """
        file = f"{name} (saving)"
        header = case_toml(info.model_copy(update={"synthetic": False}))
        if len(header.encode()) > MAX_HEADER_BYTES:
            raise CaseFileError(
                [Problem(file, None, "case", f"a header of {len(header) // 1024} KB", "64 KB")]
            )
        text = read_event_text(events_csv.encode("utf-8"), file, CSV)
        validate_event_table(text, file)
        events = csv_text(text)
        self._check_room(file, len(events.encode()) + len(header.encode()))
        try:
            case_id = self._write_case(name, {EVENTS_CSV: events, CASE_FILE_NAME: header})
        except OSError as error:
            raise not_written(file, error) from error
        if case_id is None:
            taken = f"'{case_slug(name)}' and {MAX_NAME_SUFFIX - 1} numbered copies taken"
            raise CaseFileError(
                [Problem(file, None, "title", taken, "another title for this case")]
            )
        return case_id

    def _write_case(self, name: str, files: dict[str, str]) -> str | None:
        """The files in a new case folder under the first free id (None when none is free)."""
        self.cases_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".saving-", dir=self.cases_dir))
        try:
            os.chmod(staging, self.modes.folder)
            for file_name, text in files.items():
                write_text(staging / file_name, text, self.modes)
            for case_id in self._free_ids(case_slug(name)):
                try:
                    os.rename(staging, self.folder(case_id))
                except OSError:
                    continue
                return case_id
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return None

    def save_notes(self, case_id: str, notes: list[Note]) -> SavedNotes:
        """A case's notes written into its folder with the library's file mode (`notes`)."""
        return save_notes(self.folder(case_id), notes, self.modes)

    def sweep(self, older_than_s: float = ORPHAN_AGE_S) -> list[Path]:
        """Remove what a process killed mid-write left in the library's folders (a hidden
        `.saving-*` folder, a `.writing-*.parquet` of the index, an `.annotations-*.csv`),
        when older than `older_than_s`; a write under way is younger. Returns what went."""
        now, swept = time.time(), []
        for folder in self.folders:
            for pattern in ORPHAN_PATTERNS:
                for path in folder.glob(pattern):
                    try:
                        if now - path.lstat().st_mtime < older_than_s:
                            continue
                        if path.is_dir():
                            shutil.rmtree(path)
                        else:
                            path.unlink()
                    except OSError as error:
                        log.warning("could not remove %s (%s)", path, error.strerror)
                        continue
                    swept.append(path)
        if swept:
            log.info("removed %d files left by a write that did not finish", len(swept))
        return swept

    def _check_room(self, file: str, size: int) -> None:
        """Refuse a case past the library's limits: number of cases, total size of files."""
        count = len(self.case_ids())
        if count >= self.max_cases:
            raise CaseFileError(
                [Problem(file, None, None, f"a library of {count} cases", self._limits_text())]
            )
        # Case folders only: a half-written save or the index beside them is not a case.
        used = sum(_folder_bytes(self.cases_dir / case_id) for case_id in case_ids(self.cases_dir))
        if used + size > self.max_bytes:
            raise CaseFileError(
                [
                    Problem(
                        file,
                        None,
                        None,
                        f"{(used + size) / 1e6:.1f} MB with this case",
                        self._limits_text(),
                    )
                ]
            )

    def _limits_text(self) -> str:
        return (
            f"at most {self.max_cases} cases and {self.max_bytes / 1e6:.0f} MB in the library "
            "(ask whoever runs this server to make room)"
        )

    def _free_ids(self, slug: str) -> Iterator[str]:
        for number in range(1, MAX_NAME_SUFFIX + 1):
            case_id = slug if number == 1 else f"{slug}-{number}"
            if not self.folder(case_id).exists():
                yield case_id
