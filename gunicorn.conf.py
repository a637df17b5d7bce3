"""gunicorn settings for `make serve`, read from the environment (see the README's table).

Run: `gunicorn -c gunicorn.conf.py` (the app is named here, so no argument is needed).
"""

from gunicorn.workers import gthread

from components.web.serving import LOG_FORMAT, PlainLineFormatter, Settings

settings = Settings.from_env()

wsgi_app = "app:wsgi_app()"
bind = f"{settings.host}:{settings.port}"
workers = settings.workers
# Threads let a worker answer callbacks while one of its threads waits on the export browser.
worker_class = "gthread"
threads = settings.threads
# A PowerPoint deck renders one picture per slide; a cold one takes several seconds.
timeout = settings.timeout
# gunicorn closes a connection that sent nothing after a few seconds plus `keepalive` (2 s by
# default): a browser that opened it ahead of time and sends its first request just then gets
# no answer and does not try again on a connection it never used. With a keepalive longer than
# the browser keeps such a connection, the browser always closes it first.
keepalive = settings.keepalive
# A connection that has sent nothing holds one of a worker's threads while gunicorn waits for
# its first bytes (5 s in gunicorn 27): a browser's connections opened ahead then hold both
# threads of a worker, and a real request behind them waits those 5 s. Wait briefly instead;
# the connection then waits in the worker's poller, holding no thread.
if hasattr(gthread, "DEFAULT_WORKER_DATA_TIMEOUT"):
    gthread.DEFAULT_WORKER_DATA_TIMEOUT = 0.1
# Workers are forked from a loaded app: a killed worker is replaced in well under a second.
preload_app = True
# gunicorn's control socket is one fixed path per user: several servers on a machine would
# share it, and nothing here uses it.
control_socket_disable = True
loglevel = settings.log_level.lower()
errorlog = "-"
# The app writes the access log: a line per request with the client's address, method, path,
# status and time, and the case and export format it names (components/web/serving.py,
# RequestTimer; components/web/access_log.py). gunicorn's own would lack the case and format.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per record whatever a client sent (control characters escaped).
    "formatters": {"plain": {"()": PlainLineFormatter, "fmt": LOG_FORMAT}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"level": settings.log_level, "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": settings.log_level, "handlers": [], "propagate": True},
    },
}
