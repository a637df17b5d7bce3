"""The process guard: an unmarked test that starts a program fails, a marked one passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.process_guard import unmarked_start

SUPPORT_PARENT = Path(__file__).resolve().parents[1]

CONFTEST = """
import subprocess
import pytest
from support.process_guard import (
    pytest_configure, pytest_fixture_setup, pytest_runtest_makereport, pytest_runtest_protocol,
    pytest_unconfigure,
)

@pytest.fixture(scope="session")
def started_once():
    subprocess.run(["true"], check=True, timeout=10)
"""

TESTS = """
import subprocess
import pytest

def test_starts_true_unmarked():
    subprocess.run(["true"], check=True, timeout=10)

@pytest.mark.server
def test_starts_true_marked():
    subprocess.run(["true"], check=True, timeout=10)

def test_starts_nothing():
    assert 1 + 1 == 2

@pytest.mark.server
def test_sets_up_the_fixture(started_once):
    pass

def test_uses_the_fixture_started_before_unmarked(started_once):
    pass
"""


def test_a_test_that_started_nothing_is_in_any_group() -> None:
    assert unmarked_start(set(), []) is None


def test_a_marked_test_may_start_programs() -> None:
    assert unmarked_start({"server"}, ["gunicorn"]) is None
    assert unmarked_start({"browser", "timeout"}, ["chromium"]) is None
    assert unmarked_start({"slow"}, ["python"]) is None


def test_an_unmarked_test_that_started_a_program_is_named_with_the_mark_to_add() -> None:
    reason = unmarked_start({"timeout"}, ["chromium", "gunicorn", "chromium"])
    assert reason is not None
    assert "chromium, gunicorn" in reason
    assert "@pytest.mark.server" in reason


@pytest.mark.server
def test_the_guard_fails_only_the_unmarked_test_in_a_real_run(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_sample.py").write_text(TESTS)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-o", "addopts=", "."],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(SUPPORT_PARENT)},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 failed, 3 passed" in result.stdout
    assert "test_starts_true_unmarked: this test started true" in result.stdout
    assert "test_uses_the_fixture_started_before_unmarked: this test started true" in result.stdout
