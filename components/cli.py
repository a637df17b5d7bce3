"""The `case-timeline` command: validate case files, serve the dashboard, export slides."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from components.cases.case import (
    CASE_FILE_NAME,
    Case,
    case_ids,
    events_file,
    load_case,
    load_events,
    summary_line,
)
from components.cases.index import LibraryIndex, registry_table
from components.cases.library import CASES_ENV, CaseLibrary, default_library_dirs
from components.cases.synth import write_synthetic_cases
from components.clinical.cohort import FIELDS
from components.clinical.grading import CHECK_COLUMNS, check_runs, grade_check
from components.clinical.phases import case_day_span
from components.export.formats import EXPORT_FORMATS, export_case, export_insight
from components.export.renderer import (
    SLIDE_16_9,
    ExportError,
    FigureRenderer,
    SlideSize,
    parse_size,
)
from components.figures.insight import INSIGHT_ITEMS
from components.figures.lanes import LANES
from components.model.astct import unread_hint
from components.model.columns import FILE_ROW, Col
from components.model.csv_text import csv_text
from components.model.formatting import day_text
from components.model.problems import CaseFileError
from components.model.view import parse_days


def print_problems(name: Path | str, problems: list) -> None:
    count = len(problems)
    print(f"{name}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def validate_library(path: Path) -> int:
    """A folder of case folders: a line per case that can be shown, every problem of each one
    that cannot (as the page's case selector names them); 0 when all are valid."""
    listing = CaseLibrary(path).listing()
    for case_id in listing.shown:
        print(f"valid: {case_id}")
    for case_id, problems in listing.broken.items():
        print_problems(f"{path / case_id} (not shown)", problems)
    return 1 if listing.broken else 0


def validate(path: Path) -> int:
    """Print a one-line summary, or every problem; 0 when valid, 1 when not. A folder of case
    folders (a library) is checked case by case."""
    if path.is_dir() and not (path / CASE_FILE_NAME).exists() and case_ids(path):
        return validate_library(path)
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
        print_problems(path, error.problems)
        return 1
    except OSError as error:
        print(f"{path}: cannot read ({error.strerror})", file=sys.stderr)
        return 1
    print(f"valid: {name}")
    print(f"  {summary_line(events)}")
    checks = check_runs(grade_check(events))
    for check in checks[checks["check"].isin(["unconfirmed", "disagrees"])].itertuples():
        span = day_text(check.day, check.end_day)
        print(f"  grade check, {check.syndrome} {span}: {check.check}. {check.criterion}")
    for note in unread_notes(events):
        print(f"  note: {note}")
    if path.is_file() and not (path.parent / CASE_FILE_NAME).is_file():
        print(f"  note: no {CASE_FILE_NAME} beside it; a case folder needs one to be served")
    return 0


def unread_notes(events: pd.DataFrame) -> list[str]:
    """A note per item in a grade-relevant category that the ASTCT rules do not read, with the
    rows it is on and the vocabulary to use instead (data/README.md lists it)."""
    notes = []
    rows = events[events[FILE_ROW].notna()].sort_values(FILE_ROW)
    for (category, item, route), group in rows.groupby(
        [rows[Col.CATEGORY].astype(str), Col.ITEM, Col.ROUTE], sort=False
    ):
        hint = unread_hint(category, item, route)
        if hint:
            where = ", ".join(str(r) for r in group[FILE_ROW])
            notes.append(
                f"{category} '{item}' (row{'s' if len(group) > 1 else ''} {where}) is not read by "
                f"the ASTCT grading; to be graded, write {hint}"
            )
    return notes


GRADE_FORMATS = ("table", "csv")


def _grades_of(path: Path) -> tuple[str, pd.DataFrame]:
    """The case name (folder name or file stem) and its day-by-day grade check."""
    events = load_events(events_file(path) if path.is_dir() else path)
    return (path.name if path.is_dir() else path.stem), grade_check(events)


def grades(paths: list[Path], fmt: str) -> int:
    """Print the grades of each case, a row per syndrome and calendar day; 0 when every file is
    valid. CSV columns: case, then `grading.CHECK_COLUMNS` (a stable interface for scripts)."""
    frames, status = [], 0
    for path in paths:
        try:
            if not path.exists():
                raise OSError(2, "no such file or folder")
            name, check = _grades_of(path)
        except CaseFileError as error:
            status = 1
            print_problems(path, error.problems)
            continue
        except OSError as error:
            status = 1
            print(f"{path}: cannot read ({error.strerror})", file=sys.stderr)
            continue
        frames.append(check.assign(case=name))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    table = table.reindex(columns=["case", *CHECK_COLUMNS])
    table["at_least"] = table["at_least"].map({True: "true", False: "false"})
    if fmt == "csv":
        sys.stdout.write(csv_text(table))
    else:
        print(grades_text(table))
    return status


def grades_text(table: pd.DataFrame) -> str:
    """The grades as aligned columns for a person: a derived lower bound as '≥2', the
    criterion last and whole."""
    derived = [
        "" if pd.isna(d) else f"{'≥' if at_least == 'true' else ''}{d}"
        for d, at_least in zip(table["derived"], table["at_least"], strict=True)
    ]
    cells = [
        ["case", "day", "syndrome", "reported", "derived", "check", "criterion"],
        *(
            [str(c), str(d), s, "" if pd.isna(r) else str(r), g, k, t]
            for c, d, s, r, g, k, t in zip(
                table["case"],
                table["day"],
                table["syndrome"],
                table["reported"],
                derived,
                table["check"],
                table["criterion"],
                strict=True,
            )
        ),
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in cells
    )


def size_argument(text: str) -> SlideSize:
    """'1920x1080' or '1920x1080@2' (a scale for high-DPI PNG), as argparse wants it."""
    try:
        return parse_size(text)
    except ExportError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


TIMELINE = "timeline"


class RefusedError(Exception):
    """What a command cannot do, said in one line on stderr; the command exits 1."""


def _export_case(
    case_id: str,
    cases_dirs: list[Path],
    days_text: str | None,
    formats: list[str],
    lanes: list[str] | None,
) -> tuple[Case, tuple[int, int]]:
    """The case and days an export asks for; RefusedError says what is wrong with the request."""
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise RefusedError(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(EXPORT_FORMATS)}"
        )
    library = CaseLibrary(*cases_dirs)
    known = library.case_ids()
    if case_id not in known:
        where = ", ".join(map(str, library.folders))
        raise RefusedError(f"no case {case_id!r} in {where}; cases: {', '.join(known) or 'none'}")
    try:
        case = load_case(library.folder(case_id))
    except CaseFileError as error:
        lines = "".join(f"\n  {problem}" for problem in error.problems)
        raise RefusedError(f"case {case_id!r} cannot be loaded:{lines}") from error
    days, notice = parse_days(days_text, case_day_span(case.events))
    if notice:
        raise RefusedError(notice)
    wrong_lanes = [k for k in lanes or [] if k not in LANES]
    if wrong_lanes:
        raise RefusedError(
            f"unknown lanes {', '.join(wrong_lanes)}; choose from {', '.join(LANES)}"
        )
    return case, days


def export(
    case_id: str,
    cases_dirs: list[Path],
    days_text: str | None,
    formats: list[str],
    lanes: list[str] | None,
    size: SlideSize,
    title: str | None,
    out: Path,
    insight: bool = False,
) -> int:
    """Write one file per format, printing a line per file; 0 when all were written. With
    `insight`, each image format also gets the insight figures and CSV the insight tables."""
    try:
        case, days = _export_case(case_id, cases_dirs, days_text, formats, lanes)
    except RefusedError as refusal:
        print(refusal, file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    renderer = FigureRenderer()
    try:
        for fmt in formats:
            extra = [name for name, item in INSIGHT_ITEMS.items() if fmt in item.formats]
            for what in [TIMELINE, *(extra if insight else ())]:
                started = time.perf_counter()
                name, data = (
                    export_case(case, days, fmt, renderer, lanes, title, size)
                    if what == TIMELINE
                    else export_insight(case, days, what, fmt, renderer, size)
                )
                (out / name).write_bytes(data)
                seconds = time.perf_counter() - started
                print(f"wrote {out / name} ({len(data) / 1024:.0f} KiB, {seconds:.1f} s)")
    except ExportError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        renderer.stop()
    return 0


def progress_bar(done: int, total: int, width: int = 30) -> None:
    """A progress bar on stderr, redrawn in place: `[#####.....] 17/100 cases`."""
    filled = width * done // max(total, 1)
    end = "\n" if done == total else ""
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} cases", end=end, file=sys.stderr
    )


def missing_folders(folders: list[Path]) -> int:
    """1 with one clear message when a library folder is missing or unreadable, else 0."""
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: no such folder of cases", file=sys.stderr)
            return 1
        try:
            next(folder.iterdir(), None)
        except OSError as error:
            print(f"{folder}: cannot read ({error.strerror})", file=sys.stderr)
            return 1
    return 0


def index(folders: list[Path], workers: int) -> int:
    """Build or refresh the library index, with a progress bar; a line per folder."""
    if missing_folders(folders):
        return 1
    for folder in folders:
        started = time.perf_counter()
        cohort, built = LibraryIndex([folder]).update(progress_bar, workers)
        print(
            f"{folder}: {len(cohort.cases)} cases, {built} (re)built, "
            f"{len(cohort.invalid)} with problems, {time.perf_counter() - started:.1f} s"
        )
    return 0


def cohort(folders: list[Path], fmt: str) -> int:
    """The registry fields of every valid case, as a table or CSV; invalid cases on stderr."""
    if missing_folders(folders):
        return 1
    cases, _ = LibraryIndex(folders).update()
    table = registry_table(cases.valid)
    if fmt == "csv":
        print(csv_text(table), end="")
    else:
        print(table.astype(object).fillna("").to_string(index=False))
    for row in cases.invalid.itertuples():
        print(
            f"not shown: {row.case}: {row.problems} problems: {row.problem_text}", file=sys.stderr
        )
    return 0


def field_help() -> str:
    return "Columns, in this order:\n" + "\n".join(f"  {f.name}: {f.definition}" for f in FIELDS)


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

    check = commands.add_parser("validate", help="check a case folder or an events file")
    check.add_argument("path", type=Path, metavar="FILE_OR_FOLDER")

    graded = commands.add_parser(
        "grades", help="the ASTCT grades of cases, a row per syndrome and calendar day"
    )
    graded.add_argument(
        "paths", type=Path, nargs="+", metavar="PATH", help="case folder or events file"
    )
    graded.add_argument("--format", choices=GRADE_FORMATS, default="table", dest="grades_format")

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
