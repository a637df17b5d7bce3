"""The dashboard: `create_app(cases_dir)` builds it (components/web/app.py); `main()` serves it."""

from __future__ import annotations

from components.cli import main as cli_main
from components.web.app import create_app, wsgi_app

__all__ = ["create_app", "main", "wsgi_app"]


def main() -> None:
    cli_main(["run"])


if __name__ == "__main__":
    main()
