"""The timeline figure, and the panel listing everything recorded on the hovered day."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, dcc, html, no_update

from components.cases.case import Case
from components.clinical.phases import in_day_range
from components.model.columns import DERIVED
from components.model.formatting import day_text, value_text
from components.web import ids
from components.web.context import Services, case_in_view

GRAPH_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    # The camera button saves a slide-sized picture.
    "toImageButtonOptions": {
        "format": "png",
        "width": 1920,
        "height": 1080,
        "filename": "timeline",
    },
}


def timeline() -> list:
    graph = dcc.Loading(
        dcc.Graph(id=ids.TIMELINE, config=GRAPH_CONFIG, className="timeline-graph"),
        type="default",
        delay_show=300,
    )
    legend_note = html.P(
        "Hover a mark to list everything recorded that day; click it to find it in the table. "
        "Drag across the figure to zoom into days; double-click to see the whole course.",
        className="small text-muted legend-note",
    )
    return [graph, legend_note]


def day_panel() -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader("On the hovered day"),
            dbc.CardBody(
                html.P("Hover a mark on the timeline.", className="text-muted small"),
                id=ids.DAY_PANEL,
            ),
        ],
        className="day-panel",
    )


def day_items(case: Case, day: int) -> list:
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


def register(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.DAY_PANEL, "children"),
        Input(ids.TIMELINE, "hoverData"),
        State(ids.VIEW_STORE, "data"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def show_hovered_day(hover: dict | None, view: dict | None, uploaded: dict | None):
        if not isinstance(hover, dict) or not hover.get("points"):
            return no_update
        x = hover["points"][0].get("x")
        opened = case_in_view(services.library, view, uploaded)
        if not isinstance(x, int | float) or opened is None:
            return no_update
        return day_items(opened[0], round(x))
