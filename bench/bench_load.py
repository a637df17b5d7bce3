"""Callback throughput and latency under gunicorn, with 1, 10 and 50 concurrent clients (wrk).

The server is `make serve`'s (gunicorn.conf.py: 3 workers of 2 threads) on two cases, the seed
case and a copy of it under another id. Three callbacks, their POST bodies rebuilt from the app's
`/_dash-dependencies` in the shape Chromium sends:
- range: what a day-range change asks of the server (the figure itself moves in the browser):
  the event table rows and headline numbers for the view, cycling through 8 day ranges;
- range insight: the other callback a range change fires, the corticosteroid numbers and the
  grade check of the days (the exposure figure, like the timeline, moves in the browser);
- case switch: `open_view` for a URL naming the other case, alternating between the two; it
  builds the whole figure, the options, presets and header.
Each run is bounded in time (DURATION_S) and in requests (MAX_REQUESTS). wrk (Debian's, a C
client) leaves the two cores to the server, which a Python client at 50 connections would
not. Requests ask for gzip, as a browser does. Errors are socket errors, timeouts and
answers other than 200.

Run: PYTHONPATH=tests .venv/bin/python bench/bench_load.py   (needs `wrk`: `make wrk`)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from support.dash_requests import DEPENDENCIES_PATH, UPDATE_PATH, find_callback, update_body
from support.headless import GunicornServer

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "cases" / "axicel-relapsing-icans"
OTHER = "axicel-relapsing-icans-copy"
WORKERS, THREADS = 3, 2
CLIENTS = (1, 10, 50)
DURATION_S = 10
MAX_REQUESTS = 3000
TIMEOUT_S = 30
RANGES = ([40, 50], [0, 14], [-10, 88], [20, 30], [50, 60], [0, 30], [60, 88], [30, 45])
LANES = ["crs", "icans", "neuro", "labs", "csf", "drugs", "care"]

#: wrk script: cycles through the bodies, stops each thread after its share of MAX_REQUESTS,
#: and prints one JSON line of figures (latencies in microseconds).
WRK_SCRIPT = """
local bodies = {%(bodies)s}
local counter, limit = 0, %(limit)d
local headers = {["Content-Type"] = "application/json", ["Accept-Encoding"] = "gzip"}
request = function()
  counter = counter + 1
  return wrk.format("POST", "%(path)s", headers, bodies[(counter %% #bodies) + 1])
end
response = function(status, headers, body)
  if counter >= limit then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%f, "p50": %%d, "p95": %%d, "p99": %%d, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def lua_strings(bodies: list[bytes]) -> str:
    return ", ".join(f"[==[{body.decode()}]==]" for body in bodies)


def wrk(url: str, bodies: list[bytes], clients: int, duration_s: int = DURATION_S) -> dict:
    threads = min(clients, 2)
    script = WRK_SCRIPT % {
        "bodies": lua_strings(bodies),
        "limit": MAX_REQUESTS // threads,
        "path": UPDATE_PATH,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        command = [
            "wrk",
            f"--threads={threads}",
            f"--connections={clients}",
            f"--duration={duration_s}s",
            f"--timeout={TIMEOUT_S}s",
            f"--script={file.name}",
            url,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(next(line for line in output.splitlines() if line.startswith("{")))


def callback_bodies(server: GunicornServer) -> dict[str, list[bytes]]:
    with urllib.request.urlopen(server.url + DEPENDENCIES_PATH) as response:
        dependencies = json.loads(response.read())
    table = find_callback(dependencies, "event-grid.rowData")
    insight = find_callback(dependencies, "grade-check.children")
    view = find_callback(dependencies, "timeline.figure")

    def range_bodies(callback: dict) -> list[bytes]:
        return [
            update_body(
                callback,
                {
                    "view-store.data": {
                        "case": SEED.name,
                        "days": days,
                        "span": [-10, 88],
                        "lanes": LANES,
                        "defaultLanes": True,
                        "collapsed": [],
                    }
                },
                "view-store.data",
            )
            for days in RANGES
        ]

    switch_bodies = [
        update_body(view, {"url.search": f"?case={case_id}"}, "url.search")
        for case_id in (SEED.name, OTHER)
    ]
    return {
        "range": range_bodies(table),
        "range insight": range_bodies(insight),
        "case switch": switch_bodies,
    }


def check(server: GunicornServer, body: bytes) -> None:
    """One call by hand: the body is one the app answers with its outputs."""
    request = urllib.request.Request(
        server.url + UPDATE_PATH, data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and json.loads(response.read())["multi"]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `make wrk` (Debian package wrk)")
    with tempfile.TemporaryDirectory() as scratch:
        cases = Path(scratch)
        shutil.copytree(SEED, cases / SEED.name)
        shutil.copytree(SEED, cases / OTHER)
        with GunicornServer(cases, workers=WORKERS, threads=THREADS) as server:
            bodies = callback_bodies(server)
            print(
                f"callbacks under gunicorn ({WORKERS} workers x {THREADS} threads) on loopback, "
                f"wrk, each run at most {DURATION_S} s and {MAX_REQUESTS} requests"
            )
            print(
                f"  {'callback':13} {'clients':>7} {'requests':>8} {'req/s':>7} "
                f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
            )
            for name, sent in bodies.items():
                for body in sent:
                    check(server, body)
                # Every worker loads both cases and warms up before the timed runs.
                wrk(server.url + UPDATE_PATH, sent, clients=WORKERS * THREADS, duration_s=3)
                for clients in CLIENTS:
                    result = wrk(server.url + UPDATE_PATH, sent, clients)
                    print(
                        f"  {name:13} {clients:7d} {result['requests']:8d} "
                        f"{result['requests'] / result['seconds']:7.1f} "
                        f"{result['p50'] / 1000:7.1f} {result['p95'] / 1000:7.1f} "
                        f"{result['p99'] / 1000:7.1f} {result['errors']:6d}"
                    )


if __name__ == "__main__":
    main()
