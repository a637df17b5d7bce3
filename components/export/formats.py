"""The export formats, in one registry: a format is one entry and one function that writes a
case's day range as bytes (a picture of the timeline, a PowerPoint deck, the events as CSV).
The insight items export one by one (`export_insight`). Every CSV the project writes goes
through `components.model.csv_text`, which neutralises cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.export.deck import case_deck
from components.export.renderer import SLIDE_16_9, ExportError, FigureRenderer, SlideSize
from components.export.slides import insight_slide_figure, slide_figure
from components.figures.insight import INSIGHT_ITEMS, insight_table
from components.model.csv_text import csv_text


@dataclass(frozen=True)
class ExportRequest:
    """What a person asked to export: the case, its days, the lanes, title, size and notes."""

    case: Case
    days: tuple[int, int]
    renderer: FigureRenderer
    lanes: Sequence[str] | None
    title: str
    size: SlideSize
    notes: Sequence[Note]


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    #: What the file holds, in its name: 'timeline' or 'events'.
    what: str
    write: Callable[[ExportRequest], bytes]


def export_file_name(case_id: str, days: tuple[int, int], what: str, fmt: str) -> str:
    """'axicel-relapsing-icans_days-40-50_timeline.png': says what the file is."""
    return f"{case_id}_days-{days[0]}-{days[1]}_{what}.{fmt}"


def events_csv(events: pd.DataFrame) -> str:
    """The event table as CSV (`csv_text`)."""
    return csv_text(events)


def _picture(fmt: str) -> Callable[[ExportRequest], bytes]:
    def write(request: ExportRequest) -> bytes:
        figure = slide_figure(
            request.case, request.days, request.lanes, request.title, request.size, request.notes
        )
        return request.renderer.render(figure, fmt, request.size)

    return write


def _deck(request: ExportRequest) -> bytes:
    return case_deck(
        request.case,
        request.days,
        request.lanes,
        request.title,
        request.renderer,
        request.size,
        request.notes,
    )


def _events(request: ExportRequest) -> bytes:
    return events_csv(in_day_range(request.case.events, request.days)).encode("utf-8")


#: The formats by key, in the order the page and the command line offer them.
EXPORT_FORMATS: Mapping[str, ExportFormat] = {
    export.key: export
    for export in (
        ExportFormat("png", "PNG", "timeline", _picture("png")),
        ExportFormat("svg", "SVG", "timeline", _picture("svg")),
        ExportFormat("pdf", "PDF", "timeline", _picture("pdf")),
        ExportFormat("pptx", "PowerPoint deck", "timeline", _deck),
        ExportFormat("csv", "Events (CSV)", "events", _events),
    )
}


def export_case(
    case: Case,
    days: tuple[int, int],
    fmt: str,
    renderer: FigureRenderer,
    lanes: Sequence[str] | None = None,
    title: str | None = None,
    size: SlideSize = SLIDE_16_9,
    notes: Sequence[Note] | None = None,
) -> tuple[str, bytes]:
    """One export of a case's day range: its file name and its bytes. Notes default to those
    saved with the case."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}.")
    export = EXPORT_FORMATS[fmt]
    notes = case.notes if notes is None else notes
    request = ExportRequest(case, days, renderer, lanes, title or case.info.title, size, notes)
    return export_file_name(case.case_id, days, export.what, fmt), export.write(request)


def export_insight(
    case: Case,
    days: tuple[int, int],
    name: str,
    fmt: str,
    renderer: FigureRenderer,
    size: SlideSize = SLIDE_16_9,
) -> tuple[str, bytes]:
    """One insight figure as PNG, SVG or PDF, or one insight table as CSV: name and bytes."""
    item = INSIGHT_ITEMS.get(name)
    if item is None:
        raise ExportError(f"No insight item {name!r}; choose from {', '.join(INSIGHT_ITEMS)}.")
    if fmt not in item.formats:
        kind, formats = ("table", "CSV") if item.is_table else ("figure", ", ".join(item.formats))
        raise ExportError(f"The {name} {kind} exports as {formats}.")
    file_name = export_file_name(case.case_id, days, name, fmt)
    if item.is_table:
        table = insight_table(name, case.events, days, case.case_id)
        return file_name, csv_text(table.frame()).encode()
    figure = insight_slide_figure(case, days, name, size)
    return file_name, renderer.render(figure, fmt, size)
