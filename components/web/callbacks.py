"""Dash wiring of the dashboard: each callback hands its inputs to a core function.

What only moves the view (the day range, the selected mark) runs in the browser
(assets/timeline.js): a range change never rebuilds the figure on the server. The server builds
the figure when the case or the lanes change, and refills the table and headline numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from components.cases.case import Case, summary_line
from components.cases.library import CaseLibrary
from components.cases.notes import (
    MAX_NOTES,
    Note,
    make_note,
    notes_from_store,
    save_notes,
)
from components.cases.templates import DOWNLOADS
from components.cases.upload import read_upload, resolve_case, stored_upload, uploaded_case
from components.clinical.phases import (
    case_day_span,
    day_range_presets,
    headline_numbers,
    in_day_range,
)
from components.export.formats import ExportError, FigureRenderer, export_case, slide_size
from components.figures.lanes import LANES, lane_keys
from components.figures.notes import add_notes
from components.figures.theme import SCREEN_THEME
from components.figures.timeline import build_timeline
from components.model.formatting import day_text, event_rows, value_text
from components.model.schema import DERIVED, CaseFileError
from components.model.view import View, parse_view, stored_days
from components.web import ids
from components.web.layout import case_header, headline_cards, note_items, preset_buttons

log = logging.getLogger(__name__)

MAX_SLIDER_MARKS = 12
MAX_LISTED_PROBLEMS = 50
NOTICE_OUTPUT = 15  # position of the notice among open_view's outputs


def slider_marks(first: int, last: int) -> dict[int, str]:
    """Marks at round days: about a dozen, always including day 0 when in range."""
    step = next(
        s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if (last - first) / s <= MAX_SLIDER_MARKS
    )
    marks = {d: str(d) for d in range(first, last + 1) if d % step == 0}
    marks[first], marks[last] = str(first), str(last)
    return marks


def problems_alert(title: str, problems: list) -> dbc.Alert:
    items = [html.Li(str(p)) for p in problems[:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        more = len(problems) - MAX_LISTED_PROBLEMS
        items.append(html.Li(f"... and {more} more (`case-timeline validate` lists them all)"))
    return dbc.Alert([html.Strong(title), html.Ul(items)], color="danger")


def notices_alert(notices: list[str]):
    if not notices:
        return None
    return dbc.Alert([html.Div(n) for n in notices], color="warning", dismissable=True)


def day_panel(case: Case, day: int) -> list:
    """Everything recorded on one day, spans included, grouped by category."""
    events = in_day_range(case.events, (day, day))
    if events.empty:
        return [html.P(f"Nothing recorded on day {day}.", className="text-muted small")]
    items = []
    for row in events.itertuples():
        value = value_text(row.value, row.value_max, row.unit)
        derived = row.basis == DERIVED
        items.append(
            html.Li(
                [
                    html.Span(f"{row.category} · ", className="text-muted"),
                    html.Strong(row.item),
                    f" {value}" if value else "",
                    html.Span(" (derived)", className="derived-badge") if derived else "",
                    html.Div(
                        f"{day_text(row.day, row.end_day)}. {row.detail}".strip(),
                        className="small",
                    ),
                    html.Div(row.source, className="small text-muted"),
                ],
                className="day-item",
            )
        )
    return [html.H2(f"Day {day}", className="h5"), html.Ul(items, className="day-list")]


def export_download(
    case: Case,
    days: tuple[int, int],
    fmt: str,
    renderer: FigureRenderer,
    size_choice: str,
    custom: tuple[float | None, float | None],
    scale: str,
    lanes: list[str] | None,
    title: str | None,
    notes: list[Note],
) -> dict:
    """The download of one export; ExportError for a size or render that cannot be made."""
    if size_choice == "custom":
        width, height = custom
        if width is None or height is None:
            raise ExportError("Give a width and a height for a custom size.")
    else:
        width, height = (int(n) for n in size_choice.split("x"))
    size = slide_size(width, height, float(scale or 1) if fmt == "png" else 1.0)
    name, data = export_case(case, days, fmt, renderer, lanes or None, title or None, size, notes)
    return dcc.send_bytes(data, name)


def timeline_with_notes(
    case: Case,
    lanes: Sequence[str],
    days: tuple[int, int],
    notes: list[Note],
    collapsed: Sequence[str] = (),
) -> go.Figure:
    figure = build_timeline(case.events, lanes=list(lanes), day_range=days, collapsed=collapsed)
    return add_notes(figure, notes, SCREEN_THEME)


def case_notes(stored: dict | None, case_id: str) -> list[Note]:
    return notes_from_store((stored or {}).get(case_id))


def register_callbacks(app: Dash, library: CaseLibrary, renderer: FigureRenderer) -> None:
    @app.callback(
        Output(ids.CASE_SELECT, "options"),
        Output(ids.CASE_SELECT, "value"),
        Output(ids.LANE_SELECT, "options"),
        Output(ids.LANE_SELECT, "value"),
        Output(ids.COLLAPSE_SELECT, "options"),
        Output(ids.COLLAPSE_SELECT, "value"),
        Output(ids.RANGE_SLIDER, "min"),
        Output(ids.RANGE_SLIDER, "max"),
        Output(ids.RANGE_SLIDER, "marks"),
        Output(ids.RANGE_SLIDER, "value"),
        Output(ids.DAY_FIRST, "value"),
        Output(ids.DAY_LAST, "value"),
        Output(ids.PRESETS, "children"),
        Output(ids.PRESET_STORE, "data"),
        Output(ids.HEADER, "children"),
        Output(ids.NOTICE, "children"),
        Output(ids.TIMELINE, "figure"),
        Output(ids.VIEW_STORE, "data"),
        Output(ids.NOTES_STORE, "data"),
        Output(ids.NOTES_SHOWN, "data"),
        Input(ids.URL, "search"),
        # An input, not a state: the session store may be restored after the first call.
        Input(ids.UPLOADED, "data"),
        State(ids.VIEW_STORE, "data"),
        State(ids.NOTES_STORE, "data"),
    )
    def open_view(
        search: str | None, uploaded: dict | None, shown: dict | None, stored_notes: dict | None
    ):
        """The whole view from the URL: on page load, case or lane change, back and forward.

        When the URL asks for the view already on screen, nothing is rebuilt.
        """
        options = case_options(library.case_ids(), uploaded)
        case_ids = [option["value"] for option in options]
        nothing = [no_update] * 20
        if not case_ids:
            nothing[NOTICE_OUTPUT] = dbc.Alert(
                f"No cases found in {library.cases_dir}.", color="warning"
            )
            return nothing
        try:
            # The day span and lanes of the case the URL settles on, computed once.
            described: dict[str, tuple[tuple[int, int], list[str]]] = {}

            def describe(case_id: str) -> tuple[tuple[int, int], list[str]]:
                events = resolve_case(library, case_id, uploaded).events
                described[case_id] = (case_day_span(events), lane_keys(events))
                return described[case_id]

            view, notices = parse_view(search, case_ids, describe)
            case = resolve_case(library, view.case_id, uploaded)
        except CaseFileError as error:
            nothing[NOTICE_OUTPUT] = problems_alert("This case cannot be shown:", error.problems)
            return nothing
        (first, last), available = described[view.case_id]
        if not notices and shown == view_data(view, (first, last), available):
            return nothing
        presets = day_range_presets(case.events)
        notes_by_case = dict(stored_notes or {})
        # A person's own notes for this case stay; the first visit starts from the saved ones.
        notes_by_case.setdefault(view.case_id, [n.as_dict() for n in case.notes])
        notes = notes_from_store(notes_by_case[view.case_id])
        figure = timeline_with_notes(case, view.lanes, view.days, notes, view.collapsed)
        return (
            options,
            view.case_id,
            [{"label": LANES[key].title, "value": key} for key in available],
            list(view.lanes),
            [{"label": LANES[key].title, "value": key} for key in view.lanes],
            list(view.collapsed),
            first,
            last,
            slider_marks(first, last),
            list(view.days),
            view.days[0],
            view.days[1],
            preset_buttons(presets),
            [[p.first, p.last] for p in presets],
            case_header(case.case_id, case.info),
            notices_alert(notices),
            figure,
            view_data(view, (first, last), available),
            notes_by_case,
            {"case": view.case_id, "notes": [n.as_dict() for n in notes]},
        )

    @app.callback(
        Output(ids.EVENT_GRID, "rowData"),
        Output(ids.HEADLINES, "children"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def show_day_range(view: dict | None, uploaded: dict | None):
        """The table and the headline numbers follow the day range."""
        if not view:
            return no_update, no_update
        events = resolve_case(library, view["case"], uploaded).events
        days = stored_days(view)
        return event_rows(in_day_range(events, days)), headline_cards(
            headline_numbers(events, days)
        )

    @app.callback(
        Output(ids.DAY_PANEL, "children"),
        Input(ids.TIMELINE, "hoverData"),
        State(ids.VIEW_STORE, "data"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def show_hovered_day(hover: dict | None, view: dict | None, uploaded: dict | None):
        if not hover or not view or not hover.get("points"):
            return no_update
        x = hover["points"][0].get("x")
        if not isinstance(x, int | float):
            return no_update
        return day_panel(resolve_case(library, view["case"], uploaded), round(x))

    @app.callback(
        Output(ids.EXPORT_LANES, "options"),
        Output(ids.EXPORT_LANES, "value"),
        Input(ids.LANE_SELECT, "options"),
        Input(ids.LANE_SELECT, "value"),
        prevent_initial_call=True,
    )
    def offer_export_lanes(options: list | None, shown: list | None):
        """Export what is on screen unless a person picks other lanes."""
        return options or [], shown or []

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        State(ids.EXPORT_FORMAT, "value"),
        State(ids.EXPORT_SIZE, "value"),
        State(ids.EXPORT_WIDTH, "value"),
        State(ids.EXPORT_HEIGHT, "value"),
        State(ids.EXPORT_SCALE, "value"),
        State(ids.EXPORT_LANES, "value"),
        State(ids.EXPORT_TITLE, "value"),
        State(ids.VIEW_STORE, "data"),
        State(ids.NOTES_STORE, "data"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
        running=[(Output(ids.EXPORT_BUTTON, "disabled"), True, False)],
    )
    def download_export(
        _clicks, fmt, size_choice, width, height, scale, lanes, title, view, stored_notes, uploaded
    ):
        if not view:
            return no_update, no_update
        case = resolve_case(library, view["case"], uploaded)
        days = stored_days(view)
        try:
            download = export_download(
                case,
                days,
                fmt,
                renderer,
                size_choice,
                (width, height),
                scale,
                lanes,
                title,
                case_notes(stored_notes, case.case_id),
            )
        except ExportError as error:
            return no_update, html.Span(str(error), className="text-danger")
        return download, f"Downloaded {download['filename']}"

    @app.callback(
        Output(ids.NOTE_LANE, "options"),
        Input(ids.LANE_SELECT, "options"),
        prevent_initial_call=True,
    )
    def offer_note_lanes(options: list | None):
        return options or []

    @app.callback(
        Output(ids.NOTE_LIST, "children"),
        Input(ids.NOTES_STORE, "data"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.LANE_SELECT, "options"),
        prevent_initial_call=True,
    )
    def list_notes(stored: dict | None, view: dict | None, lane_options: list | None):
        if not view:
            return no_update
        titles = {o["value"]: o["label"] for o in lane_options or []}
        return note_items(case_notes(stored, view["case"]), titles)

    @app.callback(
        Output(ids.NOTES_STORE, "data", allow_duplicate=True),
        Output(ids.NOTE_STATUS, "children"),
        Output(ids.NOTE_TEXT, "value"),
        Input(ids.NOTE_ADD, "n_clicks"),
        State(ids.NOTE_DAY, "value"),
        State(ids.NOTE_LANE, "value"),
        State(ids.NOTE_TEXT, "value"),
        State(ids.NOTES_STORE, "data"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def pin_note(_clicks, day, lane, text, stored: dict | None, view: dict | None):
        if not view:
            return no_update, no_update, no_update
        try:
            note = make_note(day, text, lane or "")
        except CaseFileError as error:
            reasons = "; ".join(f"{p.column}: expected {p.expected}" for p in error.problems)
            return no_update, html.Span(reasons, className="text-danger"), no_update
        notes = [*case_notes(stored, view["case"]), note][:MAX_NOTES]
        stored = {**(stored or {}), view["case"]: [n.as_dict() for n in notes]}
        return stored, f"Pinned a note to day {note.day}.", ""

    @app.callback(
        Output(ids.NOTES_STORE, "data", allow_duplicate=True),
        Input({"type": ids.NOTE_DELETE, "index": ALL}, "n_clicks"),
        State(ids.NOTES_STORE, "data"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def remove_note(clicks: list, stored: dict | None, view: dict | None):
        if not view or not ctx.triggered_id or not any(clicks):
            return no_update
        notes = case_notes(stored, view["case"])
        del notes[ctx.triggered_id["index"]]
        return {**(stored or {}), view["case"]: [n.as_dict() for n in notes]}

    @app.callback(
        Output(ids.TIMELINE, "figure", allow_duplicate=True),
        Output(ids.NOTES_SHOWN, "data", allow_duplicate=True),
        Input(ids.NOTES_STORE, "data"),
        State(ids.NOTES_SHOWN, "data"),
        State(ids.VIEW_STORE, "data"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def redraw_notes(
        stored: dict | None, drawn: dict | None, view: dict | None, uploaded: dict | None
    ):
        """A changed note redraws the figure (not a range change: those stay in the browser)."""
        if not view:
            return no_update, no_update
        notes = case_notes(stored, view["case"])
        wanted = {"case": view["case"], "notes": [n.as_dict() for n in notes]}
        if wanted == drawn:
            return no_update, no_update
        case = resolve_case(library, view["case"], uploaded)
        days = stored_days(view)
        figure = timeline_with_notes(case, view["lanes"], days, notes, view["collapsed"])
        return figure, wanted

    @app.callback(
        Output(ids.NOTE_STATUS, "children", allow_duplicate=True),
        Input(ids.NOTE_SAVE, "n_clicks"),
        State(ids.NOTES_STORE, "data"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def save_case_notes(_clicks, stored: dict | None, view: dict | None):
        if not view:
            return no_update
        if view["case"] not in library.case_ids():
            return "This case is not in the library yet: save it to the library first."
        notes = case_notes(stored, view["case"])
        path = save_notes(library.folder(view["case"]), notes)
        return f"Saved {len(notes)} note(s) to {path.name} in the case folder."

    register_upload_callbacks(app, library)

    app.clientside_callback(
        ClientsideFunction("timeline", "syncDayRange"),
        Output(ids.RANGE_SLIDER, "value", allow_duplicate=True),
        Output(ids.DAY_FIRST, "value", allow_duplicate=True),
        Output(ids.DAY_LAST, "value", allow_duplicate=True),
        Output(ids.VIEW_STORE, "data", allow_duplicate=True),
        Input(ids.RANGE_SLIDER, "value"),
        Input(ids.DAY_FIRST, "value"),
        Input(ids.DAY_LAST, "value"),
        Input({"type": ids.PRESET, "index": ALL}, "n_clicks"),
        Input(ids.TIMELINE, "relayoutData"),
        State(ids.VIEW_STORE, "data"),
        State(ids.PRESET_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "writeUrl"),
        Output(ids.URL_WRITTEN, "data"),
        Input(ids.VIEW_STORE, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "navigate"),
        Output(ids.URL, "search"),
        Input(ids.CASE_SELECT, "value"),
        Input(ids.LANE_SELECT, "value"),
        Input(ids.COLLAPSE_SELECT, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "selectFromFigure"),
        Output(ids.EVENT_GRID, "selectedRows"),
        Output(ids.EVENT_GRID, "scrollTo"),
        Input(ids.TIMELINE, "clickData"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "markSelected"),
        Output(ids.SELECTED_EVENT, "data"),
        Input(ids.EVENT_GRID, "selectedRows"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )


def view_data(view: View, span: tuple[int, int], available: list[str]) -> dict:
    """What the browser keeps of the view: enough to write the URL and follow the range."""
    return {
        "case": view.case_id,
        "days": list(view.days),
        "span": list(span),
        "lanes": list(view.lanes),
        "defaultLanes": list(view.lanes) == available,
        "collapsed": list(view.collapsed),
    }


def case_options(library_ids: list[str], uploaded: dict | None) -> list[dict]:
    """The case selector: the library's cases, then the uploaded one, marked as not saved."""
    options = [{"label": case_id, "value": case_id} for case_id in library_ids]
    upload = stored_upload(uploaded)
    if upload:
        options.append({"label": upload.label, "value": upload.case_id})
    return options


def register_upload_callbacks(app: Dash, library: CaseLibrary) -> None:
    """The 'Your own case' panel: upload, templates and save to library."""
    app.clientside_callback(
        ClientsideFunction("upload", "checkSize"),
        Output(ids.UPLOAD_RECEIVED, "data"),
        Output(ids.UPLOAD_STATUS, "children"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.UPLOAD_LIMIT, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.UPLOADED, "data"),
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True),
        Input(ids.UPLOAD_RECEIVED, "data"),
        prevent_initial_call=True,
    )
    def receive_upload(received: dict | None):
        """A valid file replaces this session's uploaded case and opens it; an invalid one
        lists its problems and leaves the page as it was."""
        if not received:
            return no_update, no_update, no_update
        try:
            upload = read_upload(received.get("contents"), received.get("name"))
        except CaseFileError as error:
            return (
                no_update,
                no_update,
                problems_alert("This file cannot be shown:", error.problems),
            )
        events = uploaded_case(upload).events
        status = dbc.Alert(
            f"{upload.name}: {summary_line(events)}. Shown for this browser session; "
            "'Save to library' keeps it.",
            color="success",
        )
        return upload.as_store(), "?case=" + upload.case_id, status

    @app.callback(
        Output(ids.UPLOAD_SAVE, "disabled"),
        Input(ids.UPLOADED, "data"),
    )
    def offer_saving(uploaded: dict | None):
        return not uploaded

    @app.callback(
        Output(ids.UPLOADED, "data", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True),
        Input(ids.UPLOAD_SAVE, "n_clicks"),
        State(ids.UPLOADED, "data"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def save_to_library(_clicks, uploaded: dict | None, view: dict | None):
        """Write the uploaded case as a new case folder and open it from there."""
        upload = stored_upload(uploaded)
        if not upload:
            return no_update, no_update, no_update
        case_id = library.add(upload.info.title, upload.events_csv, upload.info)
        search = f"?case={case_id}"
        if view and view.get("case") == upload.case_id:
            search += f"&days={view['days'][0]}:{view['days'][1]}"
        status = dbc.Alert(
            f"Saved as case '{case_id}' in the library.", color="success", dismissable=True
        )
        return None, search, status

    @app.callback(
        Output(ids.TEMPLATE_FILE, "data"),
        Input({"type": ids.TEMPLATE_DOWNLOAD, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def download_template(clicks: list):
        if not ctx.triggered_id or not any(clicks):
            return no_update
        name, data = DOWNLOADS[ctx.triggered_id["index"]]()
        return dcc.send_bytes(data, name)
