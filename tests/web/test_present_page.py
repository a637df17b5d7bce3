"""The presenter view's answer to a link: the case (the library's or this tab's upload), the
notes a case page of the same browser shows, and the part of the step."""

from __future__ import annotations

import shutil

import pytest
from dash import no_update
from factories import SEED_CASE

from components.cases.library import CaseLibrary
from components.web.built import BuiltViews
from components.web.pages.present_page import asked_part, presentation

CASE = SEED_CASE.name
SCREEN = [1920, 930]


@pytest.fixture
def library(tmp_path) -> BuiltViews:
    shutil.copytree(SEED_CASE, tmp_path / CASE)
    (tmp_path / CASE / "annotations.csv").write_text("day,lane,text\n45,,saved note\n")
    return BuiltViews(CaseLibrary(tmp_path))


def present(built, query: str, notes: object = None, size: object = SCREEN) -> dict:
    return presentation(built, f"?case={CASE}&{query}", size, None, notes)


def test_the_saved_notes_until_this_browser_has_its_own(library):
    assert present(library, "days=40:50")["notes"] == "Day 45: saved note"
    mine = {CASE: [{"day": 47, "text": "my own", "lane": None}]}
    assert present(library, "days=40:50", mine)["notes"] == "Day 47: my own"
    # All removed in this browser: none shown, as on the case page.
    assert present(library, "days=40:50", {CASE: []})["notes"] == ""
    # Whatever else a browser sends is not notes.
    assert present(library, "days=40:50", {CASE: "<script>"})["notes"] == ""


def test_parts_of_a_step_by_number_or_the_last(library):
    first = present(library, "days=-10:88")
    parts = first["state"]["parts"]
    assert parts > 1 and first["state"]["part"] == 1
    assert first["label"] == f"Whole course · part 1 of {parts}"
    last = present(library, "days=-10:88&part=last")
    assert last["state"]["part"] == parts
    assert present(library, "days=-10:88&part=99")["state"]["part"] == parts
    assert last["figure"]["layout"]["meta"]["lanes"] != first["figure"]["layout"]["meta"]["lanes"]


def test_the_way_back_is_the_case_page_of_the_same_view(library):
    shown = present(library, "days=40:50&lanes=icans,drugs")
    assert shown["back"] == f"/?case={CASE}&days=40:50&lanes=icans,drugs"
    assert shown["label"] == ""  # days 40-50 are no preset: the caption says what they are
    assert shown["caption"].startswith("Days 40 to 50:")


@pytest.mark.parametrize("size", [None, [1920], ["1920", 1080], [0, 1080], "big"])
def test_nothing_is_drawn_before_the_screen_size_is_known(library, size):
    assert present(library, "days=40:50", size=size)["figure"] is no_update


@pytest.mark.parametrize(
    "search, part",
    [("", 1), ("?part=2", 2), ("?part=last", "last"), ("?part=0", 1), ("?part=x", 1)],
)
def test_asked_part(search, part):
    assert asked_part(search) == part
