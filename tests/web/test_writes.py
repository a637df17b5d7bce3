"""Writes re-checked on the server (issue 16, findings 1, 2 and 7): requests crafted as a
page would never send them, to the real Dash callback endpoint of a live server."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
from factories import SEED_CASE
from support.dash_requests import DEPENDENCIES_PATH, UPDATE_PATH, find_callback, update_body
from support.headless import LiveServer

from components.cases.case import MAX_FILE_BYTES
from components.cases.index import INDEX_DIR
from components.web import ids
from components.web.context import WRITES_OFF

HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
ROW = "3,,score,ICE,9,,,,,,Chart,reported\n"
TIMEOUT_S = 30.0
SEED_VIEW = {"case": SEED_CASE.name, "days": [40, 50], "span": [-10, 88], "lanes": ["icans"]}


def dependencies(server: LiveServer) -> list[dict]:
    with urllib.request.urlopen(server.url + DEPENDENCIES_PATH, timeout=TIMEOUT_S) as answer:
        return json.loads(answer.read())


def triggered_by(server: LiveServer, component_id: str) -> dict:
    """The callback a click on this button starts."""
    return next(
        d
        for d in dependencies(server)
        if [i["id"] for i in d["inputs"]] == [component_id] and d["state"]
    )


def call(server: LiveServer, dependency: dict, values: dict, changed: str) -> dict:
    request = urllib.request.Request(
        server.url + UPDATE_PATH,
        data=update_body(dependency, values, changed),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
        return json.loads(answer.read())["response"]


def save_upload(server: LiveServer, stored: object) -> str:
    """Click 'Save to library' with this session store: what the status says."""
    dependency = triggered_by(server, ids.UPLOAD_SAVE)
    values = {f"{ids.UPLOAD_SAVE}.n_clicks": 1, f"{ids.UPLOADED}.data": stored}
    answer = call(server, dependency, values, f"{ids.UPLOAD_SAVE}.n_clicks")
    return json.dumps(answer[ids.UPLOAD_STATUS]["children"])


def save_notes(server: LiveServer, notes: object) -> str:
    dependency = triggered_by(server, ids.NOTE_SAVE)
    values = {
        f"{ids.NOTE_SAVE}.n_clicks": 1,
        f"{ids.NOTES_STORE}.data": {SEED_CASE.name: notes},
        f"{ids.VIEW_STORE}.data": SEED_VIEW,
    }
    answer = call(server, dependency, values, f"{ids.NOTE_SAVE}.n_clicks")
    return json.dumps(answer[ids.NOTE_STATUS]["children"])


def store(events: str, title: str = "Crafted") -> dict:
    return {"name": "crafted.csv", "kind": "csv", "events": events, "info": {"title": title}}


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    return tmp_path


def folders(cases: Path) -> list[str]:
    """The case folders and anything else written, but not the library index (`.case-index`)."""
    return sorted(p.name for p in cases.iterdir() if p.name != INDEX_DIR)


def test_a_crafted_save_is_checked_as_an_upload_and_nothing_invalid_is_written(cases):
    with LiveServer(cases, writes=True) as server:
        assert "Not saved" in save_upload(server, store("garbage"))
        assert "Not saved" in save_upload(server, {"events": "garbage"})
        nine_mb = HEADER + ROW + "x" * (9 * 1024 * 1024)
        assert f"at most {MAX_FILE_BYTES // 1024 // 1024} MB" in save_upload(server, store(nine_mb))
        assert folders(cases) == [SEED_CASE.name]
        assert "Saved as case 'crafted'" in save_upload(server, store(HEADER + ROW))
    assert folders(cases) == [SEED_CASE.name, "crafted"]


def test_a_shared_server_writes_nothing_unless_allowed(cases):
    with LiveServer(cases) as server:
        assert WRITES_OFF in save_upload(server, store(HEADER + ROW))
        assert WRITES_OFF in save_notes(server, [{"day": 45, "text": "IT therapy", "lane": ""}])
    assert folders(cases) == [SEED_CASE.name]
    assert not (cases / SEED_CASE.name / "annotations.csv").exists()


def test_notes_are_checked_against_the_case_before_they_are_written(cases):
    with LiveServer(cases, writes=True) as server:
        status = save_notes(
            server,
            [
                {"day": 4000, "text": "far away", "lane": ""},
                {"day": 45, "text": "on no lane", "lane": "kidneys"},
                {"day": 45, "text": "x" * 500, "lane": ""},
                "junk",
            ],
        )
        assert "Notes not saved" in status
        for words in ("a day of the case", "kidneys", "a note of 1 to 120 characters", "a note"):
            assert words in status
        assert not (cases / SEED_CASE.name / "annotations.csv").exists()
        status = save_notes(server, [{"day": 45, "text": '=HYPERLINK("x")', "lane": "drugs"}])
        assert "Saved 1 note(s)" in status
    written = (cases / SEED_CASE.name / "annotations.csv").read_text()
    assert "'=HYPERLINK" in written  # a spreadsheet shows it as text


def test_a_broken_case_that_sorts_first_never_breaks_the_page(cases):
    broken = cases / "aaa-broken"
    broken.mkdir()
    (broken / "events.csv").write_text("garbage\n", encoding="utf-8")
    with LiveServer(cases) as server:
        dependency = find_callback(dependencies(server), f"{ids.CASE_SELECT}.options")
        answer = call(server, dependency, {f"{ids.URL}.search": ""}, f"{ids.URL}.search")
    assert answer[ids.CASE_SELECT]["value"] == SEED_CASE.name
    assert answer[ids.CASE_SELECT]["options"] == [
        {"label": SEED_CASE.name, "value": SEED_CASE.name},
        {"label": "aaa-broken — not shown: 7 problems", "value": "aaa-broken", "disabled": True},
    ]
