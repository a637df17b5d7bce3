"""The access log (issue 20, item 6): one line per request with the client, method, path,
status and time, and for case pages and exports the case and the export format; a value a client
sent is escaped, so it can neither start a line nor fake another field."""

from __future__ import annotations

import json
import logging
import re
import shutil

import pytest
from factories import SEED_CASE
from support.dash_requests import DEPENDENCIES_PATH, UPDATE_PATH, find_callback, update_body

from components.web import ids
from components.web.access_log import subject
from components.web.app import create_app

CLIENT = {"REMOTE_ADDR": "203.0.113.9"}
CASE = SEED_CASE.name
VIEW = {"case": CASE, "days": [40, 50], "span": [-10, 88], "lanes": ["icans"], "collapsed": []}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    cases = tmp_path_factory.mktemp("cases")
    shutil.copytree(SEED_CASE, cases / SEED_CASE.name)
    return create_app(cases).server.test_client()


def logged(client, caplog, method: str, url: str, **kwargs) -> str:
    """The access log's line for one request from CLIENT."""
    with caplog.at_level(logging.INFO, logger="case_timeline.request"):
        response = getattr(client, method)(url, environ_base=CLIENT, **kwargs)
        response.get_data()
        response.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "case_timeline.request"]
    caplog.clear()
    return lines[-1]


def callback(client, output: str, values: dict, changed: str) -> bytes:
    dependencies = client.get(DEPENDENCIES_PATH).get_json()
    return update_body(find_callback(dependencies, output), values, changed)


def test_a_case_page_is_logged_with_the_client_and_the_case(client, caplog):
    line = logged(client, caplog, "get", f"/?case={CASE}&days=40:50")
    assert re.fullmatch(rf"203\.0\.113\.9 GET / 200 \d+\.\d ms case={CASE}", line)


def test_a_case_export_is_logged_with_its_case_and_format(client, caplog):
    values = {f"{ids.EXPORT_FORMAT}.value": "csv", f"{ids.VIEW_STORE}.data": VIEW}
    body = callback(client, f"{ids.EXPORT_DOWNLOAD}.data", values, f"{ids.EXPORT_BUTTON}.n_clicks")
    line = logged(client, caplog, "post", UPDATE_PATH, data=body, content_type="application/json")
    assert re.fullmatch(
        rf"203\.0\.113\.9 POST {UPDATE_PATH} 200 \d+\.\d ms case={CASE} format=csv", line
    )


def test_a_cohort_export_is_logged_with_its_format(client, caplog):
    values = {f"{ids.COHORT_EXPORT_FORMAT}.value": "csv"}
    body = callback(client, f"{ids.COHORT_DOWNLOAD}.data", values, f"{ids.COHORT_EXPORT}.n_clicks")
    line = logged(client, caplog, "post", UPDATE_PATH, data=body, content_type="application/json")
    assert line.endswith(" ms format=csv")


def test_a_request_about_nothing_names_nothing(client, caplog):
    assert re.fullmatch(
        r"203\.0\.113\.9 GET /healthz 200 \d+\.\d ms", logged(client, caplog, "get", "/healthz")
    )


def test_a_hostile_case_value_stays_one_escaped_field(client, caplog):
    line = logged(client, caplog, "get", "/?case=x%20format%3Dpptx%0AGET%20/admin")
    assert line.endswith(" case=x\\x20format=pptx\\nGET\\x20/admin")
    assert "\n" not in line and " format=" not in line


def test_an_insight_export_names_the_format_of_the_button_clicked():
    button = json.dumps({"index": "steroid-exposure.svg", "type": ids.INSIGHT_EXPORT})
    body = {
        "output": f"..{ids.INSIGHT_DOWNLOAD}.data...{ids.INSIGHT_EXPORT_STATUS}.children..",
        "inputs": [[{"id": json.loads(button), "property": "n_clicks", "value": 1}]],
        "state": [{"id": ids.VIEW_STORE, "property": "data", "value": VIEW}],
        "changedPropIds": [f"{button}.n_clicks"],
    }
    assert subject("", body) == {"case": CASE, "format": "svg"}


def test_the_case_asked_for_wins_over_the_case_shown():
    """Opening another case sends the new URL and the view still shown."""
    body = {
        "output": f"{ids.TIMELINE}.figure",
        "inputs": [{"id": ids.URL, "property": "search", "value": "?case=beta&days=1:5"}],
        "state": [{"id": ids.VIEW_STORE, "property": "data", "value": {"case": "alpha"}}],
    }
    assert subject("", body) == {"case": "beta"}
    assert subject("", {"output": 3, "inputs": "x", "state": [None, [1]]}) == {}
