"""Presenter's notes: pinned to a day and optionally a lane, kept per case in this browser's
local storage, drawn on the figure and in every export, and saved to the case folder."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from components.cases.notes import (
    MAX_NOTE_LENGTH,
    MAX_NOTES,
    Note,
    checked_notes,
    notes_from_store,
)
from components.clinical.phases import case_day_span
from components.figures.lanes.registry import LANES
from components.model.problems import CaseFileError
from components.model.view import View
from components.web import ids
from components.web.context import WRITES_OFF, Services, case_in_view, problems_alert


def stored_items(stored: object, case_id: str) -> object:
    """What the browser keeps for one case, unchecked."""
    return stored.get(case_id) if isinstance(stored, dict) else None


def case_notes(stored: object, case_id: str) -> list[Note]:
    """The notes the browser keeps for one case, to draw; anything malformed is dropped."""
    items = stored_items(stored, case_id)
    return notes_from_store(items if isinstance(items, list) else None)


def with_notes(stored: object, case_id: str, notes: list[Note]) -> dict:
    kept = stored if isinstance(stored, dict) else {}
    return {**kept, case_id: [n.as_dict() for n in notes]}


def notes_stores() -> list:
    return [
        dcc.Store(id=ids.NOTES_STORE, storage_type="local"),
        dcc.Store(id=ids.NOTES_SHOWN),
    ]


def notes_panel() -> dbc.Card:
    """Presenter's notes: pinned to a day and optionally a lane, kept in this browser."""
    where = dbc.Row(
        [
            dbc.Col(dbc.Input(id=ids.NOTE_DAY, type="number", step=1, placeholder="Day"), width=4),
            dbc.Col(dcc.Dropdown(id=ids.NOTE_LANE, placeholder="Whole figure"), width=8),
        ],
        className="g-2",
    )
    save = dbc.Button(
        "Save to case folder",
        id=ids.NOTE_SAVE,
        size="sm",
        color="secondary",
        outline=True,
        className="mt-2",
    )
    return dbc.Card(
        [
            dbc.CardHeader("Presenter's notes"),
            dbc.CardBody(
                [
                    where,
                    dbc.Input(
                        id=ids.NOTE_TEXT,
                        placeholder="e.g. IT MTX/AraC/HC - GCS improves",
                        maxLength=MAX_NOTE_LENGTH,
                        className="mt-2",
                    ),
                    dbc.Button("Pin note", id=ids.NOTE_ADD, size="sm", className="mt-2 me-2"),
                    save,
                    html.Div(id=ids.NOTE_STATUS, className="small mt-2", role="status"),
                    html.Ul(id=ids.NOTE_LIST, className="note-list small mt-2"),
                ]
            ),
        ],
        className="notes-panel mt-3",
    )


def note_items(notes: list[Note], lane_titles: dict[str, str]) -> list:
    return [
        html.Li(
            [
                html.Span(f"Day {note.day}", className="fw-semibold"),
                html.Span(f" · {lane_titles.get(note.lane, note.lane)}" if note.lane else ""),
                f": {note.text} ",
                dbc.Button(
                    "×",
                    id={"type": ids.NOTE_DELETE, "index": index},
                    color="link",
                    size="sm",
                    className="p-0 ms-1",
                    title="Remove this note",
                ),
            ]
        )
        for index, note in enumerate(notes)
    ]


def register(app: Dash, services: Services) -> None:
    library = services.library

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
        # The notes drawn change with the case, never with the day range.
        Input(ids.NOTES_SHOWN, "data"),
        State(ids.LANE_SELECT, "options"),
        prevent_initial_call=True,
    )
    def list_notes(stored: object, drawn: object, lane_options: list | None):
        case_id = drawn.get("case") if isinstance(drawn, dict) else None
        if not isinstance(case_id, str):
            return no_update
        titles = {o["value"]: o["label"] for o in lane_options or []}
        return note_items(case_notes(stored, case_id), titles)

    @app.callback(
        output={
            "stored": Output(ids.NOTES_STORE, "data", allow_duplicate=True),
            "status": Output(ids.NOTE_STATUS, "children"),
            "text": Output(ids.NOTE_TEXT, "value"),
        },
        inputs={"clicks": Input(ids.NOTE_ADD, "n_clicks")},
        state={
            "day": State(ids.NOTE_DAY, "value"),
            "lane": State(ids.NOTE_LANE, "value"),
            "text": State(ids.NOTE_TEXT, "value"),
            "stored": State(ids.NOTES_STORE, "data"),
            "view": State(ids.VIEW_STORE, "data"),
            "uploaded": State(ids.UPLOADED, "data"),
        },
        prevent_initial_call=True,
    )
    def pin_note(clicks, day, lane, text, stored, view, uploaded) -> dict:
        shown = View.from_store(view)
        if shown is None:
            return {"stored": no_update, "status": no_update, "text": no_update}
        try:
            case, _ = case_in_view(library, view, uploaded)
            item = {"day": day, "text": text, "lane": lane}
            (note,) = checked_notes([item], case_day_span(case.events), LANES, "note")
        except CaseFileError as error:
            reasons = "; ".join(f"{p.column}: expected {p.expected}" for p in error.problems)
            status = html.Span(reasons, className="text-danger")
            return {"stored": no_update, "status": status, "text": no_update}
        notes = [*case_notes(stored, shown.case_id), note][:MAX_NOTES]
        return {
            "stored": with_notes(stored, shown.case_id, notes),
            "status": f"Pinned a note to day {note.day}.",
            "text": "",
        }

    @app.callback(
        Output(ids.NOTES_STORE, "data", allow_duplicate=True),
        Input({"type": ids.NOTE_DELETE, "index": ALL}, "n_clicks"),
        State(ids.NOTES_STORE, "data"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def remove_note(clicks: list, stored: object, view: object):
        shown = View.from_store(view)
        if shown is None or not ctx.triggered_id or not any(clicks):
            return no_update
        notes = case_notes(stored, shown.case_id)
        index = ctx.triggered_id["index"]
        if not isinstance(index, int) or not 0 <= index < len(notes):
            return no_update
        del notes[index]
        return with_notes(stored, shown.case_id, notes)

    @app.callback(
        output={
            "figure": Output(ids.TIMELINE, "figure", allow_duplicate=True),
            "drawn": Output(ids.NOTES_SHOWN, "data", allow_duplicate=True),
        },
        inputs={"stored": Input(ids.NOTES_STORE, "data")},
        state={
            "drawn": State(ids.NOTES_SHOWN, "data"),
            "view": State(ids.VIEW_STORE, "data"),
            "uploaded": State(ids.UPLOADED, "data"),
        },
        prevent_initial_call=True,
    )
    def redraw_notes(stored, drawn, view, uploaded) -> dict:
        """A changed note redraws the figure (not a range change: those stay in the browser)."""
        shown = View.from_store(view)
        # Without notes of its own for the case, this browser shows the saved ones, drawn
        # already (the page arrives with them; `open_view` adds them to the store).
        if shown is None or not isinstance(stored, dict) or shown.case_id not in stored:
            return {"figure": no_update, "drawn": no_update}
        notes = case_notes(stored, shown.case_id)
        wanted = {"case": shown.case_id, "notes": [n.as_dict() for n in notes]}
        if wanted == drawn:
            return {"figure": no_update, "drawn": no_update}
        case, _ = case_in_view(library, view, uploaded)
        return {"figure": services.built.timeline(case, shown, notes), "drawn": wanted}

    @app.callback(
        Output(ids.NOTE_STATUS, "children", allow_duplicate=True),
        Input(ids.NOTE_SAVE, "n_clicks"),
        State(ids.NOTES_STORE, "data"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def save_case_notes(_clicks, stored: object, view: object):
        """Write the case's notes to its folder, after the server's own checks: writes must be
        on, and every note is checked against the case, whatever the browser sent."""
        shown = View.from_store(view)
        if shown is None:
            return no_update
        if not services.writes:
            return WRITES_OFF
        if shown.case_id not in library.case_ids():
            return "This case is not in the library yet: save it to the library first."
        try:
            span = case_day_span(library.get(shown.case_id).events)
            notes = checked_notes(stored_items(stored, shown.case_id), span, LANES)
            saved = library.save_notes(shown.case_id, notes)
        except CaseFileError as error:
            return problems_alert("Notes not saved:", error.problems)
        said = f"Saved {len(notes)} note(s) to {saved.path.name} in the case folder."
        if saved.replaced_age_s is not None:
            said += (
                f" They replaced other notes saved {saved.replaced_age_s:.0f} s before, perhaps"
                " by someone else: reload the page to see what is saved now."
            )
        return said
