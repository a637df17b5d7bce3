"""The headline numbers and the table of the events in the visible days; clicking a mark on
the timeline selects its row, and selecting a row marks it on the timeline."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from components.clinical.phases import Headline, headline_numbers, in_day_range
from components.model.formatting import event_rows
from components.web import ids
from components.web.context import Services, case_in_view

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


def headline_cards(headlines: list[Headline]) -> list:
    return [
        dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(h.label, className="headline-label"),
                        html.Div(h.value, className="headline-value", id=f"headline-{h.key}"),
                        html.Div(h.note, className="headline-note"),
                    ]
                ),
                className="headline h-100",
            ),
            xs=6,
            lg=3,
        )
        for h in headlines
    ]


def headlines() -> dbc.Row:
    return dbc.Row(id=ids.HEADLINES, className="g-2 my-2")


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
    return dbc.Card([dbc.CardHeader("Events in the visible days"), grid, selected])


def register(app: Dash, services: Services) -> None:
    @app.callback(
        output={
            "rows": Output(ids.EVENT_GRID, "rowData"),
            "cards": Output(ids.HEADLINES, "children"),
        },
        inputs={"view": Input(ids.VIEW_STORE, "data")},
        state={"uploaded": State(ids.UPLOADED, "data")},
        prevent_initial_call=True,
    )
    def show_day_range(view, uploaded) -> dict:
        """The table and the headline numbers follow the day range."""
        opened = case_in_view(services.library, view, uploaded)
        if opened is None:
            return {"rows": no_update, "cards": no_update}
        case, shown = opened
        return {
            "rows": event_rows(in_day_range(case.events, shown.days)),
            "cards": headline_cards(headline_numbers(case.events, shown.days)),
        }

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
        State(ids.CLIENT_IDS, "data"),
        prevent_initial_call=True,
    )
