"""Issue 20, items 1 and 6 replayed against a real app: one odd file or unreadable folder in one
case leaves every other case's page, the cohort and the presenter answering, with the odd case
listed apart and its reason; a forged or colliding save, or a full disk, is answered plainly.

Each probe builds an app with `create_app` on a copy of the bundled library plus the odd case
and asks it as a browser would (Flask's test client, the page named by the Referer); one probe
is replayed against gunicorn as `make serve` runs it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from factories import SEED_CASE
from support.dash_requests import DEPENDENCIES_PATH, UPDATE_PATH, components_by_id, update_body
from support.denied import deny
from support.headless import GunicornServer
from support.odd_files import PROBES, odd_case

from components.cases.case import BUNDLED_CASES_DIR, load_case
from components.web import ids
from components.web.app import create_app

pytestmark = pytest.mark.slow

ODD = "aaa-odd"  # sorts first, as the folder that broke every page did
HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
ROW = "3,,score,ICE,9,,,,,,Chart,reported\n"
TIMEOUT_S = 30.0


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """A copy of the bundled library, where a probe adds its odd case."""
    shutil.copytree(BUNDLED_CASES_DIR, tmp_path / "cases")
    return tmp_path / "cases"


def layout(client, page: str) -> tuple[int, dict]:
    """`/_dash-layout` as the browser asks it for `page` (its address is the Referer)."""
    answer = client.get("/_dash-layout", headers={"Referer": f"http://localhost{page}"})
    found = components_by_id(json.loads(answer.get_data())) if answer.status_code == 200 else {}
    return answer.status_code, found


def assert_every_page_answers(client, reason: str) -> None:
    """The other case opens, the odd one is listed with its reason, and the cohort and the
    presenter answer."""
    for path in ("/", "/cohort", "/present", "/healthz"):
        assert client.get(path).status_code == 200, path
    status, found = layout(client, f"/?case={SEED_CASE.name}")
    assert status == 200
    select = found[ids.CASE_SELECT]
    assert select["value"] == SEED_CASE.name
    odd = next(o for o in select["options"] if o["value"] == ODD)
    assert odd["disabled"] and odd["label"].startswith(f"{ODD} — not shown: {reason[:60]}")
    status, found = layout(client, "/cohort")
    assert status == 200 and reason[:60] in json.dumps(found[ids.COHORT_LIBRARY_NOTES])
    assert layout(client, f"/present?case={SEED_CASE.name}")[0] == 200


@pytest.mark.parametrize("probe", PROBES)
def test_one_odd_file_breaks_no_other_page(cases, probe):
    reason = odd_case(SEED_CASE, cases / ODD, probe)
    assert_every_page_answers(create_app(cases).server.test_client(), reason)


def test_a_case_folder_of_another_account_breaks_no_page_and_not_the_start(cases, monkeypatch):
    shutil.copytree(SEED_CASE, cases / ODD)
    deny(monkeypatch, cases / ODD)
    reason = f"{ODD}/: found 'a file or folder the server cannot read (Permission denied)'"
    assert_every_page_answers(create_app(cases).server.test_client(), reason)


def call(client, callback: str, values: dict, changed: str) -> str:
    """A callback called as the page would, whatever its values: what its outputs say."""
    dependencies = client.get(DEPENDENCIES_PATH).get_json()
    dependency = next(
        d for d in dependencies if [i["id"] for i in d["inputs"]] == [callback] and d["state"]
    )
    body = update_body(dependency, values, changed)
    answer = client.post(UPDATE_PATH, data=body, content_type="application/json")
    assert answer.status_code == 200
    return json.dumps(answer.get_json()["response"])


def save_upload(client, info: dict) -> str:
    stored = {"name": "forged.csv", "kind": "csv", "events": HEADER + ROW, "info": info}
    values = {f"{ids.UPLOAD_SAVE}.n_clicks": 1, f"{ids.UPLOADED}.data": stored}
    return call(client, ids.UPLOAD_SAVE, values, f"{ids.UPLOAD_SAVE}.n_clicks")


def save_notes(client, notes: list[dict]) -> str:
    view = {"case": SEED_CASE.name, "days": [40, 50], "span": [-10, 88], "lanes": ["icans"]}
    values = {
        f"{ids.NOTE_SAVE}.n_clicks": 1,
        f"{ids.NOTES_STORE}.data": {SEED_CASE.name: notes},
        f"{ids.VIEW_STORE}.data": view,
    }
    return call(client, ids.NOTE_SAVE, values, f"{ids.NOTE_SAVE}.n_clicks")


def test_a_forged_save_cannot_store_a_real_case_marked_synthetic(cases):
    client = create_app(cases, writes=True).server.test_client()
    said = save_upload(client, {"title": "Real patient", "synthetic": True})
    assert "Saved as case 'real-patient'" in said
    assert load_case(cases / "real-patient").info.synthetic is False


def test_a_full_disk_is_said_as_such(cases, monkeypatch):
    client = create_app(cases, writes=True).server.test_client()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("tempfile.mkstemp", full)
    said = save_notes(client, [{"day": 45, "text": "IT therapy", "lane": ""}])
    assert "Notes not saved" in said and "the library's disk is full" in said
    monkeypatch.setattr("tempfile.mkdtemp", full)
    said = save_upload(client, {"title": "Full"})
    assert "Not saved" in said and "the library's disk is full" in said


def test_a_save_that_replaced_notes_saved_moments_before_says_so(cases):
    client = create_app(cases, writes=True).server.test_client()
    first = save_notes(client, [{"day": 45, "text": "mine", "lane": ""}])
    second = save_notes(client, [{"day": 46, "text": "theirs", "lane": ""}])
    assert "Saved 1 note(s)" in first and "replaced" not in first
    assert re.search(
        r"They replaced other notes saved \d+ s before, perhaps by someone else", second
    )


@pytest.mark.server
def test_gunicorn_serves_every_other_case_beside_an_odd_one(cases):
    reason = odd_case(SEED_CASE, cases / ODD, "latin-1 notes")
    with GunicornServer(cases, workers=2) as server:
        request = urllib.request.Request(
            server.url + "/_dash-layout",
            headers={"Referer": f"{server.url}/?case={SEED_CASE.name}"},
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
            assert answer.status == 200
            select = components_by_id(json.loads(answer.read()))[ids.CASE_SELECT]
        assert "Traceback" not in server.log_path.read_text(errors="replace")
    assert select["value"] == SEED_CASE.name
    assert f"{ODD} — not shown: {reason[:60]}" in json.dumps(select["options"], ensure_ascii=False)
