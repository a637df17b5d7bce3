"""Faults a department will meet: a server worker dies under load, the export browser dies.

The worker test starts gunicorn as `make serve` does (gunicorn.conf.py, two workers) and kills
one worker with SIGKILL while a client keeps calling; the export test kills the Kaleido
browser between two exports. No timings are asserted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import threading
import urllib.request
from pathlib import Path

import plotly.graph_objects as go
import pytest
from factories import SEED_CASE
from support.dash_requests import DEPENDENCIES_PATH, UPDATE_PATH, find_callback, update_body
from support.headless import GunicornServer
from support.waiting import wait_until

from components.export.renderer import ExportError, FigureRenderer

SEED_VIEW = {
    "case": SEED_CASE.name,
    "days": [40, 50],
    "span": [-10, 88],
    "lanes": ["crs", "icans", "neuro", "labs", "csf", "drugs", "care"],
    "defaultLanes": True,
    "collapsed": [],
}
RESPAWN_TIMEOUT_S = 60.0
CALL_TIMEOUT_S = 30.0


def post(url: str, body: bytes) -> dict:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=CALL_TIMEOUT_S) as response:
        return json.loads(response.read())


def range_call(server: GunicornServer) -> dict:
    """What a range change asks the server for: the table rows and the headline numbers."""
    with urllib.request.urlopen(server.url + DEPENDENCIES_PATH, timeout=CALL_TIMEOUT_S) as response:
        dependencies = json.loads(response.read())
    body = update_body(
        find_callback(dependencies, "event-grid.rowData"),
        {"view-store.data": SEED_VIEW},
        "view-store.data",
    )
    return post(server.url + UPDATE_PATH, body)


def process_table() -> dict[int, tuple[int, str]]:
    """Every process: its parent and command line, read from /proc."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        table[int(stat.parent.name)] = (parent, command)
    return table


def export_browser_processes() -> set[int]:
    """This process's Kaleido browser: the choreographer wrapper it started and every
    Chromium process below it (not the browser tests' Playwright Chromium)."""
    table = process_table()
    found = {
        pid
        for pid, (parent, command) in table.items()
        if parent == os.getpid() and "choreographer" in command
    }
    frontier = set(found)
    while frontier:
        frontier = {pid for pid, (parent, _) in table.items() if parent in frontier}
        found |= frontier
    return found


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    return tmp_path


class Caller(threading.Thread):
    """Calls the range callback until stopped, recording every outcome: an answer, or the
    exception that took its place (any exception: a reset connection, a cut-off body, a JSON
    error, an error answer without the expected keys). It never dies silently."""

    def __init__(self, server: GunicornServer):
        super().__init__(daemon=True)
        self.server = server
        self.outcomes: list[str] = []  # "ok", or the exception's type and message
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                answer = range_call(self.server)
                ok = "rowData" in answer["response"]["event-grid"]
                self.outcomes.append("ok" if ok else f"no rows: {answer!r:.200}")
            except Exception as error:
                self.outcomes.append(f"{type(error).__name__}: {error}")

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=CALL_TIMEOUT_S + 5)
        assert not self.is_alive(), "the calling thread did not stop"


@pytest.mark.server
@pytest.mark.timeout(240)
def test_killing_a_worker_under_load_keeps_the_service_answering(cases: Path):
    with GunicornServer(cases, workers=2) as server:
        # /healthz answers once the first worker is up; the second may still be forking.
        workers = server.wait_for_workers(2)
        caller = Caller(server)
        caller.start()
        try:
            wait_until(lambda: len(caller.outcomes) >= 20, 60, "20 range calls before the kill")
            victim = min(workers)
            os.kill(victim, signal.SIGKILL)
            killed_at = len(caller.outcomes)
            wait_until(
                lambda: len(caller.outcomes) >= killed_at + 40, 90, "40 range calls after the kill"
            )
        finally:
            caller.stop()

        # At most the one call the killed worker was answering is lost.
        failures = [o for o in caller.outcomes if o != "ok"]
        assert len(failures) <= 1, failures
        assert server.answers("/healthz")
        assert range_call(server)["response"]["headline-numbers"]["children"]
        assert victim not in server.wait_for_workers(2, RESPAWN_TIMEOUT_S, excluding={victim})
        assert "was sent SIGKILL" in server.log_path.read_text()


@pytest.mark.server
def test_export_after_the_browser_crashed_says_so_and_the_next_one_works():
    figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[2, 1, 3]))
    renderer = FigureRenderer()
    try:
        assert renderer.render(figure, "png").startswith(b"\x89PNG")
        browsers = export_browser_processes()
        assert browsers, "the renderer started no browser"
        for pid in browsers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with pytest.raises(ExportError) as failure:
            renderer.render(figure, "png")
        message = str(failure.value)
        assert "Traceback" not in message
        assert "try again" in message.lower()
        assert renderer.render(figure, "png").startswith(b"\x89PNG")
    finally:
        renderer.stop()
