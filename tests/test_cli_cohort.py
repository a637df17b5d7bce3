"""`case-timeline cohort`, `index` and `synth`: the registry fields as a table or CSV, the
index with a progress bar, and synthetic cases; one clear message for a missing folder."""

import csv
import io
import shutil

import pytest
from factories import SEED_CASE

from components.cases.case import load_case
from components.cli import main
from components.clinical.cohort import FIELD_NAMES, FIELDS


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("library")
    shutil.copytree(SEED_CASE, folder / SEED_CASE.name)
    assert main(["synth", "--cases", "3", "--seed", "4", "--out", str(folder)]) == 0
    return folder


def _csv(capsys, *args) -> list[dict]:
    assert main(["cohort", *args, "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_synth_writes_valid_synthetic_case_folders(library):
    case = load_case(library / "synthetic-003")
    assert case.info.synthetic
    assert case.info.title == "Synthetic case 003"


def test_cohort_csv_has_the_registry_columns_and_the_seed_case(library, capsys):
    rows = _csv(capsys, "--cases", str(library))
    assert list(rows[0]) == list(FIELD_NAMES)
    seed = rows[0]
    assert seed["case"] == SEED_CASE.name
    assert (seed["icans_onset_day"], seed["icans_max_grade"], seed["died"]) == ("3", "4", "true")
    assert seed["crs_resolved_day"] == ""
    assert [r["synthetic"] for r in rows] == ["false", "true", "true", "true"]


def test_cohort_table_prints_a_row_per_case(library, capsys):
    assert main(["cohort", "--cases", str(library)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == list(FIELD_NAMES)
    assert len(lines) == 1 + 4


def test_cohort_help_defines_every_field(capsys):
    with pytest.raises(SystemExit):
        main(["cohort", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for field in FIELDS:
        assert f"{field.name}: {' '.join(field.definition.split())}" in out


def test_index_shows_progress_and_then_has_nothing_to_build(library, capsys):
    shutil.rmtree(library / ".case-index", ignore_errors=True)
    assert main(["index", "--cases", str(library), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    assert "4 cases, 4 (re)built, 0 with problems" in captured.out
    assert "[##############################] 4/4 cases" in captured.err
    assert main(["index", "--cases", str(library)]) == 0
    assert "4 cases, 0 (re)built" in capsys.readouterr().out


def test_a_case_with_problems_is_named_not_shown(library, tmp_path, capsys):
    shutil.copytree(library / "synthetic-001", tmp_path / "synthetic-001")
    bad = tmp_path / "broken"
    bad.mkdir()
    (bad / "events.csv").write_text("day,category,item,source,basis\n1,grade,X,T,maybe\n")
    rows = _csv(capsys, "--cases", str(tmp_path))
    assert [r["case"] for r in rows] == ["synthetic-001"]


def test_a_missing_folder_gives_one_clear_message(tmp_path, capsys):
    assert main(["cohort", "--cases", str(tmp_path / "nope")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'nope'}: no such folder of cases\n"
