"""Production serving: security headers, compression, cache headers, request logs, settings.

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
from flask import Response, request
from flask_compress import Compress
from werkzeug.wsgi import ClosingIterator

LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
request_log = logging.getLogger("case_timeline.request")

#: Our own files under /assets/ carry `?m=<modification time>` in their URL, Dash's component
#: bundles a version in their path: either changes when the file does, so a browser may keep
#: them for a year without asking again.
LONG_CACHE = "public, max-age=31536000, immutable"
#: Everything else (the page, the layout, callback answers, bundles without a version in their
#: name) is revalidated on every use; unchanged bundles then cost a 304.
REVALIDATE = "no-cache"


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
        )


def configure_logging(level: str = "INFO") -> None:
    """One plain line per record on stderr, for the server entry points (not the tests)."""
    logging.basicConfig(format=LOG_FORMAT, level=level)
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


class RequestTimer:
    """WSGI middleware: one log line per request, `GET /path 200 12.3 ms`, whatever the server.

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
                "%s %s %s %.1f ms",
                environ.get("REQUEST_METHOD", "-"),
                environ.get("PATH_INFO", "-"),
                status[0],
                (time.perf_counter() - started) * 1000,
            )

        try:
            answer = self.wsgi_app(environ, recording_start_response)
        except BaseException:
            log_line()
            raise
        return ClosingIterator(answer, log_line)


def harden(app: Dash) -> None:
    """Security and cache headers, gzip, and request logs on the app's Flask server."""
    server = app.server
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
