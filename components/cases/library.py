"""The case library: the case folders under one directory, loaded once per change on disk."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from threading import Lock

from components.cases.case import (
    BUNDLED_CASES_DIR,
    CASE_FILE_NAME,
    Case,
    CaseInfo,
    case_folder,
    case_ids,
    case_toml,
    events_file,
    load_case,
)
from components.cases.notes import ANNOTATIONS_FILE_NAME

EVENTS_CSV = "events.csv"
#: The library folder a server or command uses when none is named.
CASES_ENV = "CASE_TIMELINE_CASES"
MAX_SLUG_LENGTH = 40
#: Tried in turn after the plain name: `my-case`, `my-case-2`, ... `my-case-99`.
MAX_NAME_SUFFIX = 99


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


class CaseLibrary:
    """Cases by id, reloaded when a file of the case changes.

    The cache holds file contents only, never a person's view, so every worker of a server can
    answer every request.
    """

    def __init__(self, cases_dir: Path, *more_dirs: Path):
        #: Where a saved case is written; `more_dirs` are read too (a case id found in an
        #: earlier folder hides the same id in a later one).
        self.cases_dir = Path(cases_dir)
        self.folders = [self.cases_dir, *(Path(d) for d in more_dirs)]
        self._cache: dict[str, tuple[tuple[float, ...], Case]] = {}
        self._lock = Lock()

    def case_ids(self) -> list[str]:
        return sorted({case_id for folder in self.folders for case_id in case_ids(folder)})

    def _stamp(self, folder: Path) -> tuple[float, ...]:
        files = [events_file(folder), folder / CASE_FILE_NAME, folder / ANNOTATIONS_FILE_NAME]
        return tuple(f.stat().st_mtime if f.exists() else 0.0 for f in files)

    def folder(self, case_id: str) -> Path:
        """The folder of a case in the library (never outside it)."""
        for cases_dir in self.folders:
            folder = case_folder(cases_dir, case_id)
            if folder.is_dir():
                return folder
        return case_folder(self.cases_dir, case_id)

    def get(self, case_id: str) -> Case:
        """The case; raises CaseFileError when its files have problems."""
        folder = self.folder(case_id)
        stamp = self._stamp(folder)
        with self._lock:
            cached = self._cache.get(case_id)
        if cached and cached[0] == stamp:
            return cached[1]
        case = load_case(folder)
        with self._lock:
            self._cache[case_id] = (stamp, case)
        return case

    def add(self, name: str, events_csv: str, info: CaseInfo) -> str:
        """Write a new case folder and return its id; an existing case is never touched.

        The files are written into a hidden temporary folder beside the cases and the folder is
        renamed into place, so a reader sees the whole case or none of it. A rename onto a
        folder that holds files fails, and the next free id is tried.
        """
        self.cases_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".saving-", dir=self.cases_dir))
        try:
            (staging / EVENTS_CSV).write_text(events_csv, encoding="utf-8")
            (staging / CASE_FILE_NAME).write_text(case_toml(info), encoding="utf-8")
            for case_id in self._free_ids(case_slug(name)):
                try:
                    os.rename(staging, self.folder(case_id))
                except OSError:
                    continue
                return case_id
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        raise FileExistsError(f"no free case id for {name!r} in {self.cases_dir}")

    def _free_ids(self, slug: str) -> Iterator[str]:
        for number in range(1, MAX_NAME_SUFFIX + 1):
            case_id = slug if number == 1 else f"{slug}-{number}"
            if not self.folder(case_id).exists():
                yield case_id
