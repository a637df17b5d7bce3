"""`case-timeline validate`: a summary or every problem, exit 0 or 1, never a traceback."""

import subprocess
import sys
from pathlib import Path

from components.cli import main

SEED = Path(__file__).resolve().parent.parent / "data" / "cases" / "axicel-relapsing-icans"
HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"


def test_valid_case_folder_prints_a_summary(capsys):
    assert main(["validate", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "valid: axicel-relapsing-icans" in out
    assert "days -10 to 88" in out
    assert "grade check, CRS day 5: unconfirmed" in out


def test_bare_events_file_is_accepted(capsys):
    assert main(["validate", str(SEED / "events.csv")]) == 0
    assert "valid: events.csv" in capsys.readouterr().out


def test_problems_are_listed_with_row_and_column(tmp_path, capsys):
    bad = tmp_path / "events.csv"
    bad.write_text(
        HEADER + "x,,lab,CRP,1,,mg/L,,,,T,reported\n1,,score,GCS,20,,,,,,T,reported\n",
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "2 problems" in err
    assert "events.csv, row 2, column 'day': found 'x'" in err
    assert "events.csv, row 3, column 'value': found '20'; expected a GCS score from 3 to 15" in err


def test_missing_path_and_binary_file_exit_1_without_traceback(tmp_path):
    garbage = tmp_path / "events.csv"
    garbage.write_bytes(b"\x00\xff\x00binary")
    for path in (garbage, tmp_path / "nope.csv"):
        result = subprocess.run(
            [sys.executable, "-m", "components.cli", "validate", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert str(path) in result.stderr
