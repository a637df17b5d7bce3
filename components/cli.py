"""The `case-timeline` command: validate case files and serve the dashboard."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from components.case import (
    CASE_FILE_NAME,
    load_case,
    load_events,
    summary_line,
)
from components.grading import grade_check
from components.schema import CaseFileError

DEFAULT_CASES_DIR = Path(__file__).resolve().parent.parent / "data" / "cases"
CASES_ENV = "CASE_TIMELINE_CASES"


def default_cases_dir() -> Path:
    return Path(os.environ.get(CASES_ENV, DEFAULT_CASES_DIR))


def validate(path: Path) -> int:
    """Print a one-line summary, or every problem; 0 when valid, 1 when not."""
    try:
        if path.is_dir():
            case = load_case(path)
            events, name = case.events, f"{case.case_id}: {case.info.title}"
        elif path.is_file():
            events, name = load_events(path), path.name
        else:
            print(f"{path}: no such file or folder", file=sys.stderr)
            return 1
    except CaseFileError as error:
        count = len(error.problems)
        print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{path}: cannot read ({error.strerror})", file=sys.stderr)
        return 1
    print(f"valid: {name}")
    print(f"  {summary_line(events)}")
    checks = grade_check(events)
    for check in checks[checks["verdict"].isin(["unconfirmed", "disagrees"])].itertuples():
        span = (
            f"day {check.day}"
            if check.day == check.end_day
            else f"days {check.day}-{check.end_day}"
        )
        print(f"  grade check, {check.syndrome} {span}: {check.verdict}. {check.why}")
    if path.is_file() and not (path.parent / CASE_FILE_NAME).is_file():
        print(f"  note: no {CASE_FILE_NAME} beside it; a case folder needs one to be served")
    return 0


def run(host: str, port: int, cases_dir: Path, debug: bool) -> int:
    from app import create_app

    app = create_app(cases_dir=cases_dir)
    app.run(host=host, port=port, debug=debug, dev_tools_ui=debug, dev_tools_props_check=debug)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="case-timeline",
        description="Timelines of CAR T-cell therapy toxicity cases.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check a case folder or an events file")
    check.add_argument("path", type=Path, metavar="FILE_OR_FOLDER")

    serve = commands.add_parser("run", help="serve the dashboard")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument(
        "--cases",
        type=Path,
        default=None,
        help=f"folder of case folders (default: ${CASES_ENV} or the bundled data/cases)",
    )
    serve.add_argument("--debug", action="store_true", help="Dash dev tools and reloading")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.path)
    return run(args.host, args.port, args.cases or default_cases_dir(), args.debug)


if __name__ == "__main__":
    sys.exit(main())
