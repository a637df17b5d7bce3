"""The dashboard on a free local port and headless Debian Chromium: for the browser tests,
the README screenshot and the browser benchmarks, so all three see the page the same way.

Playwright is a test dependency, imported only when a browser is launched.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.serving import make_server

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

    def __init__(self, cases_dir: Path):
        from app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server(
            "127.0.0.1", self.port, create_app(cases_dir).server, threaded=True
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()


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
    page.wait_for_selector("#event-grid .ag-row")
