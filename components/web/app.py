"""The dashboard application: `create_app(cases_dir)` composes the page and its callbacks."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, set_props
from flask import Flask

from components.cases.index import LibraryIndex
from components.cases.library import CaseLibrary, default_library_dirs
from components.cases.upload import MAX_REQUEST_BYTES
from components.export.renderer import FigureRenderer
from components.web import ids
from components.web.context import Services
from components.web.pages import case_page, cohort_page, present_page
from components.web.router import Page, route
from components.web.serving import Settings, configure_logging, harden

log = logging.getLogger("case_timeline")
ASSETS = Path(__file__).resolve().parents[2] / "assets"

APOLOGY = (
    "Sorry, something went wrong on our side while updating the page. "
    "The error has been logged; reloading the page usually helps."
)


#: The pages by path; the first is served for any path not listed.
PAGES = {
    page.path: page
    for page in (
        Page("/", case_page.layout, case_page.register, case_page.fill_view),
        Page("/present", present_page.layout, present_page.register),
        Page("/cohort", cohort_page.layout, cohort_page.register, cohort_page.fill_view),
    )
}


def report_callback_error(error: Exception) -> None:
    """Our own errors: a traceback in the server log, a short apology on the page."""
    log.exception("callback failed", exc_info=error)
    set_props(ids.ERROR_ALERT, {"children": dbc.Alert(APOLOGY, color="danger", dismissable=True)})


def build_index_in_background(index: LibraryIndex) -> threading.Thread:
    """Index what is missing while the server starts answering; one log line when done."""

    def build() -> None:
        started = time.perf_counter()
        try:
            cohort, built = index.update()
        except Exception:
            log.exception("case index: building failed; the cohort page builds it when opened")
            return
        log.info(
            "case index: %d cases, %d built in %.1f s",
            len(cohort.cases),
            built,
            time.perf_counter() - started,
        )

    thread = threading.Thread(target=build, name="case-index", daemon=True)
    thread.start()
    return thread


def create_app(cases_dir: Path | None = None, writes: bool = False) -> Dash:
    """The app on one library folder, or on the default folders (`default_library_dirs`: the
    published and the synthetic cases). `writes` allows saving cases to the library and notes
    into case folders: on for one person's machine (`case-timeline run`), off by default
    where people share a server (`Settings.writes`, from CASE_TIMELINE_WRITES)."""
    library = CaseLibrary(cases_dir) if cases_dir else CaseLibrary(*default_library_dirs())
    # What a worker killed mid-write left is removed before anything is listed or counted.
    library.sweep()
    # The case selector lists only the cases that load: listed once here, from the library
    # index where it is current and by loading the other cases, so that gunicorn's workers,
    # forked from this process (preload_app), inherit what was loaded.
    library.listing()
    app = Dash(
        __name__,
        title="CAR-T case timeline",
        assets_folder=str(ASSETS),
        serve_locally=True,
        on_error=report_callback_error,
        health_endpoint="healthz",
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Uploads arrive in callback requests: anything far over the upload limit is refused by
    # the server itself (413), before a callback sees it.
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    # One warm Kaleido browser per server process, started by the first export.
    services = Services(library, FigureRenderer(), library.index, writes)
    build_index_in_background(services.index)
    route(app, PAGES, services)
    harden(app)
    set_up_before_serving(app)
    return app


def set_up_before_serving(app: Dash) -> None:
    """Dash sets itself up on the first request a process serves (`_setup_server`, run before
    each request): it marks the set-up done first and registers the component bundles after.
    A second request in another thread meanwhile (a worker's threads, a browser's parallel
    bundle requests) finds no bundle registered, gets a 500 for React or Dash's renderer, and
    the page stays on "Loading..." for good. Set up here, once, before anything is served
    (under gunicorn in the master, before the workers are forked)."""
    app._setup_server()


def wsgi_app() -> Flask:
    """The WSGI application for a production server (see gunicorn.conf.py)."""
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(writes=settings.writes).server
