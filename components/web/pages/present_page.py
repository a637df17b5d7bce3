"""The presenter view (`/present?case=&days=&lanes=`): the timeline alone, full screen, in the
slide theme, with the caption of the days under it. The left and right arrow keys (or the two
buttons) step through the case's phase presets and key intervals; each step's caption and the
presenter's notes of its days are the captions a room reads. The address bar follows, so the
link opens the same view.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from components.cases.library import CaseLibrary
from components.clinical.phases import case_day_span
from components.figures.lanes import lane_keys
from components.figures.presenter import (
    presenter_figure,
    presenter_lanes,
    presenter_steps,
    step_for,
)
from components.model.schema import CaseFileError
from components.model.view import parse_view
from components.web import ids
from components.web.context import Services

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


def _step_button(text: str, component_id: str, step: str, title: str) -> html.Button:
    """A step button; assets/present.js presses it for its arrow key (found by `step`)."""
    return html.Button(
        text, id=component_id, className="btn btn-light", title=title, **{"data-present-step": step}
    )


def layout(query: str = "") -> html.Div:
    """The page; the figure and steps arrive from `open_presentation`, which reads the URL."""
    bar = html.Div(
        [
            _step_button("◀", ids.PRESENT_PREV, "prev", "Previous (left arrow)"),
            html.Div(
                [
                    html.Div(id=ids.PRESENT_LABEL, className="present-label"),
                    html.Div(id=ids.PRESENT_CAPTION, className="present-caption"),
                    html.Div(id=ids.PRESENT_NOTES, className="present-notes"),
                ],
                className="present-text",
            ),
            _step_button("▶", ids.PRESENT_NEXT, "next", "Next (right arrow)"),
        ],
        className="present-bar",
    )
    return html.Div(
        [
            dcc.Location(id=ids.PRESENT_URL, refresh=False),
            dcc.Store(id=ids.PRESENT_SIZE),
            dcc.Store(id=ids.PRESENT_STEPS),
            dcc.Store(id=ids.PRESENT_STATE),
            dcc.Graph(id=ids.PRESENT_GRAPH, config=GRAPH_CONFIG, className="present-graph"),
            bar,
        ],
        className="present",
    )


OUTPUTS = {
    "figure": Output(ids.PRESENT_GRAPH, "figure"),
    "steps": Output(ids.PRESENT_STEPS, "data"),
    "state": Output(ids.PRESENT_STATE, "data"),
    "label": Output(ids.PRESENT_LABEL, "children"),
    "caption": Output(ids.PRESENT_CAPTION, "children"),
    "notes": Output(ids.PRESENT_NOTES, "children"),
}


def presentation(library: CaseLibrary, search: str | None, size: object) -> dict:
    """The view the link names: its case, lanes and days, and the steps of the case.

    A link is opened anywhere: the view shows the library's cases with the notes saved in
    their folders (a browser's own unsaved notes and uploads stay on the case page).
    """
    case_ids = library.case_ids()
    if not isinstance(size, list) or len(size) != 2:
        return dict.fromkeys(OUTPUTS, no_update)  # the window's size comes first
    if not case_ids:
        return {**dict.fromkeys(OUTPUTS, no_update), "caption": "No cases to show."}

    def describe(case_id: str):
        events = library.get(case_id).events
        return case_day_span(events), lane_keys(events)

    try:
        view, _ = parse_view(search, case_ids, describe)
        case = library.get(view.case_id)
    except CaseFileError as error:
        return {
            **dict.fromkeys(OUTPUTS, no_update),
            "caption": f"This case cannot be shown: {error}",
        }
    notes = case.notes
    asked = None if view.default_lanes else view.lanes
    lanes = presenter_lanes(case.events, asked)
    steps = presenter_steps(case.events, notes)
    index = next((i for i, s in enumerate(steps) if s.days == view.days), -1)
    step = steps[index] if index >= 0 else step_for(case.events, notes, "", view.days)
    return {
        "figure": presenter_figure(case.events, lanes, view.days, notes, size),
        "steps": [s.as_dict() for s in steps],
        "state": {
            "index": index,
            "case": view.case_id,
            "lanes": None if asked is None else lanes,
        },
        "label": step.label,
        "caption": step.caption,
        "notes": "\n".join(step.notes),
    }


def register(app: Dash, services: Services) -> None:
    library = services.library

    @app.callback(
        output=OUTPUTS,
        inputs={
            "search": Input(ids.PRESENT_URL, "search"),
            "size": Input(ids.PRESENT_SIZE, "data"),
        },
    )
    def open_presentation(search, size) -> dict:
        return presentation(library, search, size)

    app.clientside_callback(
        ClientsideFunction("present", "figureSize"),
        Output(ids.PRESENT_SIZE, "data"),
        Input(ids.PRESENT_URL, "pathname"),
    )
    app.clientside_callback(
        ClientsideFunction("present", "step"),
        Output(ids.PRESENT_STATE, "data", allow_duplicate=True),
        Output(ids.PRESENT_LABEL, "children", allow_duplicate=True),
        Output(ids.PRESENT_CAPTION, "children", allow_duplicate=True),
        Output(ids.PRESENT_NOTES, "children", allow_duplicate=True),
        Input(ids.PRESENT_PREV, "n_clicks"),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        State(ids.PRESENT_STEPS, "data"),
        State(ids.PRESENT_STATE, "data"),
        prevent_initial_call=True,
    )
