"""The `case-timeline` command: validate case files, serve the dashboard, export slides."""

from components.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
