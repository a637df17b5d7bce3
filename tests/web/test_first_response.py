"""The page for a URL arrives with its view in it: the layout answer holds the figure, the
controls, the stores, the table rows and the headline numbers, and the callbacks that fire on
load rebuild nothing. The insight section is not in it: it fills after the timeline paints."""

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from factories import SEED_CASE
from support.dash_requests import (
    DEPENDENCIES_PATH,
    UPDATE_PATH,
    components_by_id,
    find_callback,
    update_body,
)

from components.clinical.phases import headline_numbers, in_day_range
from components.figures.insight.builders import grade_check_table
from components.figures.insight.registry import grade_check_rows
from components.web.app import create_app

PAGE = f"http://localhost/?case={SEED_CASE.name}&days=40:50"


@pytest.fixture
def client(tmp_path):
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    return create_app(tmp_path).server.test_client()


def layout_for(client, page: str = PAGE) -> dict:
    response = client.get("/_dash-layout", headers={"Referer": page})
    assert response.status_code == 200
    return components_by_id(json.loads(response.get_data()))


def test_the_layout_answer_holds_the_view_of_the_url(client, seed_events):
    page = layout_for(client)
    assert page["view-store"]["data"]["days"] == [40, 50]
    assert page["day-range-slider"]["value"] == [40, 50]
    assert page["case-select"]["value"] == SEED_CASE.name
    figure = page["timeline"]["figure"]
    assert figure["data"]
    assert figure["layout"]["xaxis"]["range"] == [39.5, 50.5]
    rows = page["event-grid"]["rowData"]
    assert {r["event_id"] for r in rows} == {
        str(i) for i in in_day_range(seed_events, (40, 50)).index
    }
    peak = headline_numbers(seed_events, (40, 50))[0]
    assert page["headline-peak_icans"]["children"] == peak.value == "4"
    assert page["case-data"]["data"]["case"] == SEED_CASE.name
    # Below the fold, filled once the timeline has painted.
    assert not page["key-intervals"].get("children")
    assert not page["steroid-exposure-figure"].get("figure")


def test_a_url_with_days_it_cannot_read_arrives_with_the_notice(client):
    page = layout_for(client, f"http://localhost/?case={SEED_CASE.name}&days=soon")
    assert "Could not read days='soon'" in json.dumps(page["view-notice"])
    assert page["view-store"]["data"]["days"] == page["view-store"]["data"]["span"]


def test_open_view_on_load_rebuilds_nothing(client):
    page = layout_for(client)
    dependencies = json.loads(client.get(DEPENDENCIES_PATH).get_data())
    view = page["view-store"]["data"]
    values = {
        "url.search": f"?case={SEED_CASE.name}&days=40:50",
        "uploaded-case.data": None,
        "view-store.data": view,
        "notes-store.data": {SEED_CASE.name: []},
    }
    body = update_body(find_callback(dependencies, "timeline.figure"), values, "url.search")
    response = client.post(UPDATE_PATH, data=body, content_type="application/json")
    assert response.status_code == 200
    assert json.loads(response.get_data())["response"] == {}  # nothing updated, nothing built


def test_a_range_shows_the_grade_checks_of_the_whole_course_that_touch_it(seed_events):
    # What lets the browser slice the grade check instead of asking the server.
    checks = grade_check_table(seed_events)
    for days in [(-10, 88), (0, 14), (15, 44), (40, 52), (41, 41), (60, 88)]:
        touching = [c for c in checks if c["day"] <= days[1] and c["end_day"] >= days[0]]
        assert grade_check_rows(seed_events, days) == touching, days


def test_a_new_app_serves_the_bundles_to_its_first_requests_at_once(tmp_path):
    # Dash used to set itself up on the first request and register the bundles after marking
    # the set-up done: a bundle asked for meanwhile in another thread got a 500, and the page
    # stayed on "Loading...". The app is set up before it serves anything now.
    app = create_app(tmp_path)
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    bundles = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert bundles
    with ThreadPoolExecutor(len(bundles)) as pool:
        statuses = list(
            pool.map(lambda url: app.server.test_client().get(url).status_code, bundles)
        )
    assert statuses == [200] * len(bundles)
