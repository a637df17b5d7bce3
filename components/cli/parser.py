"""The `case-timeline` command line: its subcommands and their arguments."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from components.cases.library import CASES_ENV, default_library_dirs
from components.cases.synth import write_synthetic_cases
from components.cli.checks import GRADE_FORMATS, grades, validate
from components.cli.exports import export, size_argument
from components.cli.library import cohort, field_help, index
from components.export.formats import EXPORT_FORMATS
from components.export.renderer import (
    SLIDE_16_9,
)
from components.figures.lanes.registry import LANES


def run(host: str, port: int, cases_dir: Path | None, debug: bool) -> int:
    """Serve the dashboard on one library folder, or on the default ones."""
    from components.web.app import create_app

    # One person's machine: saving cases and notes is allowed (a shared server: README).
    app = create_app(cases_dir=cases_dir, writes=True)
    app.run(host=host, port=port, debug=debug, dev_tools_ui=debug, dev_tools_props_check=debug)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="case-timeline",
        description="Timelines of CAR T-cell therapy toxicity cases.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _add_checks(commands)
    _add_run(commands)
    _add_export(commands)
    _add_library(commands)
    return parser


Commands = argparse._SubParsersAction


def _add_checks(commands: Commands) -> None:
    """validate and grades: what a case file holds, read as the page reads it."""
    check = commands.add_parser("validate", help="check a case folder or an events file")
    check.add_argument("path", type=Path, metavar="FILE_OR_FOLDER")

    graded = commands.add_parser(
        "grades", help="the ASTCT grades of cases, a row per syndrome and calendar day"
    )
    graded.add_argument(
        "paths", type=Path, nargs="+", metavar="PATH", help="case folder or events file"
    )
    graded.add_argument("--format", choices=GRADE_FORMATS, default="table", dest="grades_format")


def _add_run(commands: Commands) -> None:
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


def _add_export(commands: Commands) -> None:
    slides = commands.add_parser("export", help="write slide-ready files of a case")
    slides.add_argument("--case", required=True, help="case id (a folder under --cases)")
    slides.add_argument("--days", default=None, help="A:B, e.g. 40:50 (default: whole course)")
    slides.add_argument(
        "--format",
        default="png",
        type=lambda text: [f.strip().lower() for f in text.split(",") if f.strip()],
        help=f"comma-separated: {', '.join(EXPORT_FORMATS)} (default png)",
    )
    slides.add_argument(
        "--lanes",
        default=None,
        type=lambda text: [k.strip() for k in text.split(",") if k.strip()],
        help=f"comma-separated lanes, top to bottom: {', '.join(LANES)}",
    )
    slides.add_argument(
        "--size", type=size_argument, default=SLIDE_16_9, help="WIDTHxHEIGHT[@SCALE]"
    )
    slides.add_argument("--title", default=None, help="slide title (default: the case title)")
    slides.add_argument("--out", type=Path, default=Path("exports"), help="folder to write to")
    slides.add_argument("--cases", type=Path, default=None, help="folder of case folders")
    slides.add_argument(
        "--insight",
        action="store_true",
        help="also the corticosteroid exposure and intrathecal timing figures (png, svg, pdf) "
        "and the key interval, grade check and literature tables (csv)",
    )


def _add_library(commands: Commands) -> None:
    """cohort, index and synth: the library as a whole."""
    folders_help = (
        f"folder of case folders; repeat for several (default: ${CASES_ENV}, else the bundled "
        "data/cases and data/synthetic)"
    )
    registry = commands.add_parser(
        "cohort",
        help="the registry fields of every case, one row per case",
        description="The registry fields of every case in the library, one row per case, "
        "computed as the case page computes them. Cases that fail validation are named on "
        "stderr. " + field_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    registry.add_argument("--cases", type=Path, action="append", help=folders_help)
    registry.add_argument("--format", choices=("table", "csv"), default="table")

    build = commands.add_parser("index", help="build or refresh the library index")
    build.add_argument("--cases", type=Path, action="append", help=folders_help)
    build.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes")

    synth = commands.add_parser(
        "synth",
        help="write synthetic demonstration cases (not patients)",
        description="Seeded synthetic cases in the case format, marked synthetic, following "
        "the ZUMA-1 axi-cel cohort's rates (components/cases/synth.py says which figures come "
        "from the paper and which are the generator's).",
    )
    synth.add_argument("--cases", type=int, required=True, help="how many cases")
    synth.add_argument("--seed", type=int, default=2017)
    synth.add_argument("--out", type=Path, required=True, help="folder to write case folders to")


#: The exit status when whoever reads the output closes it early (`case-timeline grades x |
#: head`): 128 + SIGPIPE, what the shell reports for a command SIGPIPE ended (`yes | head`),
#: so a script with `set -o pipefail` sees the same as with any other command. Not 0: the
#: output was not all written, and the command's own status is not known.
PIPE_CLOSED = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; a closed stdout ends it quietly, with PIPE_CLOSED and no traceback."""
    args = build_parser().parse_args(argv)
    try:
        status = run_command(args)
        # Flushed here: a pipe is block-buffered, so the write that finds it closed may be
        # this one, and after `main` returns it would only be reported as ignored.
        sys.stdout.flush()
    except BrokenPipeError:
        # The interpreter flushes stdout once more at exit: point it at /dev/null first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return PIPE_CLOSED
    return status


def run_command(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return validate(args.path)
    if args.command == "grades":
        return grades(args.paths, args.grades_format)
    if args.command == "export":
        return export(
            args.case,
            [args.cases] if args.cases else default_library_dirs(),
            args.days,
            args.format,
            args.lanes,
            args.size,
            args.title,
            args.out,
            args.insight,
        )
    if args.command == "cohort":
        return cohort(args.cases or default_library_dirs(), args.format)
    if args.command == "index":
        return index(args.cases or default_library_dirs(), args.workers)
    if args.command == "synth":
        written = write_synthetic_cases(args.out, args.cases, args.seed)
        print(f"wrote {len(written)} synthetic cases to {args.out}")
        return 0
    return run(args.host, args.port, args.cases, args.debug)
