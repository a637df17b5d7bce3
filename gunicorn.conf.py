"""gunicorn settings for `make serve`, read from the environment (see the README's table).

Run: `gunicorn -c gunicorn.conf.py` (the app is named here, so no argument is needed).
"""

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
# Workers are forked from a loaded app: a killed worker is replaced in well under a second.
preload_app = True
# gunicorn's control socket is one fixed path per user: several servers on a machine would
# share it, and nothing here uses it.
control_socket_disable = True
loglevel = settings.log_level.lower()
errorlog = "-"
# The app logs every request with its timing (components/serving.py); no second access log.
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
