"""`case-timeline validate`: a summary or every problem, exit 0 or 1, never a traceback."""

import shutil
import subprocess
import sys

from factories import SEED_CASE
from PIL import Image

from components.cli import main

HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"


def test_valid_case_folder_prints_a_summary(capsys):
    assert main(["validate", str(SEED_CASE)]) == 0
    out = capsys.readouterr().out
    assert "valid: axicel-relapsing-icans" in out
    assert "days -10 to 88" in out
    assert "grade check, CRS day 5: unconfirmed" in out


def test_bare_events_file_is_accepted(capsys):
    assert main(["validate", str(SEED_CASE / "events.csv")]) == 0
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


def test_export_writes_each_format_with_a_line_per_file(tmp_path, capsys):
    out = tmp_path / "slides"
    code = main(
        [
            "export",
            "--case",
            "axicel-relapsing-icans",
            "--days",
            "40:50",
            "--format",
            "png,csv",
            "--lanes",
            "icans,drugs",
            "--size",
            "800x450@2",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in printed] == [
        str(out / "axicel-relapsing-icans_days-40-50_timeline.png"),
        str(out / "axicel-relapsing-icans_days-40-50_events.csv"),
    ]
    assert Image.open(out / "axicel-relapsing-icans_days-40-50_timeline.png").size == (1600, 900)


def test_export_with_insight_adds_its_figures_and_tables(tmp_path, capsys):
    out = tmp_path / "slides"
    args = ["export", "--case", "axicel-relapsing-icans", "--days", "40:50", "--out", str(out)]
    assert main([*args, "--format", "svg,csv", "--insight"]) == 0
    prefix = "axicel-relapsing-icans_days-40-50"
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(
        f"{prefix}_{what}"
        for what in (
            "timeline.svg",
            "steroid-exposure.svg",
            "intrathecal-timing.svg",
            "events.csv",
            "key-intervals.csv",
            "grade-check.csv",
            "intrathecal-reports.csv",
        )
    )
    assert "Intrathecal therapy for ICANS" in (out / f"{prefix}_intrathecal-timing.svg").read_text()
    assert capsys.readouterr().out.count("wrote ") == 7


def test_export_refuses_unknown_case_lane_format_and_days(tmp_path, capsys):
    base = ["export", "--out", str(tmp_path)]
    assert main([*base, "--case", "nope"]) == 1
    assert "no case 'nope'" in capsys.readouterr().err
    assert main([*base, "--case", "axicel-relapsing-icans", "--lanes", "kidneys"]) == 1
    assert "unknown lanes kidneys" in capsys.readouterr().err
    assert main([*base, "--case", "axicel-relapsing-icans", "--format", "gif"]) == 1
    assert "unknown format gif" in capsys.readouterr().err
    assert main([*base, "--case", "axicel-relapsing-icans", "--days", "x"]) == 1
    assert "days=A:B" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_validate_on_a_library_names_each_broken_case_with_its_problems(tmp_path, capsys):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    (tmp_path / "aaa-broken").mkdir()
    (tmp_path / "aaa-broken" / "events.csv").write_text("garbage\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert f"valid: {SEED_CASE.name}" in captured.out
    assert "aaa-broken (not shown): " in captured.err
    assert "case.toml" in captured.err
    assert main(["validate", str(SEED_CASE.parent)]) == 0
