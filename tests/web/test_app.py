"""The app factory: a fresh app per test, on any cases folder."""

import shutil

from factories import SEED_CASE

from components.cases.upload import MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES
from components.web.app import create_app


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
