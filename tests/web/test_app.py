"""The app factory: a fresh app per test, on any cases folder."""

import json
import shutil

from factories import SEED_CASE
from support.dash_requests import components_by_id

from components.cases.case import load_case
from components.cases.index import LibraryIndex
from components.cases.synth import write_synthetic_cases
from components.cases.upload import MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES
from components.web import ids
from components.web.app import create_app
from components.web.panels.case_view import SYNTHETIC_HEADING


def test_health_endpoint_answers_without_a_case(tmp_path):
    client = create_app(tmp_path).server.test_client()
    response = client.get("/healthz")
    assert response.status_code == 200


def test_page_serves_its_assets_locally(tmp_path):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    app = create_app(tmp_path)
    page = app.server.test_client().get("/?days=40:50").get_data(as_text=True)
    assert "bootstrap-5.3.9.min.css" in page
    assert "timeline.js" in page
    assert "cdn" not in page.lower()


def test_the_server_refuses_a_request_far_over_the_upload_limit(tmp_path):
    client = create_app(tmp_path).server.test_client()
    response = client.post(
        "/_dash-update-component",
        data=b"x" * (MAX_REQUEST_BYTES + 1),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert MAX_REQUEST_BYTES > MAX_UPLOAD_BYTES * 4 // 3  # the base64 of any accepted file fits


def test_an_app_on_a_library_with_a_current_index_loads_only_the_case_it_opens(
    tmp_path, monkeypatch
):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    write_synthetic_cases(tmp_path, 1, seed=3)
    (tmp_path / "aaa-broken").mkdir()
    (tmp_path / "aaa-broken" / "events.csv").write_text("garbage\n", encoding="utf-8")
    LibraryIndex([tmp_path]).update()
    loads = []
    monkeypatch.setattr(
        "components.cases.case.load_case",
        lambda folder: loads.append(folder.name) or load_case(folder),
    )
    client = create_app(tmp_path).server.test_client()
    assert loads == [], "the app loaded a case to start"
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/"})
    select = components_by_id(json.loads(layout.get_data()))[ids.CASE_SELECT]
    assert select["value"] == SEED_CASE.name
    assert select["options"] == [
        {"label": SEED_CASE.name, "value": SEED_CASE.name},
        {"label": SYNTHETIC_HEADING, "value": "", "disabled": True},
        {"label": "synthetic-001 (synthetic)", "value": "synthetic-001"},
        {"label": "aaa-broken — not shown: 7 problems", "value": "aaa-broken", "disabled": True},
    ]
    assert loads == [SEED_CASE.name]
