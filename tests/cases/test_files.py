"""Reading one case file, fenced, and the modes of what the library writes."""

import errno
import os

import pytest
from support.denied import deny

from components.cases.files import (
    FILE_MODE_ENV,
    FOLDER_MODE_ENV,
    Modes,
    not_written,
    read_bytes,
    utf8_text,
)
from components.model.problems import CaseFileError


def refusal(read) -> str:
    with pytest.raises(CaseFileError) as caught:
        read()
    return "\n".join(str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"caf\xe9", "annotations.csv: found 'Latin-1/cp1252 bytes at byte 3 (line 1)'"),
        (bytes(range(256)) * 4, "annotations.csv: found 'binary data'"),
        ("day,text\n3,café\n".encode("utf-16"), "annotations.csv: found 'UTF-16 text'"),
        (b"day,text\n3,\x1b[31mred\n", "annotations.csv: found 'binary data'"),
        (b"\x81\x8d\x8f\x90\x9d", "annotations.csv: found 'binary data'"),
    ],
)
def test_text_that_is_not_utf8_is_refused_with_the_encoding_found(data, found):
    said = refusal(lambda: utf8_text(data, "annotations.csv"))
    assert said.startswith(found)
    assert "expected UTF-8 text" in said


def test_utf8_with_or_without_bom_is_read():
    assert utf8_text("day,text\n3,café\n".encode("utf-8-sig"), "a.csv") == "day,text\n3,café\n"
    assert utf8_text("café".encode(), "a.csv") == "café"


def test_a_folder_in_a_files_place_is_named(tmp_path):
    (tmp_path / "case.toml").mkdir()
    said = refusal(lambda: read_bytes(tmp_path / "case.toml", 1024))
    assert said == "case.toml: found 'a folder where a file goes'; expected a file"


def test_a_file_of_another_account_is_named(tmp_path, monkeypatch):
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "events.csv").write_text("day\n")
    deny(monkeypatch, tmp_path / "case")
    said = refusal(lambda: read_bytes(tmp_path / "case" / "events.csv", 1024))
    assert "events.csv: found 'a file or folder the server cannot read (Permission denied)'" in said


def test_a_file_over_its_limit_is_refused_before_it_is_read(tmp_path):
    (tmp_path / "case.toml").write_bytes(b"x" * 70_000)
    said = refusal(lambda: read_bytes(tmp_path / "case.toml", 64 * 1024))
    assert said == "case.toml: found '68 KB'; expected at most 64 KB"
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "missing.csv", 10)


def test_the_modes_are_settings_in_octal(monkeypatch):
    assert Modes.from_env() == Modes(0o750, 0o640)
    monkeypatch.setenv(FOLDER_MODE_ENV, "0770")
    monkeypatch.setenv(FILE_MODE_ENV, "660")
    assert Modes.from_env() == Modes(0o770, 0o660)
    monkeypatch.setenv(FILE_MODE_ENV, "rw-r-----")
    with pytest.raises(ValueError, match="CASE_TIMELINE_FILE_MODE='rw-r-----'"):
        Modes.from_env()


def test_a_full_disk_is_said_as_such():
    full = not_written("x.csv", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert "the library's disk is full" in str(full)
    denied = not_written("x.csv", PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    assert "cannot write (Permission denied)" in str(denied)
