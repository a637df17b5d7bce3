"""The dashboard application: `create_app(cases_dir)` composes the page and its callbacks."""

from __future__ import annotations

import logging
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, set_props
from flask import Flask

from components.cases.library import CaseLibrary, default_cases_dir
from components.cases.upload import MAX_REQUEST_BYTES
from components.export.renderer import FigureRenderer
from components.web import ids
from components.web.context import Services
from components.web.pages import case_page, present_page
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
        Page("/", case_page.layout, case_page.register),
        Page("/present", present_page.layout, present_page.register),
    )
}


def report_callback_error(error: Exception) -> None:
    """Our own errors: a traceback in the server log, a short apology on the page."""
    log.exception("callback failed", exc_info=error)
    set_props(ids.ERROR_ALERT, {"children": dbc.Alert(APOLOGY, color="danger", dismissable=True)})


def create_app(cases_dir: Path | None = None, writes: bool = False) -> Dash:
    """The app on a library folder. `writes` allows saving cases to the library and notes
    into case folders: on for one person's machine (`case-timeline run`), off by default
    where people share a server (`Settings.writes`, from CASE_TIMELINE_WRITES)."""
    library = CaseLibrary(cases_dir or default_cases_dir())
    # The case selector lists only the cases that load, so every case is loaded once here:
    # gunicorn forks its workers from this process (preload_app), and each inherits them.
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
    services = Services(library, FigureRenderer(), writes)
    route(app, PAGES, services)
    harden(app)
    return app


def wsgi_app() -> Flask:
    """The WSGI application for a production server (see gunicorn.conf.py)."""
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(writes=settings.writes).server
