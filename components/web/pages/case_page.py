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
    """The page's components; `fill_view` sets the view its URL asks for in them.

    The timeline comes first: a one-line header and one row of controls above it, so that on
    a laptop (1366 x 768) its first lanes show without scrolling. On a wide screen the day
    panel, notes, export and upload stand beside it; on a laptop they follow it, then the
    headline numbers, the event table and the clinical insight.
    """
    side = [
        timeline_panel.day_panel(),
        export_panel.export_panel(),
        notes_panel.notes_panel(),
        own_case_panel.own_case_panel(),
    ]
    return dbc.Container(
        [
            *case_view.view_stores(),
            *notes_panel.notes_stores(),
            *case_view.header(),
            case_view.controls(),
            dbc.Row(
                [
                    dbc.Col(timeline_panel.timeline(), xxl=9, className="timeline-column"),
                    dbc.Col(side, xxl=3, className="side-column"),
                ],
                className="g-3",
            ),
            events_panel.headlines(),
            dbc.Row(dbc.Col(events_panel.events_table()), className="my-3"),
            insight_panel.insight_section(),
        ],
        fluid=True,
        className="dashboard",
    )


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
