"""A folder the test process may not look into, as a server that is not root meets a case
folder owned by another account (mode 0700): every stat, listing and open of what is inside
it fails with PermissionError, while the folder itself is seen.

The tests run as root here, for whom `chmod 000` changes nothing, so the operating system's
answer is given at the calls the code makes (`os.stat`, `os.listdir`, `os.scandir`, `open`).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest


def deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """From now until the test ends, `folder`'s contents cannot be read or listed."""
    root = os.fspath(folder)

    def guarded(real: Callable, the_folder_too: bool = False) -> Callable:
        def call(path, *args, **kwargs):
            name = os.fspath(path) if isinstance(path, str | os.PathLike) else None
            if isinstance(name, str) and (
                name.startswith(root + os.sep) or (the_folder_too and name == root)
            ):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "stat", guarded(os.stat))
    monkeypatch.setattr(os, "listdir", guarded(os.listdir, the_folder_too=True))
    monkeypatch.setattr(os, "scandir", guarded(os.scandir, the_folder_too=True))
    monkeypatch.setattr(io, "open", guarded(io.open))
    monkeypatch.setattr(builtins, "open", guarded(builtins.open))
