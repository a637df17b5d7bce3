"""`case-timeline validate`: a summary or every problem, exit 0 or 1, never a traceback."""

import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factories import SEED_CASE
from PIL import Image

from components.cli import main
from components.cli.parser import PIPE_CLOSED

#: How long the piped command may take to start writing, and then to end.
PIPE_DEADLINE_S = 60

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


@pytest.mark.server
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


@pytest.mark.server
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


@pytest.mark.server
def test_export_with_insight_adds_its_figures_and_tables(tmp_path, capsys):
    out = tmp_path / "slides"
    args = ["export", "--case", "axicel-relapsing-icans", "--days", "40:50", "--out", str(out)]
    assert main([*args, "--format", "svg,csv", "--insight"]) == 0
    prefix = "axicel-relapsing-icans_days-40-50"
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(
        f"{prefix}_{what}"
        for what in (
            "timeline.zip",  # all lanes take more than one slide: a ZIP of the parts
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


# ---------------------------------------------------------------------------------------------
# `case-timeline grades`: the interface scripts and registries read.


def write_case(folder, *lines: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "events.csv").write_text(HEADER + "".join(f"{line}\n" for line in lines), "utf-8")
    return folder


def test_grades_csv_has_its_columns_in_order_and_a_row_per_day(tmp_path, capsys):
    case = write_case(
        tmp_path / "boundary",
        "1,2,grade,CRS,2,,,,,,T,reported",
        "1,2,vital,Temperature,38.0,,°C,,,,T,reported",
        "2,,status,Oxygen,6.5,,L/min,,,,T,reported",
        "3,,score,ICE,7,,,,,,T,reported",
    )
    assert main(["grades", str(case), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "case,day,syndrome,reported,derived,at_least,criterion,check"
    rows = [line.split(",") for line in lines[1:]]
    assert [(r[0], r[1], r[2], r[3], r[4], r[5], r[-1]) for r in rows] == [
        ("boundary", "1", "CRS", "2", "1", "true", "unconfirmed"),
        ("boundary", "2", "CRS", "2", "3", "true", "disagrees"),
        ("boundary", "3", "ICANS", "", "1", "true", "derived only"),
    ]


def test_grades_of_several_paths_and_a_bare_file_named_by_its_stem(tmp_path, capsys):
    first = write_case(tmp_path / "first", "4,,symptom,Status epilepticus,,,,,,,T,reported")
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "2,,score,GCS,8,,,,,E2M5V1,T,reported\n", "utf-8")
    assert main(["grades", str(first), str(other), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "\nfirst,4,ICANS,,4,false," in out
    assert "\nother,2,ICANS,,3,true," in out


def test_grades_not_gradeable_is_empty_never_0(tmp_path, capsys):
    case = write_case(
        tmp_path / "sedated",
        "1,,symptom,Consciousness,,,,,,awakens only to touch,T,reported",
        "1,,drug,Propofol,,,,,continuous,,T,reported",
    )
    assert main(["grades", str(case), "--format", "csv"]) == 0
    (row,) = capsys.readouterr().out.splitlines()[1:]
    assert row.startswith("sedated,1,ICANS,,,false,")
    assert row.endswith(",not gradeable")
    assert "not gradeable: possibly sedated" in row


def test_grades_table_for_a_person(capsys):
    assert main(["grades", str(SEED_CASE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("case")
    assert "axicel-relapsing-icans  5    CRS       3         ≥2       unconfirmed" in out


def test_grades_exit_1_when_a_file_is_not_valid(tmp_path, capsys):
    good = write_case(tmp_path / "good", "3,,score,ICE,7,,,,,,T,reported")
    bad = write_case(tmp_path / "bad", "x,,score,ICE,7,,,,,,T,reported")
    assert main(["grades", str(good), str(bad), str(tmp_path / "none"), "--format", "csv"]) == 1
    captured = capsys.readouterr()
    assert "good,3,ICANS" in captured.out
    assert "row 2, column 'day'" in captured.err
    assert "none: cannot read" in captured.err


def test_validate_notes_items_the_grading_does_not_read(tmp_path, capsys):
    events = tmp_path / "events.csv"
    events.write_text(
        HEADER
        + "1,,status,Nasal prongs,2,,L/min,,,,T,reported\n"
        + "1,,drug,Levophed,,,,,continuous,,T,reported\n"
        + "1,,drug,Levetiracetam,500,,mg,,BID,,T,reported\n"
        + "1,,symptom,Aphasia,,,,,,,T,reported\n",
        "utf-8",
    )
    assert main(["validate", str(events)]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if "note:" in line]
    assert len(notes) == 3  # levetiracetam and aphasia are known, and not grading words
    prongs, levophed = notes[0], notes[1]
    assert "status 'Nasal prongs' (row 2) is not read" in prongs and "Nasal cannula" in prongs
    assert "drug 'Levophed' (row 3)" in levophed and "Norepinephrine or noradrenaline" in levophed
    assert "no case.toml" in notes[2]


@pytest.mark.server
def test_output_piped_into_a_reader_that_stops_early_ends_quietly():
    """`case-timeline grades <case> | head`: the real console command, its pipe closed after
    one line while it still has far more to write than the pipe holds."""
    command = Path(sys.executable).with_name("case-timeline")
    # Six copies of the seed case's grades: about 140 KB, over a pipe's 64 KB.
    process = subprocess.Popen(
        [str(command), "grades", *[str(SEED_CASE)] * 6],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], PIPE_DEADLINE_S)
        assert ready, f"no output from case-timeline grades within {PIPE_DEADLINE_S} s"
        first = process.stdout.readline()
        process.stdout.close()
        _, err = process.communicate(timeout=PIPE_DEADLINE_S)
    finally:
        process.kill()
        process.wait(timeout=PIPE_DEADLINE_S)
    assert first.split()[:3] == ["case", "day", "syndrome"]
    assert err == ""  # no traceback, no "Exception ignored"
    assert process.returncode == PIPE_CLOSED == 141
