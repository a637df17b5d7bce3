"""The dashboard on a free local port and headless Debian Chromium: for the browser tests,
the README screenshot and the benchmarks, so all of them see the page the same way.

`LiveServer` runs the app in a thread of this process; `GunicornServer` runs it as `make serve`
does, several gunicorn workers in their own processes.

Playwright is a test dependency, imported only when a browser is launched.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.serving import make_server

from support.waiting import wait_until

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GRAPH_SELECTOR = "#timeline .js-plotly-plot"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The app served by a threaded WSGI server, as a person's browser would reach it."""

    def __init__(self, cases_dir: Path | None, writes: bool = False):
        """`cases_dir` None serves the default library folders (published and synthetic)."""
        from components.web.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server(
            "127.0.0.1", self.port, create_app(cases_dir, writes).server, threaded=True
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()


class GunicornServer:
    """`make serve` on a free port: gunicorn.conf.py with its settings from the environment.

    The server's log goes to a file (`log_path`), read by a test or printed by a benchmark.
    """

    ROOT = Path(__file__).resolve().parents[2]
    START_TIMEOUT_S = 60.0

    def __init__(
        self, cases_dir: Path, workers: int = 2, threads: int = 2, env: dict | None = None
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WORKERS": str(workers),
            "THREADS": str(threads),
            "CASE_TIMELINE_CASES": str(cases_dir),
            **(env or {}),
        }
        self.log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> GunicornServer:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                cwd=self.ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + self.START_TIMEOUT_S
        while not self.answers("/healthz"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"gunicorn did not start:\n{self.log_path.read_text()}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def wait_for_workers(
        self, count: int, timeout_s: float = 60.0, excluding: set[int] = frozenset()
    ) -> set[int]:
        """The worker pids once `count` of them (other than `excluding`) are running: /healthz
        answers as soon as the first worker is up, while the others may still be forking."""

        def running() -> set[int] | None:
            found = self.worker_pids() - excluding
            return found if len(found) == count else None

        return wait_until(running, timeout_s, f"{count} gunicorn workers", poll_s=0.2)

    def worker_pids(self) -> set[int]:
        """The master's child processes, read from /proc."""
        assert self.process is not None
        master = str(self.process.pid)
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == master:
                children.add(int(stat.parent.name))
        return children


def launch_chromium(playwright: Playwright) -> Browser:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make install` to get Debian's chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_for_timeline(page, url: str) -> None:
    """Open the page and wait until the figure has painted and the table has rows."""
    page.goto(url)
    page.wait_for_function(
        "sel => { const g = document.querySelector(sel); return g && g.data && g.data.length; }",
        arg=GRAPH_SELECTOR,
    )
    # Rows in the table: AG Grid renders them once it has data; whether a row is on screen
    # depends on the layout at this width, which the tests of that layout check themselves.
    page.wait_for_selector("#event-grid .ag-row", state="attached")
