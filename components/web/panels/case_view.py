"""The case and its view: the case header, the controls (case, lanes, collapsed lanes, day
range, phase presets) and the stores that hold the view. The page arrives with the view of its
URL in it (`initial_outputs`); `open_view` builds the view when the URL changes later; what only
moves the range runs in the browser (assets/timeline.js), so a range change never rebuilds the
figure on the server.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from components.cases.case import Case, CaseInfo
from components.cases.library import CaseLibrary, Listing
from components.cases.notes import notes_from_store
from components.cases.upload import resolve_case, stored_upload
from components.clinical.phases import Preset, case_day_span, day_range_presets
from components.figures.lanes.registry import LANES, lane_keys
from components.model.problems import CaseFileError
from components.model.view import View, parse_view
from components.web import ids
from components.web.context import Services, problems_alert
from components.web.panels import events_panel

MAX_SLIDER_MARKS = 12


def slider_marks(first: int, last: int) -> dict[int, str]:
    """Marks at round days: about a dozen, always including day 0 when in range."""
    step = next(
        s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if (last - first) / s <= MAX_SLIDER_MARKS
    )
    marks = {d: str(d) for d in range(first, last + 1) if d % step == 0}
    marks[first], marks[last] = str(first), str(last)
    return marks


def notices_alert(notices: list[str]) -> dbc.Alert | None:
    if not notices:
        return None
    return dbc.Alert([html.Div(n) for n in notices], color="warning", dismissable=True)


def case_header(case_id: str, info: CaseInfo) -> list:
    """Title, patient summary, reference link and the facts the source gives without a day."""
    reference = []
    if info.reference:
        cite = info.reference.citation
        reference = [
            html.Span("Source: ", className="text-muted"),
            html.A(cite, href=info.reference.url, target="_blank", rel="noopener")
            if info.reference.url
            else html.Span(cite),
        ]
    details = [
        html.Li([html.Strong(label), " ", text] if label else text)
        for label, text in (
            ("Diagnosis:", info.diagnosis),
            ("Product:", info.product),
            ("", info.day_zero),
        )
        if text
    ]
    undated = (
        html.Details(
            [
                html.Summary(f"Before the timeline and undated ({len(info.undated)})"),
                html.Ul([html.Li(f"{fact.text} ({fact.source})") for fact in info.undated]),
            ],
            className="undated",
        )
        if info.undated
        else None
    )
    badge = (
        dbc.Badge(
            "Synthetic case: generated, not a patient",
            color="warning",
            text_color="dark",
            className="synthetic-badge ms-2",
        )
        if info.synthetic
        else None
    )
    # One line on screen: the title, and everything else behind the toggle, so the timeline
    # starts near the top of a laptop screen.
    return [
        html.Details(
            [
                html.Summary(
                    [
                        html.H1(info.title, className="case-title", title=info.title),
                        badge,
                        html.Span("Case details", className="details-toggle"),
                        html.A(
                            "All cases as a cohort →", href="/cohort", className="small ms-auto"
                        ),
                    ],
                    className="case-summary-line",
                ),
                html.P(info.summary, className="lead case-summary") if info.summary else None,
                html.Ul(details, className="case-facts"),
                undated,
                html.P(reference, className="case-reference small"),
            ],
            className="case-details",
        ),
        html.P(f"Case id: {case_id}", className="visually-hidden"),
    ]


def preset_buttons(presets: list[Preset]) -> list:
    return [
        dbc.Button(
            f"{p.label} ({p.first} to {p.last})",
            id={"type": ids.PRESET, "index": i},
            color="secondary",
            outline=True,
            size="sm",
            className="me-1 mt-1",
            title=f"Show days {p.first} to {p.last}",
        )
        for i, p in enumerate(presets)
    ]


def view_stores() -> list:
    """The URL and the stores that hold the view (see `model.view.View.to_store`)."""
    return [
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.VIEW_STORE),
        dcc.Store(id=ids.PRESET_STORE),
        dcc.Store(id=ids.URL_WRITTEN),
        dcc.Store(id=ids.CLIENT_IDS, data=ids.CLIENT_IDS_DATA),
    ]


def header() -> list:
    return [
        html.Header(id=ids.HEADER, className="case-header"),
        html.Div(id=ids.NOTICE),
    ]


def _labelled(label: str, component_id: str, control, width: str) -> dbc.Col:
    """A control with its label for screen readers only: the controls fit one row."""
    return dbc.Col(
        html.Div(
            [dbc.Label(label, html_for=component_id, className="visually-hidden"), control],
            title=label,
        ),
        className=f"control control-{width}",
    )


def controls() -> dbc.Card:
    """Case, lanes, collapsed lanes, the day range (slider, two boxes, phase presets): one row
    on a laptop screen."""
    slider = dcc.RangeSlider(
        id=ids.RANGE_SLIDER,
        min=0,
        max=1,
        step=1,
        allowCross=False,
        updatemode="mouseup",
        tooltip={"placement": "bottom", "always_visible": False},
        # The From/to boxes are the typed entry: the slider's own boxes moved only the slider.
        allow_direct_input=False,
    )
    day_inputs = dbc.InputGroup(
        [
            dbc.InputGroupText("Days"),
            dbc.Input(id=ids.DAY_FIRST, type="number", step=1, debounce=True, placeholder="from"),
            dbc.InputGroupText("to"),
            dbc.Input(id=ids.DAY_LAST, type="number", step=1, debounce=True, placeholder="to"),
        ],
        size="sm",
    )
    row = dbc.Row(
        [
            _labelled(
                "Case",
                ids.CASE_SELECT,
                dcc.Dropdown(id=ids.CASE_SELECT, clearable=False, searchable=False),
                "case",
            ),
            _labelled(
                "Lanes, top to bottom",
                ids.LANE_SELECT,
                dcc.Dropdown(id=ids.LANE_SELECT, multi=True, clearable=False, placeholder="Lanes"),
                "lanes",
            ),
            _labelled(
                "Collapsed to a strip",
                ids.COLLAPSE_SELECT,
                dcc.Dropdown(id=ids.COLLAPSE_SELECT, multi=True, placeholder="Collapse lanes"),
                "collapse",
            ),
            _labelled("Days after CAR-T infusion", ids.RANGE_SLIDER, slider, "slider"),
            dbc.Col(day_inputs, className="control control-days"),
        ],
        className="g-2 align-items-center flex-nowrap-lg control-row",
    )
    presets = html.Div(id=ids.PRESETS, className="presets")
    # The same view full screen for a room: its address follows the view (`presentLink`).
    present = html.A(
        "Present ▸",
        id=ids.PRESENT_LINK,
        href="/present",
        className="btn btn-sm btn-outline-primary mt-1 present-link",
        title="The figure alone, full screen, in the slide theme; arrow keys step through",
    )
    second_row = html.Div([presets, present], className="d-flex align-items-start gap-2")
    return dbc.Card(dbc.CardBody([row, second_row], className="py-2"), className="controls")


SYNTHETIC_HEADING = "Synthetic (generated, not patients)"


def case_options(
    listing: Listing, uploaded: dict | None, synthetic: frozenset[str] = frozenset()
) -> list[dict]:
    """The case selector: the library's cases, the synthetic ones apart under a heading, the
    uploaded one (marked as not saved), then the folders that cannot be shown, disabled, with
    their number of problems."""
    generated = [case_id for case_id in listing.shown if case_id in synthetic]
    options = [{"label": case_id, "value": case_id} for case_id in listing.shown]
    options = [o for o in options if o["value"] not in synthetic]
    if generated:
        options.append({"label": SYNTHETIC_HEADING, "value": "", "disabled": True})
        options += [{"label": f"{case_id} (synthetic)", "value": case_id} for case_id in generated]
    upload = stored_upload(uploaded)
    if upload:
        options.append({"label": upload.label, "value": upload.case_id})
    broken = listing.broken_labels().items()
    return options + [{"label": label, "value": i, "disabled": True} for i, label in broken]


OPEN_VIEW_OUTPUTS = {
    "case_options": Output(ids.CASE_SELECT, "options"),
    "case_id": Output(ids.CASE_SELECT, "value"),
    "lane_options": Output(ids.LANE_SELECT, "options"),
    "lanes": Output(ids.LANE_SELECT, "value"),
    "collapse_options": Output(ids.COLLAPSE_SELECT, "options"),
    "collapsed": Output(ids.COLLAPSE_SELECT, "value"),
    "slider_min": Output(ids.RANGE_SLIDER, "min"),
    "slider_max": Output(ids.RANGE_SLIDER, "max"),
    "slider_marks": Output(ids.RANGE_SLIDER, "marks"),
    "slider_days": Output(ids.RANGE_SLIDER, "value"),
    "first_day": Output(ids.DAY_FIRST, "value"),
    "last_day": Output(ids.DAY_LAST, "value"),
    "presets": Output(ids.PRESETS, "children"),
    "preset_days": Output(ids.PRESET_STORE, "data"),
    "header": Output(ids.HEADER, "children"),
    "notice": Output(ids.NOTICE, "children"),
    "figure": Output(ids.TIMELINE, "figure"),
    "view": Output(ids.VIEW_STORE, "data"),
    "notes_by_case": Output(ids.NOTES_STORE, "data"),
    "notes_shown": Output(ids.NOTES_SHOWN, "data"),
    "case_data": events_panel.CASE_DATA_OUTPUT,
}


def view_outputs(
    services: Services, case: Case, view: View, notices: list[str], options: list, stored: dict
) -> dict:
    """Every output of `open_view` for a case and its view."""
    first, last = view.span or view.days
    presets = day_range_presets(case.events)
    notes_by_case = dict(stored)
    # A person's own notes for this case stay; the first visit starts from the saved ones.
    notes_by_case.setdefault(view.case_id, [n.as_dict() for n in case.notes])
    notes = notes_from_store(notes_by_case[view.case_id])
    lane_options = [{"label": LANES[key].title, "value": key} for key in view.available]
    return {
        "case_options": options,
        "case_id": view.case_id,
        "lane_options": lane_options,
        "lanes": list(view.lanes),
        "collapse_options": [{"label": LANES[key].title, "value": key} for key in view.lanes],
        "collapsed": list(view.collapsed),
        "slider_min": first,
        "slider_max": last,
        "slider_marks": slider_marks(first, last),
        "slider_days": list(view.days),
        "first_day": view.days[0],
        "last_day": view.days[1],
        "presets": preset_buttons(presets),
        "preset_days": [[p.first, p.last] for p in presets],
        "header": case_header(case.case_id, case.info),
        "notice": notices_alert(notices),
        "figure": services.built.timeline(case, view, notes),
        "view": view.to_store(),
        "notes_by_case": notes_by_case,
        "notes_shown": {"case": view.case_id, "notes": [n.as_dict() for n in notes]},
        "case_data": services.built.per_case("case_data", case, events_panel.case_data),
    }


class NoCasesError(Exception):
    """No case of the library folder can be shown; `options` lists the ones that cannot."""

    def __init__(self, message: str, options: list[dict]):
        super().__init__(message)
        self.options = options


def open_case(
    library: CaseLibrary, search: str | None, uploaded: dict | None
) -> tuple[Case, View, list[str], list[dict]]:
    """The case and view a query string asks for, the notices about it and the case options.

    Raises NoCasesError when no case can be shown, CaseFileError when the case cannot be
    loaded."""
    listing = library.listing()
    options = case_options(listing, uploaded, listing.synthetic)
    shown_ids = [o["value"] for o in options if not o.get("disabled")]
    if not shown_ids:
        raise NoCasesError(f"No case in {library.cases_dir} can be shown.", options)

    def describe(case_id: str) -> tuple[tuple[int, int], list[str]]:
        events = resolve_case(library, case_id, uploaded).events
        return case_day_span(events), lane_keys(events)

    view, notices = parse_view(search, shown_ids, describe)
    return resolve_case(library, view.case_id, uploaded), view, notices, options


def problem_notice(error: Exception) -> dbc.Alert:
    if isinstance(error, CaseFileError):
        return problems_alert("This case cannot be shown:", error.problems)
    return dbc.Alert(str(error), color="warning")


def initial_outputs(services: Services, query: str) -> dict:
    """What `open_view` would answer for the URL the page is opened with, for the page's own
    layout: the view arrives in the first response and paints with no callback round trip.

    The browser's stores are not known here: the person's own notes (local storage) replace
    the saved ones by `notes_panel.redraw_notes`, and a URL naming this tab's uploaded case
    (session storage) is opened by `open_view` once the store is read."""
    try:
        case, view, notices, options = open_case(services.library, query, None)
    except (NoCasesError, CaseFileError) as error:
        return {"notice": problem_notice(error)}
    outputs = view_outputs(services, case, view, notices, options, {})
    del outputs["notes_by_case"]  # local storage: the browser's own copy wins
    return outputs


def register(app: Dash, services: Services) -> None:
    library = services.library

    @app.callback(
        output=OPEN_VIEW_OUTPUTS,
        inputs={
            "search": Input(ids.URL, "search"),
            # An input, not a state: the session store may be restored after the first call.
            "uploaded": Input(ids.UPLOADED, "data"),
        },
        state={
            "shown": State(ids.VIEW_STORE, "data"),
            "stored_notes": State(ids.NOTES_STORE, "data"),
        },
    )
    def open_view(search, uploaded, shown, stored_notes) -> dict:
        """The view from the URL when it changes: a case or lane switch, back and forward.

        The page arrives with the view of its URL already in it (`initial_outputs`), so on
        load this finds the view on screen and rebuilds nothing; it only adds the case's saved
        notes to this browser's notes when it has none for the case yet.
        """
        nothing = dict.fromkeys(OPEN_VIEW_OUTPUTS, no_update)
        try:
            case, view, notices, options = open_case(library, search, uploaded)
        except NoCasesError as error:
            return {**nothing, "case_options": error.options, "notice": problem_notice(error)}
        except CaseFileError as error:
            return {**nothing, "notice": problem_notice(error)}
        stored = stored_notes if isinstance(stored_notes, dict) else {}
        before = View.from_store(shown)
        if before == view:
            if view.case_id in stored:
                return nothing
            saved = [n.as_dict() for n in case.notes]
            return {**nothing, "notes_by_case": {**stored, view.case_id: saved}}
        outputs = view_outputs(services, case, view, notices, options, stored)
        if before is not None and before.case_id == view.case_id:
            outputs["case_data"] = no_update  # the browser has it: a lane change
        return outputs

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
        State(ids.CLIENT_IDS, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "writeUrl"),
        Output(ids.URL_WRITTEN, "data"),
        Input(ids.VIEW_STORE, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "presentLink"),
        Output(ids.PRESENT_LINK, "href"),
        Input(ids.URL_WRITTEN, "data"),
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
