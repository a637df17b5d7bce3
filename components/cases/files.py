"""One case file read or written, fenced: whatever is on the disk, a read ends in the file's
bytes or text, or in a `CaseFileError` that names the file and what was found there.

A case folder is anyone's: a second host on a shared folder, a person editing by hand, a
worker killed mid-write. A folder where a file goes, a file owned by another account, a file
far over its size or text that is not UTF-8 is a problem of that one case, said plainly,
never an exception that reaches the listing or a page. What the library writes is readable by
the folder's group (`Modes`), so a second account on a shared folder can read it.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from components.model.problems import CaseFileError, Problem

FOLDER_MODE_ENV = "CASE_TIMELINE_FOLDER_MODE"
FILE_MODE_ENV = "CASE_TIMELINE_FILE_MODE"
DEFAULT_FOLDER_MODE = 0o750
DEFAULT_FILE_MODE = 0o640
#: How much of a file is looked at to tell binary data from text.
SNIFF_BYTES = 4096
#: Bytes other than tab, LF and CR below 0x20: none is in a text file a person wrote.
CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 13})
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: The errors of a full disk or a used-up quota, said as such to a person.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


@dataclass(frozen=True)
class Modes:
    """The permissions of what the library saves: folders and files."""

    folder: int = DEFAULT_FOLDER_MODE
    file: int = DEFAULT_FILE_MODE

    @classmethod
    def from_env(cls) -> Modes:
        """From CASE_TIMELINE_FOLDER_MODE and CASE_TIMELINE_FILE_MODE (octal, e.g. 0750);
        ValueError naming the setting for anything else, so a server does not start with it."""
        return cls(
            _octal(FOLDER_MODE_ENV, DEFAULT_FOLDER_MODE), _octal(FILE_MODE_ENV, DEFAULT_FILE_MODE)
        )


def _octal(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        mode = int(text, 8)
    except ValueError:
        mode = -1
    if not 0 <= mode <= 0o777:
        raise ValueError(f"{name}={text!r}: expected an octal mode such as {default:04o}")
    return mode


def unreadable(file: str, error: OSError) -> Problem:
    """The problem of a file or folder the server cannot read."""
    if isinstance(error, IsADirectoryError):
        return Problem(file, None, None, "a folder where a file goes", "a file")
    found = f"a file or folder the server cannot read ({error.strerror or error})"
    return Problem(file, None, None, found, "one the server's account may read")


def read_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes, refused past `limit` bytes before they are read; FileNotFoundError is
    left to the caller (a missing file means something different for each)."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            data = b"" if size > limit else stream.read(limit + 1)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise CaseFileError([unreadable(path.name, error)]) from error
    if size > limit or len(data) > limit:
        found = f"{max(size, len(data)) / 1024:,.0f} KB"
        raise CaseFileError([Problem(path.name, None, None, found, f"at most {limit // 1024} KB")])
    return data


def utf8_text(data: bytes, file: str) -> str:
    """UTF-8 text (with or without BOM); anything else refused with the encoding found."""
    head = data[:SNIFF_BYTES]
    utf16 = head.startswith(UTF16_BOMS)
    if utf16 or b"\x00" in head:
        found = "UTF-16 text" if utf16 else "binary data"
        raise CaseFileError([Problem(file, None, None, found, "UTF-8 text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileError([_not_utf8(data, error.start, file)]) from error
    if any(byte in CONTROL_BYTES for byte in head):
        raise CaseFileError([Problem(file, None, None, "binary data", "UTF-8 text")])
    return text


def _not_utf8(data: bytes, at: int, file: str) -> Problem:
    """What non-UTF-8 bytes most likely are: Latin-1/cp1252 text, or not text at all."""
    try:
        data.decode("cp1252")
        control = any(byte in CONTROL_BYTES for byte in data[:SNIFF_BYTES])
    except UnicodeDecodeError:
        control = True
    line = data.count(b"\n", 0, at) + 1
    found = "binary data" if control else f"Latin-1/cp1252 bytes at byte {at} (line {line})"
    return Problem(file, None, None, found, "UTF-8 text (save the file as UTF-8)")


def write_text(path: Path, text: str, modes: Modes) -> None:
    """Write a file the library saves, with the library's file mode."""
    path.write_text(text, encoding="utf-8")
    os.chmod(path, modes.file)


def not_written(file: str, error: OSError) -> CaseFileError:
    """A write that failed, said to a person: a full disk as such, else the system's words."""
    if error.errno in DISK_FULL:
        found = "the library's disk is full"
        expected = "room on the disk (ask whoever runs this server to make room)"
    else:
        found = f"a library folder the server cannot write ({error.strerror or error})"
        expected = "a folder the server's account may write (ask whoever runs this server)"
    return CaseFileError([Problem(file, None, None, found, expected)])
