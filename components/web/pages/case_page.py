"""The case page (`/`): the case header and controls, the timeline first, the panels beside it,
the events table and the clinical insight under it. Composition only: each panel owns its
layout and callbacks (`components/web/panels/`)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash

from components.web.context import Services, case_in_view
from components.web.panels import (
    case_view,
    events_panel,
    export_panel,
    insight_panel,
    notes_panel,
    own_case_panel,
    timeline_panel,
)
from components.web.router import fill

PANELS = (
    case_view,
    timeline_panel,
    events_panel,
    notes_panel,
    export_panel,
    own_case_panel,
    insight_panel,
)


def layout(query: str = "") -> dbc.Container:
    """The page's components; `fill_view` sets the view its URL asks for in them."""
    page = dbc.Container(
        [
            *case_view.view_stores(),
            *notes_panel.notes_stores(),
            *case_view.header(),
            dbc.Row(
                [
                    dbc.Col(case_view.controls(), xl=9),
                    dbc.Col(own_case_panel.own_case_panel(), xl=3),
                ],
                className="g-3",
            ),
            events_panel.headlines(),
            dbc.Row(
                [
                    dbc.Col(timeline_panel.timeline(), xl=9),
                    dbc.Col(
                        [
                            timeline_panel.day_panel(),
                            notes_panel.notes_panel(),
                            export_panel.export_panel(),
                        ],
                        xl=3,
                    ),
                ],
                className="g-3",
            ),
            dbc.Row(dbc.Col(events_panel.events_table()), className="my-3"),
            insight_panel.insight_section(),
        ],
        fluid=True,
        className="dashboard",
    )
    return page


def fill_view(page: dbc.Container, services: Services, query: str) -> None:
    """The figure, controls, stores, table rows and headline numbers of the URL's view, set in
    the layout as the callbacks would set them (the insight section fills after the timeline
    has painted)."""
    values = case_view.initial_outputs(services, query)
    fill(page, case_view.OPEN_VIEW_OUTPUTS, values)
    opened = case_in_view(services.library, values.get("view"), None)
    if opened is not None:
        case, view = opened
        ranged = events_panel.range_outputs(case, values["case_data"], view.days)
        fill(page, events_panel.RANGE_OUTPUTS, ranged)


def register(app: Dash, services: Services) -> None:
    for panel in PANELS:
        panel.register(app, services)
