"""The case library: the case folders under one directory, loaded once per change on disk."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from threading import Lock

from components.cases.cache import LruCache, content_key
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
#: Loaded cases a worker keeps (each a few MB at most: the loader's file limit is 5 MiB).
CACHED_CASES = 16


def case_slug(name: str) -> str:
    """A case id made from a title or file name: 'Relapsing ICANS (2024)' -> 'relapsing-icans-2024'.

    Only a-z, 0-9 and '-' survive, so '../' or a drive letter cannot reach the id.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_SLUG_LENGTH].strip("-")
    return slug or "case"


def default_cases_dir() -> Path:
    return Path(os.environ.get(CASES_ENV, BUNDLED_CASES_DIR))


class CaseLibrary:
    """Cases by id, loaded once per content of their files (see `components.cases.cache`).

    The cache holds file contents only, never a person's view, so every worker of a server can
    answer every request. A file's time and size tell when its digest must be taken again; the
    digest, not the time, decides whether the case is loaded again.
    """

    def __init__(self, cases_dir: Path):
        self.cases_dir = Path(cases_dir)
        self._keys: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {}
        self._cases: LruCache[Case] = LruCache(CACHED_CASES)
        self._lock = Lock()

    def case_ids(self) -> list[str]:
        return case_ids(self.cases_dir)

    @staticmethod
    def _files(folder: Path) -> list[Path]:
        return [events_file(folder), folder / CASE_FILE_NAME, folder / ANNOTATIONS_FILE_NAME]

    def folder(self, case_id: str) -> Path:
        """The folder of a case in the library (never outside it)."""
        return case_folder(self.cases_dir, case_id)

    def content_key(self, case_id: str) -> str:
        """A digest of the case's files, taken again only when a file's time or size changed."""
        files = self._files(self.folder(case_id))
        stamp = tuple(
            (f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else (0, 0) for f in files
        )
        with self._lock:
            known = self._keys.get(case_id)
        if known and known[0] == stamp:
            return known[1]
        key = content_key(files)
        with self._lock:
            self._keys[case_id] = (stamp, key)
        return key

    def get(self, case_id: str) -> Case:
        """The case; raises CaseFileError when its files have problems."""
        key = (case_id, self.content_key(case_id))
        return self._cases.get_or_build(key, lambda: load_case(self.folder(case_id)))

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
