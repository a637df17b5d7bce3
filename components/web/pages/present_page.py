"""The presenter view (`/present?case=&days=&lanes=&part=`): the timeline alone, full screen,
in the slide theme, with the caption of the days under it. The left and right arrow keys (or
the two buttons) step through the case's phase presets and key intervals, and through the parts
of a step whose lanes do not fit the screen; each step's caption and the presenter's notes of
its days are the captions a room reads. A step is a new address (so the browser's back button
steps back, and the link opens the same view); the server draws each step for its own days.

It shows what the case page of the same browser shows: the uploaded case of this tab and this
browser's own notes (kept in the browser's storage, read here, never written).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from components.cases.notes import Note
from components.figures.timeline.presenter import (
    presenter_lanes,
    presenter_steps,
    step_for,
    with_notes,
)
from components.model.schema import CaseFileError
from components.web import ids
from components.web.built import BuiltViews
from components.web.context import Services
from components.web.panels.case_view import NoCasesError, open_case
from components.web.panels.notes_panel import case_notes

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}
LAST_PART = "last"  # `part=last`: the step back from a step's first part lands on this


def _step_button(text: str, component_id: str, step: str, title: str) -> html.Button:
    """A step button; assets/present.js presses it for its arrow key (found by `step`)."""
    return html.Button(
        text, id=component_id, className="btn btn-light", title=title, **{"data-present-step": step}
    )


def layout(query: str = "") -> html.Div:
    """The page; the figure and steps arrive from `open_presentation`, which reads the URL."""
    bar = html.Div(
        [
            html.A("← Case page", id=ids.PRESENT_BACK, href="/", className="present-back small"),
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
            # The case page's upload, kept in this tab: read here, never written.
            dcc.Store(id=ids.UPLOADED, storage_type="session"),
            # The case page's notes, read from this browser's storage by assets/present.js
            # (their store cannot be on this page: the case page's callbacks write it).
            dcc.Store(id=ids.PRESENT_BROWSER_NOTES),
            dcc.Store(id=ids.PRESENT_NOTES_KEY, data=ids.NOTES_STORE),
            dcc.Store(id=ids.PRESENT_SIZE),
            dcc.Store(id=ids.PRESENT_STEPS),
            dcc.Store(id=ids.PRESENT_STATE),
            dcc.Store(id=ids.PRESENT_URL_WRITTEN),
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
    "back": Output(ids.PRESENT_BACK, "href"),
}


def browser_notes(stored: object, case_id: str, saved: list[Note]) -> list[Note]:
    """The notes the case page shows: this browser's own for the case when it has kept any
    (even none left), else the ones saved with the case."""
    if isinstance(stored, dict) and case_id in stored:
        return case_notes(stored, case_id)
    return list(saved)


def asked_part(search: str | None) -> int | str:
    """`part=N` (from 1) or `part=last`; part 1 when missing or unreadable."""
    text = (parse_qs((search or "").lstrip("?")).get("part") or ["1"])[0]
    if text == LAST_PART:
        return LAST_PART
    return int(text) if text.isdigit() and int(text) >= 1 else 1


def screen_size(size: object) -> tuple[int, int] | None:
    """The [width, height] the browser reports, or None when it is not two numbers."""
    if not isinstance(size, list) or len(size) != 2:
        return None
    if not all(isinstance(side, int | float) and side > 0 for side in size):
        return None
    return int(size[0]), int(size[1])


def presentation(
    built: BuiltViews, search: str | None, size: object, uploaded: object, stored: object
) -> dict:
    """The view the link names: its case, lanes, days and part, and the steps of the case."""
    screen = screen_size(size)
    if screen is None:
        return dict.fromkeys(OUTPUTS, no_update)  # the window's size comes first
    try:
        case, view, notices, _ = open_case(built.library, search, uploaded)
    except NoCasesError:
        return {**dict.fromkeys(OUTPUTS, no_update), "caption": "No cases to show."}
    except CaseFileError as error:
        return {
            **dict.fromkeys(OUTPUTS, no_update),
            "caption": f"This case cannot be shown: {error}",
        }
    notes = browser_notes(stored, case.case_id, case.notes)
    asked = None if view.default_lanes else list(view.lanes)
    lanes = presenter_lanes(case.events, asked, view.days)
    parts = built.presenter(case, lanes, view.days, notes, screen)
    wanted = asked_part(search)
    part = len(parts) if wanted == LAST_PART else min(int(wanted), len(parts))
    case_steps = built.per_case("present_steps", case, lambda c: presenter_steps(c.events))
    steps = with_notes(case_steps, notes)
    index = next((i for i, s in enumerate(steps) if s.days == view.days), -1)
    step = steps[index] if index >= 0 else step_for(case.events, notes, "", view.days)
    part_text = f"part {part} of {len(parts)}" if len(parts) > 1 else ""
    return {
        "figure": parts[part - 1],
        "steps": [s.as_dict() for s in steps],
        "state": {
            "index": index,
            "case": view.case_id,
            "days": list(view.days),
            "lanes": asked,
            "part": part,
            "parts": len(parts),
        },
        "label": " · ".join(text for text in (step.label, part_text) if text),
        "caption": step.caption,
        "notes": "\n".join([*notices, *step.notes]),
        "back": "/" + view.query(),
    }


def register(app: Dash, services: Services) -> None:
    @app.callback(
        output=OUTPUTS,
        inputs={
            "search": Input(ids.PRESENT_URL, "search"),
            "size": Input(ids.PRESENT_SIZE, "data"),
            # An input: the tab's session store may be restored after the first call.
            "uploaded": Input(ids.UPLOADED, "data"),
        },
        state={"stored": State(ids.PRESENT_BROWSER_NOTES, "data")},
    )
    def open_presentation(search, size, uploaded, stored) -> dict:
        return presentation(services.built, search, size, uploaded, stored)

    # Before the first drawing: the screen's size and this browser's notes, together.
    app.clientside_callback(
        ClientsideFunction("present", "screen"),
        Output(ids.PRESENT_SIZE, "data"),
        Output(ids.PRESENT_BROWSER_NOTES, "data"),
        Input(ids.PRESENT_URL, "pathname"),
        State(ids.PRESENT_NOTES_KEY, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("present", "step"),
        Output(ids.PRESENT_URL, "search"),
        Input(ids.PRESENT_PREV, "n_clicks"),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        State(ids.PRESENT_STEPS, "data"),
        State(ids.PRESENT_STATE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("present", "writeUrl"),
        Output(ids.PRESENT_URL_WRITTEN, "data"),
        Input(ids.PRESENT_STATE, "data"),
        prevent_initial_call=True,
    )
