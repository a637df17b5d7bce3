"""Serving hardening: the headers, compression, cache rules and logs a browser and an operator
see, on the app `create_app` builds."""

from __future__ import annotations

import gzip
import logging
import re
import shutil
import sys

import pytest
from factories import SEED_CASE
from flask.testing import FlaskClient

from components.web.app import APOLOGY, create_app
from components.web.serving import LOG_FORMAT, PlainLineFormatter, Settings

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture(scope="module")
def dash_app(tmp_path_factory):
    cases = tmp_path_factory.mktemp("cases")
    shutil.copytree(SEED_CASE, cases / SEED_CASE.name)
    return create_app(cases)


@pytest.fixture
def client(dash_app) -> FlaskClient:
    return dash_app.server.test_client()


def fetch(client: FlaskClient, url: str, headers: dict | None = None):
    response = client.get(url, headers=headers or {})
    body = response.get_data()
    response.close()
    return response, body


def page_script_urls(client: FlaskClient) -> list[str]:
    _, body = fetch(client, "/")
    return re.findall(r'<script src="([^"]+)"', body.decode())


def csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_page_policy_allows_only_our_scripts_and_the_hashed_renderer(client, dash_app):
    response, _ = fetch(client, "/")
    policy = csp(response)
    assert policy["script-src"] == ["'self'", *dash_app.csp_hashes()]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


def test_every_answer_carries_the_security_headers(client):
    for url in ("/", "/healthz", "/_dash-layout", page_script_urls(client)[0]):
        response, _ = fetch(client, url)
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert response.headers["Referrer-Policy"] == "same-origin", url
        assert "Content-Security-Policy" in response.headers, url


def test_javascript_is_gzipped_for_a_browser_that_takes_it(client):
    own = next(u for u in page_script_urls(client) if u.startswith("/assets/timeline.js"))
    bundle = next(u for u in page_script_urls(client) if "dash_renderer" in u)
    for url in (own, bundle):
        response, body = fetch(client, url, GZIP)
        assert response.headers["Content-Encoding"] == "gzip", url
        assert b"function" in gzip.decompress(body), url
    plain, body = fetch(client, own)
    assert "Content-Encoding" not in plain.headers
    assert b"dash_clientside" in body


def test_versioned_files_are_cached_for_a_year_the_page_is_revalidated(client):
    own = next(u for u in page_script_urls(client) if u.startswith("/assets/timeline.js?m="))
    bundle = next(u for u in page_script_urls(client) if "dash_renderer" in u)
    for url in (own, bundle):
        response, _ = fetch(client, url)
        assert "max-age=31536000" in response.headers["Cache-Control"], url
    for url in ("/", "/_dash-layout", "/assets/timeline.js"):
        response, _ = fetch(client, url)
        assert response.headers["Cache-Control"] == "no-cache", url


def test_each_request_is_one_log_line_with_its_timing(client, caplog):
    with caplog.at_level(logging.INFO, logger="case_timeline.request"):
        fetch(client, "/healthz")
    assert re.fullmatch(
        r"127\.0\.0\.1 GET /healthz 200 \d+\.\d ms", caplog.records[-1].getMessage()
    )


def test_a_server_error_is_logged_with_its_traceback_and_not_shown(tmp_path, caplog):
    app = create_app(tmp_path)

    @app.server.route("/fails")
    def fails():
        raise RuntimeError("secret internals")

    with caplog.at_level(logging.INFO):
        response, body = fetch(app.server.test_client(), "/fails")
    assert response.status_code == 500
    assert b"secret internals" not in body
    assert b"Traceback" not in body
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)
    assert re.search(r"GET /fails 500 \d+\.\d ms", caplog.text)


def test_a_failing_callback_apologises_and_logs_the_traceback(tmp_path, caplog):
    # A case folder that lists as a case but whose events file is a folder: an error on our
    # side, not a file problem a person could fix.
    broken = tmp_path / "broken"
    shutil.copytree(SEED_CASE, broken)
    (broken / "events.csv").unlink()
    (broken / "events.csv").mkdir()
    app = create_app(tmp_path)
    body = (
        b'{"output":"day-panel.children",'
        b'"outputs":{"id":"day-panel","property":"children"},'
        b'"inputs":[{"id":"timeline","property":"hoverData","value":{"points":[{"x":3}]}}],'
        b'"changedPropIds":["timeline.hoverData"],'
        b'"state":[{"id":"view-store","property":"data","value":'
        b'{"case":"broken","days":[0,5]}},'
        b'{"id":"uploaded-case","property":"data","value":null}]}'
    )
    with caplog.at_level(logging.ERROR):
        response = app.server.test_client().post(
            "/_dash-update-component", data=body, content_type="application/json"
        )
    text = response.get_data(as_text=True)
    assert APOLOGY in text
    assert "Traceback" not in text
    assert any(r.exc_info for r in caplog.records if r.getMessage() == "callback failed")


def test_settings_come_from_the_environment_with_defaults():
    assert Settings.from_env({}) == Settings()
    settings = Settings.from_env(
        {"HOST": "0.0.0.0", "PORT": "9000", "WORKERS": "5", "LOG_LEVEL": "debug"}
    )
    assert (settings.host, settings.port, settings.workers, settings.log_level) == (
        "0.0.0.0",
        9000,
        5,
        "DEBUG",
    )


MALFORMED_BODIES = [
    b"{}",
    b"null",
    b"[]",
    b'"x"',
    b'{"output": 5}',
    b'{"output": "nope.children", "outputs": {"id": "nope", "property": "children"},'
    b' "inputs": [], "state": []}',
    b'{"output": "error-alert.children", "inputs": "x"}',
]


@pytest.mark.parametrize("body", MALFORMED_BODIES)
def test_a_malformed_callback_body_gets_400_without_a_traceback(client, caplog, body):
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/_dash-update-component", data=body, content_type="application/json"
        )
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/../../etc/passwd",
        "/_dash-component-suites/dash/deps/%00.js",
        "/assets/%00",
        "/assets/../pyproject.toml",
    ],
)
def test_an_odd_asset_path_gets_404_without_a_traceback(client, caplog, path):
    with caplog.at_level(logging.INFO):
        response, _ = fetch(client, path)
    assert response.status_code == 404
    assert not [r for r in caplog.records if r.exc_info]


def test_a_log_record_is_one_line_whatever_a_client_sent():
    formatter = PlainLineFormatter(LOG_FORMAT)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "GET %s", ("/a\nforged\x00",), None)
    line = formatter.format(record)
    assert "\n" not in line and "\x00" not in line
    assert line.endswith("GET /a\\nforged\\x00")
    try:
        raise ValueError("case\n2026-01-01 00:00:00,000 1 INFO forged: line")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    lines = formatter.format(record).split("\n")
    assert lines[0].endswith("failed")
    assert all(line.startswith("    ") for line in lines[1:])  # only records start a line


def test_writes_are_off_unless_the_environment_turns_them_on():
    assert Settings.from_env({}).writes is False
    assert Settings.from_env({"CASE_TIMELINE_WRITES": "1"}).writes is True
    assert Settings.from_env({"CASE_TIMELINE_WRITES": "no"}).writes is False
