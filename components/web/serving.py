"""Production serving: security headers, compression, cache headers, request logs, settings,
and answers without a traceback to requests no page sends.

`harden(app)` is the one call `create_app` makes, after every callback is registered (the
Content-Security-Policy hashes Dash's inline scripts, so they must all exist by then). The
settings are read from the environment in one place, here, and used by `gunicorn.conf.py`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, abort, request
from flask_compress import Compress
from werkzeug.wsgi import ClosingIterator

from components.web.access_log import SUBJECT_KEY, record_subject

LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
request_log = logging.getLogger("case_timeline.request")
#: Where the page sends its callbacks.
CALLBACK_PATH = "/_dash-update-component"
#: The environment variable that allows saving to the library and writing notes.
WRITES_ENV = "CASE_TIMELINE_WRITES"

#: Our own files under /assets/ carry `?m=<modification time>` in their URL, Dash's component
#: bundles a version in their path: either changes when the file does, so a browser may keep
#: them for a year without asking again.
LONG_CACHE = "public, max-age=31536000, immutable"
#: Everything else (the page, the layout, callback answers, bundles without a version in their
#: name) is revalidated on every use; unchanged bundles then cost a 304.
REVALIDATE = "no-cache"
#: A case id or format in the access log is cut to this (a valid case id has at most 64).
MAX_LOGGED_VALUE = 80


@dataclass(frozen=True)
class Settings:
    """How gunicorn runs the app, from the environment. (The cases folder is read by
    `components.cases.library.default_cases_dir` from CASE_TIMELINE_CASES, for every way of
    serving.)"""

    host: str = "127.0.0.1"
    port: int = 8050
    workers: int = 3
    threads: int = 2
    timeout: int = 60
    #: Longer than a browser keeps an unused connection it opened ahead (Chromium: 10 s):
    #: the browser closes those itself, and a request never meets one the server just closed.
    keepalive: int = 75
    log_level: str = "INFO"
    #: Saving cases to the library and notes into case folders; off where people share a
    #: server unless whoever runs it turns it on (README, "Serving").
    writes: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            host=env.get("HOST", cls.host),
            port=int(env.get("PORT", cls.port)),
            workers=int(env.get("WORKERS", cls.workers)),
            threads=int(env.get("THREADS", cls.threads)),
            timeout=int(env.get("TIMEOUT", cls.timeout)),
            keepalive=int(env.get("KEEPALIVE", cls.keepalive)),
            log_level=env.get("LOG_LEVEL", cls.log_level).upper(),
            writes=env.get(WRITES_ENV, "").strip().lower() in ("1", "true", "yes", "on"),
        )


def printable(text: str) -> str:
    """Text with every control character written as an escape (a newline as \\n, NUL as
    \\x00), so that nothing a client sent can start a log line of its own."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


class PlainLineFormatter(logging.Formatter):
    """One record, one line: the message's control characters escaped, and a traceback's
    lines indented, so every line that starts at the margin is a record of ours."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = printable(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        lines = super().formatException(ei).split("\n")
        return "\n".join("    " + printable(line) for line in lines)


def configure_logging(level: str = "INFO") -> None:
    """One plain line per record on stderr, for the server entry points (not the tests)."""
    handler = logging.StreamHandler()
    handler.setFormatter(PlainLineFormatter(LOG_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    # Our request log replaces the development server's own access line.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The policy the page works under: nothing from elsewhere, no inline or evaluated script.

    Styles allow 'unsafe-inline': plotly.js writes its own rules into a <style> element at run
    time (modebar, hover labels, drag cursors) and AG Grid injects its theme the same way, so a
    hash cannot be known in advance. Inline style can change how the page looks, never run
    code. Plotly draws the toolbar icons and the camera button's PNG from data: and blob: URLs.
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(script_hashes: Iterable[str]) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }


def cache_control(path: str, query: Mapping[str, str], current: str | None) -> str:
    """Long caching for versioned files, revalidation for everything else.

    Dash already marks its versioned component bundles; our /assets/ files get a year when
    their URL carries Dash's modification-time stamp (`?m=`).
    """
    if path.startswith("/assets/") and "m" in query:
        return LONG_CACHE
    return current or REVALIDATE


def logged_value(text: str) -> str:
    """A value a client sent, as one field of a log line: cut to MAX_LOGGED_VALUE, control
    characters escaped (`printable`) and spaces written \\x20, so it can start no line and
    fake no other field."""
    cut = text if len(text) <= MAX_LOGGED_VALUE else text[: MAX_LOGGED_VALUE - 1] + "…"
    return printable(cut).replace(" ", "\\x20")


def subject_fields(environ: Mapping[str, Any]) -> str:
    """' case=x format=png' for a request about a case or an export (`access_log.subject`)."""
    found = environ.get(SUBJECT_KEY) or {}
    return "".join(f" {key}={logged_value(value)}" for key, value in found.items())


class RequestTimer:
    """WSGI middleware: one log line per request, whatever the server:
    `203.0.113.9 POST /_dash-update-component 200 812.4 ms case=x format=png`, the client's
    address (the peer's: behind a reverse proxy, the proxy's), method, path (no query), status,
    time, and the case and export format the request names.

    The time runs from the request's arrival at the app until the server has sent the whole
    answer (the iterable is closed), so streamed compression of a file is included.
    """

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):
        started = time.perf_counter()
        status = ["-"]

        def recording_start_response(code: str, headers: list, *args: Any):
            status[0] = code.split(" ", 1)[0]
            return start_response(code, headers, *args)

        def log_line() -> None:
            request_log.info(
                "%s %s %s %s %.1f ms%s",
                environ.get("REMOTE_ADDR") or "-",
                environ.get("REQUEST_METHOD", "-"),
                environ.get("PATH_INFO", "-"),
                status[0],
                (time.perf_counter() - started) * 1000,
                subject_fields(environ),
            )

        try:
            answer = self.wsgi_app(environ, recording_start_response)
        except BaseException:
            log_line()
            raise
        return ClosingIterator(answer, log_line)


def malformed_callback(body: object, callback_map: Mapping[str, object]) -> str | None:
    """What is wrong with a callback request's JSON, or None when it has the shape the page
    sends: an object naming a registered output, with lists of inputs and state."""
    if not isinstance(body, dict):
        return "not a JSON object"
    if not isinstance(body.get("output"), str) or body["output"] not in callback_map:
        return "no such callback output"
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list) or not all(_is_prop(item) for item in items):
            return f"malformed {key}"
    return None


def _is_prop(item: object) -> bool:
    """One input or state the page sends: a dict with an id and a property, or a list of them
    (a pattern-matching input)."""
    if isinstance(item, list):
        return all(_is_prop(one) for one in item)
    return isinstance(item, dict) and "id" in item and isinstance(item.get("property"), str)


def refuse_malformed(app: Dash) -> None:
    """Answer 400 to a callback request no page sends and 404 to an unknown component file,
    without a traceback in the log: those are a client's mistakes, not ours."""
    server = app.server

    @server.before_request
    def check_callback_body():
        if request.path == CALLBACK_PATH and request.method == "POST":
            problem = malformed_callback(request.get_json(silent=True), app.callback_map)
            if problem:
                abort(400, description=f"Malformed callback request: {problem}.")

    @server.errorhandler(DependencyException)
    def unknown_component_file(_error: DependencyException):
        return Response("Not found", status=404, mimetype="text/plain")


def harden(app: Dash) -> None:
    """Security and cache headers, gzip, request logs and refusals of malformed requests on
    the app's Flask server."""
    server = app.server
    record_subject(server)
    refuse_malformed(app)
    headers = security_headers(app.csp_hashes())
    # gzip only: every browser takes it, and it needs no extra package.
    server.config.update(COMPRESS_ALGORITHM=["gzip"], COMPRESS_ALGORITHM_STREAMING=["gzip"])
    Compress(server)

    @server.after_request
    def add_headers(response: Response) -> Response:
        response.headers.update(headers)
        response.headers["Cache-Control"] = cache_control(
            request.path, request.args, response.headers.get("Cache-Control")
        )
        return response

    server.wsgi_app = RequestTimer(server.wsgi_app)
