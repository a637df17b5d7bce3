"""The browser code's unit tests (`tests/js/*.test.js`, run by `node --test`) as part of the
Python suite, so that `make test` and CI run them: they check assets/*.js against the Python on
the same inputs. Node is required: without it this test fails and says so."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
#: Long enough for a loaded machine, and under pytest-timeout's 120 s, so a hung run fails here
#: with node's output.
DEADLINE_S = 110


@pytest.mark.server
def test_the_javascript_unit_tests_pass():
    node = shutil.which("node")
    assert node, "node is not installed: the JavaScript unit tests (tests/js) need Node 18 or later"
    env = {**os.environ, "PYTHON": sys.executable}
    run = subprocess.run(
        [node, "--test", "tests/js"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
    )
    assert run.returncode == 0, f"node --test tests/js failed:\n{run.stdout}\n{run.stderr}"
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
