"""The library index's files: one generation written so that a reader never sees half of it.

`series-<token>.parquet` is written first, then `cases.parquet`, which names it in its
metadata, replaces the one before by a rename; the previous series file is kept for a reader
of the previous `cases.parquet`. Every file is written to a hidden `.writing-*` file first
(one left by a killed process is swept at start: `CaseLibrary.sweep`), with the library's
modes, so a second account on a shared folder can read the index.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from components.cases.files import Modes

CASES_FILE = "cases.parquet"
SERIES_META = b"series_file"
#: Generations of the series file kept, so a reader of the previous `cases.parquet` still
#: finds its series while a writer replaces it.
KEPT_SERIES = 2


def write_generation(
    index_dir: Path, cases: pd.DataFrame, series: pd.DataFrame, modes: Modes
) -> None:
    """The cases table and its series as the index's current generation (OSError on failure,
    with the previous generation left whole)."""
    if not index_dir.is_dir():
        index_dir.mkdir()
        os.chmod(index_dir, modes.folder)
    series_name = f"series-{secrets.token_hex(8)}.parquet"
    _atomic_parquet(
        pa.Table.from_pandas(series, preserve_index=False), index_dir / series_name, modes.file
    )
    table = pa.Table.from_pandas(cases, preserve_index=False)
    table = table.replace_schema_metadata(
        {**(table.schema.metadata or {}), SERIES_META: series_name.encode()}
    )
    _atomic_parquet(table, index_dir / CASES_FILE, modes.file)
    _drop_old_series(index_dir, series_name)


def _atomic_parquet(table: pa.Table, path: Path, mode: int) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".writing-", suffix=".parquet", dir=path.parent)
    os.close(handle)
    try:
        pq.write_table(table, temporary)
        # mkstemp makes the file private; the index is as readable as the library beside it.
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _drop_old_series(index_dir: Path, current: str) -> None:
    old = sorted(
        (p for p in index_dir.glob("series-*.parquet") if p.name != current),
        key=lambda p: p.stat().st_mtime_ns,
    )
    for path in old[: max(0, len(old) - (KEPT_SERIES - 1))]:
        path.unlink(missing_ok=True)
