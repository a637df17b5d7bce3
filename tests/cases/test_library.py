"""Saving a case to the library: a new folder under a safe id, written whole, never over another."""

from __future__ import annotations

import shutil

import pytest
from factories import SEED_CASE

from components.cases.case import CaseInfo, Reference, UndatedFact, case_ids, load_case
from components.cases.library import CaseLibrary, case_slug

EVENTS = (
    "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
    '3,,score,ICE,9,,,,,"=1+1, ""quoted""",Chart,reported\n'
)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Relapsing ICANS (2024)", "relapsing-icans-2024"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\Windows", "windows"),
        ("C:/cases/x", "c-cases-x"),
        ("...", "case"),
        ("Ünïcode only ∑", "n-code-only"),
    ],
)
def test_slugs_cannot_leave_the_cases_folder(name, slug):
    assert case_slug(name) == slug


def test_a_saved_case_loads_back_as_it_was(tmp_path):
    info = CaseInfo(
        title='Patient "7" \\ relapse\u007f',
        product="Tisa-cel",
        reference=Reference(citation="Our paper", doi="10.1/x"),
        undated=[UndatedFact(text="R-CHOP x6", source="Letter")],
    )
    library = CaseLibrary(tmp_path)
    case_id = library.add("../Patient 7", EVENTS, info)
    assert case_id == "patient-7"
    case = library.get(case_id)
    assert case.info == info
    assert case.events.loc[case.events["item"] == "ICE", "detail"].tolist() == ['=1+1, "quoted"']
    assert library.case_ids() == ["patient-7"]


def test_saving_never_overwrites_an_existing_case(tmp_path):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    before = (tmp_path / SEED_CASE.name / "events.csv").read_bytes()
    library = CaseLibrary(tmp_path)
    first = library.add(SEED_CASE.name, EVENTS, CaseInfo(title="A"))
    second = library.add(SEED_CASE.name, EVENTS, CaseInfo(title="B"))
    assert (first, second) == (f"{SEED_CASE.name}-2", f"{SEED_CASE.name}-3")
    assert (tmp_path / SEED_CASE.name / "events.csv").read_bytes() == before
    assert load_case(tmp_path / second).info.title == "B"
    assert case_ids(tmp_path) == sorted([SEED_CASE.name, first, second])


def test_no_half_written_folder_is_left_behind(tmp_path):
    library = CaseLibrary(tmp_path)
    library.add("x", EVENTS, CaseInfo(title="x"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_a_file_in_the_way_is_not_replaced(tmp_path):
    (tmp_path / "x").write_text("not a case")
    assert CaseLibrary(tmp_path).add("x", EVENTS, CaseInfo(title="x")) == "x-2"
    assert (tmp_path / "x").read_text() == "not a case"
