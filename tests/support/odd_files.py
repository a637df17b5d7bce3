"""Issue 20, item 1: the odd files that broke every case page, each with the reason its case is
listed with (the start of its one problem). The library's unit tests and the reliability suite
replay the same probes."""

from __future__ import annotations

import shutil
from pathlib import Path

#: By probe name: the file replaced in a copy of a valid case, its bytes, and the reason.
PROBES: dict[str, tuple[str, bytes, str]] = {
    "latin-1 notes": (
        "annotations.csv",
        b"day,lane,text\n3,,caf\xe9\n",
        "annotations.csv: found 'Latin-1/cp1252 bytes at byte 20 (line 2)'; expected UTF-8 text",
    ),
    "binary notes": (
        "annotations.csv",
        bytes(range(256)) * 4,
        "annotations.csv: found 'binary data'",
    ),
    "a day of 5,000 digits": (
        "annotations.csv",
        b"day,lane,text\n" + b"9" * 5000 + b",,far away\n",
        "annotations.csv, row 2, column 'day': found 'a number of 5000 digits'",
    ),
    "latin-1 case.toml": (
        "case.toml",
        'title = "Caf\xe9"\n'.encode("latin-1"),
        "case.toml: found 'Latin-1/cp1252 bytes at byte 12 (line 1)'; expected UTF-8 text",
    ),
    "a number of 5,000 digits in case.toml": (
        "case.toml",
        b"title = 1" + b"0" * 5000 + b"\n",
        "case.toml: found 'Exceeds the limit (4300 digits)",
    ),
}


def odd_case(valid_case: Path, folder: Path, probe: str) -> str:
    """A copy of `valid_case` at `folder` with the probe's file in it; the probe's reason."""
    name, data, reason = PROBES[probe]
    shutil.copytree(valid_case, folder)
    (folder / name).write_bytes(data)
    return reason
