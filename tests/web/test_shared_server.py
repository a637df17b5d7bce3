"""A shared server as `make serve` runs it (gunicorn, two workers): what a hostile client can
and cannot do to it (issue 16, finding 8 and the writes setting)."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from factories import SEED_CASE
from support.dash_requests import DEPENDENCIES_PATH, UPDATE_PATH, update_body
from support.headless import GunicornServer
from support.waiting import wait_until

from components.cases.index import INDEX_DIR
from components.web import ids
from components.web.context import WRITES_OFF

TIMEOUT_S = 30.0
FORGED = "2026-01-01 00:00:00,000 1 INFO case_timeline.request: GET /admin 200 1.0 ms"
HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def post(url: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    cases = tmp_path_factory.mktemp("cases")
    shutil.copytree(SEED_CASE, cases / SEED_CASE.name)
    with GunicornServer(cases, workers=2) as running:
        running.cases = cases
        yield running


def test_a_hostile_id_cannot_forge_a_log_line(server: GunicornServer):
    get_status(server.url + urllib.request.quote(f"/x\n{FORGED}\x00", safe="/"))

    def logged() -> str | None:
        text = server.log_path.read_text(errors="replace")
        return text if "GET /x\\n2026" in text else None

    text = wait_until(logged, TIMEOUT_S, "the hostile request's log line")
    assert not [line for line in text.splitlines() if line.startswith(FORGED[:23])]
    assert "\x00" not in text and "200 1.0 ms\\x00" in text


def test_malformed_bodies_get_400_and_leave_no_traceback(server: GunicornServer):
    for body in (b"{}", b"null", b'{"output": "nope.x", "inputs": []}'):
        assert post(server.url + UPDATE_PATH, body)[0] == 400
    assert get_status(server.url + "/_dash-component-suites/dash/nope.js") == 404
    assert "Traceback" not in server.log_path.read_text(errors="replace")


def test_a_shared_server_refuses_to_save_by_default(server: GunicornServer):
    with urllib.request.urlopen(server.url + DEPENDENCIES_PATH, timeout=TIMEOUT_S) as answer:
        dependencies = json.loads(answer.read())
    save = next(d for d in dependencies if [i["id"] for i in d["inputs"]] == [ids.UPLOAD_SAVE])
    stored = {"name": "x.csv", "kind": "csv", "events": HEADER, "info": {"title": "x"}}
    body = update_body(
        save,
        {f"{ids.UPLOAD_SAVE}.n_clicks": 1, f"{ids.UPLOADED}.data": stored},
        f"{ids.UPLOAD_SAVE}.n_clicks",
    )
    status, answer = post(server.url + UPDATE_PATH, body)
    assert status == 200
    assert WRITES_OFF in answer.decode()
    # Only the library index (derived from the case files, never a person's input) is written.
    written = sorted(p.name for p in Path(server.cases).iterdir() if p.name != INDEX_DIR)
    assert written == [SEED_CASE.name]
