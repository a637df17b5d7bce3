"""The headline numbers and the table of the events in the visible days; clicking a mark on
the timeline selects its row, and selecting a row marks it on the timeline.

The page arrives with the rows and numbers of its first range in it; after that the browser
slices them from the case's data (`case_data`, sent once per case) on every range change."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from components.cases.case import Case
from components.clinical.daily import daily_series
from components.clinical.phases import Headline, case_day_span, headline_numbers
from components.model.formatting import event_rows
from components.web import ids
from components.web.context import Services
from components.web.panels import insight_panel

EVENT_COLUMNS = [
    # Sorted by the first day; shown as the span ('15–19').
    {
        "field": "day",
        "headerName": "Day",
        "width": 110,
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": "params.data.days"},
    },
    {"field": "category", "headerName": "Category", "width": 110},
    {"field": "item", "headerName": "Item", "width": 190},
    {"field": "value", "headerName": "Value", "width": 130},
    {"field": "dosing", "headerName": "Route / frequency", "width": 130},
    {
        "field": "detail",
        "headerName": "Detail",
        "flex": 2,
        "minWidth": 260,
        "wrapText": True,
        "autoHeight": True,
    },
    {"field": "source", "headerName": "Source", "flex": 1, "minWidth": 170},
    {"field": "basis", "headerName": "Basis", "width": 100},
]


#: The headline cards, in order; each has a label, a value and a note (`Headline`).
HEADLINE_KEYS = ("peak_icans", "high_grade_days", "icu_days", "onset_to_it")
HEADLINE_PARTS = {"label": "headline-label", "value": "headline-value", "note": "headline-note"}


def headline_id(key: str, part: str) -> str:
    """`headline-peak_icans` for a value (the id a person's tests know), with a suffix else."""
    return f"headline-{key}" if part == "value" else f"headline-{key}-{part}"


#: The headline texts by `key.part`, for `router.fill` and the browser's range slicing.
HEADLINE_OUTPUTS = {
    f"{key}.{part}": Output(headline_id(key, part), "children")
    for key in HEADLINE_KEYS
    for part in HEADLINE_PARTS
}


def headline_texts(headlines: list[Headline]) -> dict[str, str]:
    return {f"{h.key}.{part}": getattr(h, part) for h in headlines for part in HEADLINE_PARTS}


def headlines() -> dbc.Row:
    """The cards; their texts are set by the page's first fill and by the browser after."""
    return dbc.Row(
        [
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(id=headline_id(key, part), className=name)
                            for part, name in HEADLINE_PARTS.items()
                        ]
                    ),
                    className="headline h-100",
                ),
                xs=6,
                lg=3,
            )
            for key in HEADLINE_KEYS
        ],
        id=ids.HEADLINES,
        className="g-2 my-2",
    )


def events_table() -> dbc.Card:
    grid = dag.AgGrid(
        id=ids.EVENT_GRID,
        columnDefs=EVENT_COLUMNS,
        rowData=[],
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        getRowId="params.data.event_id",
        rowClassRules={"derived-row": "params.data.basis === 'derived'"},
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "animateRows": False,
            "domLayout": "normal",
        },
        className="ag-theme-quartz event-grid",
        style={"height": "520px"},
    )
    selected = dcc.Store(id=ids.SELECTED_EVENT)
    data = dcc.Store(id=ids.CASE_DATA)
    heading = dbc.CardHeader(
        [
            html.Span("Events in the visible days"),
            # The top of the page: the header, the controls and the timeline, as on opening.
            html.A("↑ Back to the timeline", href="#", className="small back-to-timeline"),
        ],
        className="d-flex justify-content-between align-items-center",
    )
    return dbc.Card([heading, grid, selected, data])


#: Everything the browser needs for any day range of a case: every event row and the per-day
#: series (`clinical.daily`); sent once per case, sliced in assets/timeline.js.
CASE_DATA_OUTPUT = Output(ids.CASE_DATA, "data")


def case_data(case: Case) -> dict:
    headlines = headline_texts(headline_numbers(case.events, case_day_span(case.events)))
    return {
        "case": case.case_id,
        "rows": event_rows(case.events),
        "series": daily_series(case.events),
        # Whole course: the same on every range.
        "onset_to_it": {k: v for k, v in headlines.items() if k.startswith("onset_to_it.")},
        **insight_panel.range_data(case),
    }


def range_outputs(case: Case, data: dict, days: tuple[int, int]) -> dict:
    """The table's rows (of the case's `data`) and the headline texts of the visible days, for
    the page's first fill; the browser slices the same from `data` after."""
    first, last = days
    return {
        "rows": [row for row in data["rows"] if row["day"] <= last and row["end_day"] >= first],
        **headline_texts(headline_numbers(case.events, days)),
    }


RANGE_OUTPUTS = {"rows": Output(ids.EVENT_GRID, "rowData"), **HEADLINE_OUTPUTS}


def register(app: Dash, services: Services) -> None:
    # A range change asks nothing of the server: the browser slices the case's data.
    app.clientside_callback(
        ClientsideFunction("timeline", "showRange"),
        [output for output in RANGE_OUTPUTS.values()],
        Input(ids.VIEW_STORE, "data"),
        Input(ids.CASE_DATA, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "selectFromFigure"),
        Output(ids.EVENT_GRID, "selectedRows"),
        Output(ids.EVENT_GRID, "scrollTo"),
        Input(ids.TIMELINE, "clickData"),
        State(ids.CLIENT_IDS, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("timeline", "markSelected"),
        Output(ids.SELECTED_EVENT, "data"),
        Input(ids.EVENT_GRID, "selectedRows"),
        State(ids.CLIENT_IDS, "data"),
        prevent_initial_call=True,
    )
