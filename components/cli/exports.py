"""`case-timeline export`: slide-ready files of a case's day range."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from components.cases.case import (
    Case,
    load_case,
)
from components.cases.library import CaseLibrary
from components.clinical.phases import case_day_span
from components.export.formats import EXPORT_FORMATS, export_case, export_insight, parts_note
from components.export.renderer import (
    ExportError,
    FigureRenderer,
    SlideSize,
    parse_size,
)
from components.figures.insight.registry import INSIGHT_ITEMS
from components.figures.lanes.registry import LANES
from components.model.problems import CaseFileError
from components.model.view import parse_days


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
                name, data, parts = (
                    export_case(case, days, fmt, renderer, lanes, title, size)
                    if what == TIMELINE
                    else (*export_insight(case, days, what, fmt, renderer, size), ())
                )
                (out / name).write_bytes(data)
                seconds = time.perf_counter() - started
                print(f"wrote {out / name} ({len(data) / 1024:.0f} KiB, {seconds:.1f} s)")
                if parts:
                    print(f"  {parts_note(parts, fmt, size)}")
    except ExportError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        renderer.stop()
    return 0
