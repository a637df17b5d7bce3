"""The export formats, in one registry: a format is one entry and one function that writes a
case's day range as bytes (a picture of the timeline, a PowerPoint deck, the events as CSV).
The insight items export one by one (`export_insight`). Every CSV the project writes goes
through `components.model.csv_text`, which neutralises cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from components.cases.case import Case
from components.cases.notes import Note
from components.clinical.phases import in_day_range
from components.export.deck import case_deck
from components.export.renderer import SLIDE_16_9, ExportError, FigureRenderer, SlideSize
from components.export.slides import insight_slide_figure, slide_figures
from components.figures.insight.registry import INSIGHT_ITEMS, insight_table
from components.figures.lanes.registry import LANES
from components.model.csv_text import csv_text
from components.model.schema import Col


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
class Written:
    """The bytes of an export, and the file extension they need when it is not the format's
    own (the parts of a timeline too tall for one picture come as a ZIP); `parts` names the
    lanes of each part when there are several."""

    data: bytes
    extension: str | None = None
    parts: tuple[tuple[str, ...], ...] = ()


class Exported(NamedTuple):
    """An export: its file name, its bytes and, when its lanes did not fit one canvas, the
    lane titles of each part (`parts_note` says it in words)."""

    name: str
    data: bytes
    parts: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    #: What the file holds, in its name: 'timeline' or 'events'.
    what: str
    write: Callable[[ExportRequest], Written]


def export_file_name(case_id: str, days: tuple[int, int], what: str, fmt: str) -> str:
    """'axicel-relapsing-icans_days-40-50_timeline.png': says what the file is."""
    return f"{case_id}_days-{days[0]}-{days[1]}_{what}.{fmt}"


def events_csv(events: pd.DataFrame) -> str:
    """The event table as CSV (`csv_text`)."""
    return csv_text(events)


def titled_pdf(data: bytes, title: str) -> bytes:
    """The PDF with the figure's title in its metadata (the browser that draws it writes its
    own page title there)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": title, "/Creator": "case-timeline"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def joined_pdf(pages: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(page)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def lane_titles(figures: Sequence[go.Figure]) -> tuple[tuple[str, ...], ...]:
    """The titles of the lanes each figure draws (`figure_meta`)."""
    return tuple(tuple(LANES[key].title for key in f.layout.meta["lanes"]) for f in figures)


def parts_note(parts: Sequence[Sequence[str]], fmt: str, size: SlideSize) -> str:
    """Why a picture came as several, and what each holds: for the person who downloads it."""
    if len(parts) < 2:
        return ""
    count = len(parts)
    lanes = sum(len(p) for p in parts)
    held = f"a PDF of {count} pages" if fmt == "pdf" else f"a ZIP of {count} {fmt.upper()} pictures"
    listed = "; ".join(f"{n}: {', '.join(p)}" for n, p in enumerate(parts, start=1))
    return (
        f"The {lanes} lanes do not fit one {size.width} x {size.height} slide at slide type, "
        f"so this is {held} ({listed}). Choose fewer lanes for a single slide."
    )


def _picture(fmt: str) -> Callable[[ExportRequest], Written]:
    """One picture, or when the lanes need several canvases, a PDF of several pages or a ZIP
    of one picture per part."""

    def write(request: ExportRequest) -> Written:
        figures = slide_figures(
            request.case, request.days, request.lanes, request.title, request.size, request.notes
        )
        parts = [request.renderer.render(figure, fmt, request.size) for figure in figures]
        lanes = lane_titles(figures) if len(figures) > 1 else ()
        if fmt == "pdf":
            pdf = joined_pdf(parts) if len(parts) > 1 else parts[0]
            return Written(titled_pdf(pdf, request.title), parts=lanes)
        if len(parts) == 1:
            return Written(parts[0])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for number, part in enumerate(parts, start=1):
                archive.writestr(f"timeline-part-{number}.{fmt}", part)
        return Written(buffer.getvalue(), "zip", lanes)

    return write


def _deck(request: ExportRequest) -> Written:
    return Written(
        case_deck(
            request.case,
            request.days,
            request.lanes,
            request.title,
            request.renderer,
            request.size,
            request.notes,
        )
    )


def notes_rows(notes: Sequence[Note], days: tuple[int, int], columns: pd.Index) -> pd.DataFrame:
    """The presenter's notes of the range as event rows (category 'note'), so the events CSV
    carries them as every other export does."""
    in_range = [n for n in notes if days[0] <= n.day <= days[1]]
    rows = pd.DataFrame(
        {
            Col.DAY: [n.day for n in in_range],
            Col.CATEGORY: "note",
            Col.ITEM: [n.lane or "whole figure" for n in in_range],
            Col.DETAIL: [n.text for n in in_range],
            Col.SOURCE: "presenter's note",
        }
    )
    return rows.reindex(columns=columns)


def _events(request: ExportRequest) -> Written:
    events = in_day_range(request.case.events, request.days)
    notes = notes_rows(request.notes, request.days, events.columns)
    table = pd.concat([events.astype(object), notes], ignore_index=True) if len(notes) else events
    return Written(events_csv(table).encode("utf-8"))


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
) -> Exported:
    """One export of a case's day range: its file name, its bytes and its parts. Notes default
    to those saved with the case."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}.")
    export = EXPORT_FORMATS[fmt]
    notes = case.notes if notes is None else notes
    request = ExportRequest(case, days, renderer, lanes, title or case.info.title, size, notes)
    written = export.write(request)
    name = export_file_name(case.case_id, days, export.what, written.extension or fmt)
    return Exported(name, written.data, written.parts)


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
