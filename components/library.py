"""The case library: the case folders under one directory, loaded once per change on disk."""

from __future__ import annotations

from pathlib import Path
from threading import Lock

from components.annotations import ANNOTATIONS_FILE_NAME
from components.case import CASE_FILE_NAME, Case, case_folder, case_ids, events_file, load_case


class CaseLibrary:
    """Cases by id, reloaded when a file of the case changes.

    The cache holds file contents only, never a person's view, so every worker of a server can
    answer every request.
    """

    def __init__(self, cases_dir: Path):
        self.cases_dir = Path(cases_dir)
        self._cache: dict[str, tuple[tuple[float, ...], Case]] = {}
        self._lock = Lock()

    def case_ids(self) -> list[str]:
        return case_ids(self.cases_dir)

    def _stamp(self, folder: Path) -> tuple[float, ...]:
        files = [events_file(folder), folder / CASE_FILE_NAME, folder / ANNOTATIONS_FILE_NAME]
        return tuple(f.stat().st_mtime if f.exists() else 0.0 for f in files)

    def folder(self, case_id: str) -> Path:
        """The folder of a case in the library (never outside it)."""
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
