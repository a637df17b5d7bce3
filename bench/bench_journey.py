"""Simulated people under `make serve`'s gunicorn, with locust: each opens the page, changes the
day range three times, switches the case once and exports the timeline once, as the browser
would ask the server for it. 1, 10 and 50 people at once; every request must succeed.

What the browser sends is read from the app itself (its layout and `/_dash-dependencies`), so the
same script measures any version of the app: a range change is every server callback that has
the view store as an input (none, when the browser slices the range itself); a case switch is
`open_view` for the other case and the server callbacks that follow the view.

Run: PYTHONPATH=tests .venv/bin/python bench/bench_journey.py [--users 1,10,50] [--root DIR]
(`--root` serves another checkout, e.g. the main branch, for a before-and-after.)
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import argparse  # noqa: E402 - after gevent's patching, as locust needs
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402
from support.dash_requests import (  # noqa: E402
    DEPENDENCIES_PATH,
    UPDATE_PATH,
    components_by_id,
    output_props,
)
from support.headless import GunicornServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "cases" / "axicel-relapsing-icans"
OTHER = "axicel-copy"
RANGES = ([0, 14], [15, 44], [40, 52])
JOURNEY_TIMEOUT_S = 600
#: What makes a server callback follow the view: the view store, or (once the timeline has
#: painted) the request for the course-wide insight.
FOLLOW_INPUTS = ("view-store.data", "insight-course-wanted.data")


def body(dependency: dict, page: dict, values: dict, changed: str) -> bytes:
    """A callback call with its inputs and state as the page holds them, `values` overriding."""

    def sent(props: list[dict]) -> list[dict]:
        items = []
        for prop in props:
            key = f"{prop['id']}.{prop['property']}"
            item = {"id": prop["id"], "property": prop["property"]}
            value = values.get(key, page.get(prop["id"], {}).get(prop["property"]))
            if value is not None:
                item["value"] = value
            items.append(item)
        return items

    outputs = [{"id": i, "property": p} for i, p in output_props(dependency["output"])]
    return json.dumps(
        {
            "output": dependency["output"],
            "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
            "inputs": sent(dependency["inputs"]),
            "state": sent(dependency["state"]),
            "changedPropIds": [changed],
        }
    ).encode()


def server_callbacks(dependencies: list[dict], *input_keys: str) -> list[dict]:
    """The callbacks the server answers (not the browser) that fire on any of `input_keys`."""
    return [
        d
        for d in dependencies
        if not d.get("clientside_function")
        and any(f"{i['id']}.{i['property']}" in input_keys for i in d["inputs"])
    ]


def by_output(dependencies: list[dict], prop: str) -> dict:
    return next(
        d
        for d in dependencies
        if prop in {".".join(p).split("@")[0] for p in output_props(d["output"])}
    )


class Person(HttpUser):
    """One journey, then done."""

    wait_time = constant(0)

    def call(self, name: str, data: bytes, expect: str | None = None) -> dict:
        """One callback call; a failure unless it answers, with `expect` among its outputs."""
        with self.client.post(
            UPDATE_PATH,
            data=data,
            headers={"Content-Type": "application/json"},
            name=name,
            catch_response=True,
        ) as response:
            answer = response.json().get("response") if response.status_code == 200 else None
            if response.status_code == 204:
                answer = {}
            if answer is None:
                response.failure(f"status {response.status_code}: {response.text[:200]}")
            elif expect and expect not in answer:
                response.failure(f"no {expect} in {response.text[:300]}")
            return answer or {}

    def follow(self, name: str, view: dict) -> None:
        """The server callbacks that follow a new view (none on the page's first load when
        the view arrives in the layout, but the course-wide insight does)."""
        for callback in server_callbacks(self.dependencies, *FOLLOW_INPUTS):
            values = dict.fromkeys(FOLLOW_INPUTS, view)
            self.call(name, body(callback, self.page, values, FOLLOW_INPUTS[0]))

    def open_page(self) -> dict:
        """The page, its layout and callback graph, and what the browser asks on load."""
        self.client.get("/", name="page")
        url = f"{self.host}/?case={SEED.name}"
        layout = self.client.get("/_dash-layout", headers={"Referer": url}, name="layout")
        self.page = components_by_id(layout.json())
        self.dependencies = self.client.get(DEPENDENCIES_PATH, name="dependencies").json()
        opened = {"url.search": f"?case={SEED.name}", "uploaded-case.data": None}
        open_view = by_output(self.dependencies, "timeline.figure")
        answer = self.call(
            "open view (page load)", body(open_view, self.page, opened, "url.search")
        )
        # The view is in the layout, or (a page that opens it in a callback) in this answer.
        view = self.page["view-store"].get("data") or answer.get("view-store", {}).get("data")
        if view is None:
            raise RuntimeError(f"no view on the page nor in {list(answer)}")
        self.follow("follow view (page load)", view)
        return view

    def change_ranges(self, view: dict) -> None:
        ranged = server_callbacks(self.dependencies, "view-store.data")
        for days in RANGES:
            moved = {"view-store.data": {**view, "days": days}}
            for callback in ranged:
                self.call("range change", body(callback, self.page, moved, "view-store.data"))
        self.environment.range_requests.append(len(ranged))

    def switch_case(self, view: dict) -> dict:
        switch = {
            "url.search": f"?case={OTHER}",
            "view-store.data": view,
            "uploaded-case.data": None,
        }
        open_view = by_output(self.dependencies, "timeline.figure")
        self.call("case switch", body(open_view, self.page, switch, "url.search"), "timeline")
        other = {**view, "case": OTHER}
        self.follow("follow view (case switch)", other)
        return other

    def export(self, view: dict) -> None:
        values = {
            "export-button.n_clicks": 1,
            "view-store.data": view,
            "export-format.value": "png",
        }
        callback = by_output(self.dependencies, "export-download.data")
        sent = body(callback, self.page, values, "export-button.n_clicks")
        self.call("export PNG", sent, "export-download")

    @task
    def journey(self) -> None:
        started = time.perf_counter()
        view = self.open_page()
        self.change_ranges(view)
        self.export(self.switch_case(view))
        self.environment.events.request.fire(
            request_type="JOURNEY",
            name="whole journey",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=None,
            context={},
        )
        raise StopUser


def run(host: str, users: int) -> Environment:
    environment = Environment(user_classes=[Person], host=host)
    environment.range_requests = []
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + JOURNEY_TIMEOUT_S
    gevent.sleep(1)
    while runner.user_count and time.monotonic() < deadline:
        gevent.sleep(0.2)
    timed_out = runner.user_count > 0
    runner.quit()
    if timed_out:
        raise SystemExit(f"{users} journeys not done in {JOURNEY_TIMEOUT_S} s")
    return environment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="1,10,50")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    args = parser.parse_args()
    names = (
        "layout",
        "open view (page load)",
        "follow view (page load)",
        "range change",
        "case switch",
        "follow view (case switch)",
        "export PNG",
        "whole journey",
    )
    seed = args.root / "data" / "cases" / SEED.name  # the served checkout's own case files
    with tempfile.TemporaryDirectory() as scratch:
        cases = Path(scratch)
        shutil.copytree(seed, cases / SEED.name)
        shutil.copytree(seed, cases / OTHER)
        GunicornServer.ROOT = args.root
        with GunicornServer(cases, workers=3, threads=2) as server:
            server.wait_for_workers(3)
            run(server.url, 3)  # every worker imports, loads both cases and starts its exporter
            print(f"journeys under gunicorn (3 workers x 2 threads), served from {args.root}")
            heading = ("users", "request", "count", "p50 ms", "p95 ms", "fails")
            print("  {:>5} {:26} {:>6} {:>8} {:>8} {:>5}".format(*heading))
            for users in (int(u) for u in args.users.split(",")):
                environment = run(server.url, users)
                stats = environment.stats
                for name in names:
                    entry = next((e for (n, _), e in stats.entries.items() if n == name), None)
                    if entry is None or not entry.num_requests:
                        print(f"  {users:5d} {name:26} {0:6d} {'-':>8} {'-':>8} {0:5d}")
                        continue
                    print(
                        f"  {users:5d} {name:26} {entry.num_requests:6d} "
                        f"{entry.get_response_time_percentile(0.5):8.0f} "
                        f"{entry.get_response_time_percentile(0.95):8.0f} {entry.num_failures:5d}"
                    )
                for error in stats.errors.values():
                    print(f"  {users:5d} error x{error.occurrences}: {error.name}: {error.error}")
                print(
                    f"  {users:5d} server requests per range change: "
                    f"{statistics.mean(environment.range_requests):.0f}; "
                    f"failures in all: {stats.total.num_failures}"
                )


if __name__ == "__main__":
    main()
