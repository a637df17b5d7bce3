"""Export for slides: the visible days as PNG, SVG, PDF, a PowerPoint deck or CSV, at a slide
size or a custom one, with the lanes and title a person picks."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, dcc, html, no_update

from components.export.formats import EXPORT_FORMATS, export_case, parts_note
from components.export.renderer import (
    MAX_SIDE,
    MIN_SIDE,
    SLIDE_16_9,
    ExportError,
    SlideSize,
    parse_size,
    slide_size,
)
from components.web import ids
from components.web.context import Services, case_in_view
from components.web.panels.notes_panel import case_notes

CUSTOM = "custom"
SIZE_OPTIONS = [
    {"label": "16:9 slide, 1920 x 1080", "value": "1920x1080"},
    {"label": "4:3 slide, 1440 x 1080", "value": "1440x1080"},
    {"label": "Custom width and height", "value": CUSTOM},
]
FORMAT_OPTIONS = [{"label": f.label, "value": key} for key, f in EXPORT_FORMATS.items()]


def side_input(component_id: str, pixels: int) -> dbc.Input:
    return dbc.Input(
        id=component_id, type="number", value=pixels, min=MIN_SIDE, max=MAX_SIDE, step=10
    )


def _size_controls() -> dbc.Row:
    custom = dbc.InputGroup(
        [
            side_input(ids.EXPORT_WIDTH, SLIDE_16_9.width),
            dbc.InputGroupText("x"),
            side_input(ids.EXPORT_HEIGHT, SLIDE_16_9.height),
        ]
    )
    scale = dbc.Select(
        id=ids.EXPORT_SCALE,
        options=[{"label": f"{s}x", "value": str(s)} for s in (1, 2, 3)],
        value="1",
    )
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Size", html_for=ids.EXPORT_SIZE),
                    dbc.Select(id=ids.EXPORT_SIZE, options=SIZE_OPTIONS, value="1920x1080"),
                ],
                width=12,
            ),
            # Each on a row of its own in a narrow side column: "1920" and "1080" stay whole.
            dbc.Col(
                [dbc.Label("Custom width x height (px)", html_for=ids.EXPORT_WIDTH), custom],
                className="export-custom-size",
            ),
            dbc.Col(
                [dbc.Label("PNG scale", html_for=ids.EXPORT_SCALE), scale],
                className="export-scale",
            ),
        ],
        className="g-2",
    )


def export_panel() -> dbc.Card:
    """Slide-ready files of the visible days: format, size, lanes and title."""
    return dbc.Card(
        [
            dbc.CardHeader("Export for slides"),
            dbc.CardBody(
                [
                    dbc.RadioItems(
                        id=ids.EXPORT_FORMAT, options=FORMAT_OPTIONS, value="png", inline=True
                    ),
                    _size_controls(),
                    dbc.Label("Lanes", html_for=ids.EXPORT_LANES, className="mt-2"),
                    dcc.Dropdown(id=ids.EXPORT_LANES, multi=True),
                    dbc.Label("Title", html_for=ids.EXPORT_TITLE, className="mt-2"),
                    dbc.Input(id=ids.EXPORT_TITLE, placeholder="The case title", maxLength=200),
                    dbc.Button("Download", id=ids.EXPORT_BUTTON, color="primary", className="mt-3"),
                    html.Div(id=ids.EXPORT_STATUS, className="small mt-2", role="status"),
                    dcc.Download(id=ids.EXPORT_DOWNLOAD),
                ]
            ),
        ],
        className="export-panel mt-3",
    )


def chosen_size(
    fmt: str, choice: str, custom: tuple[float | None, float | None], scale: str | None
) -> SlideSize:
    """The size the panel asks for; ExportError for one that cannot be made."""
    if choice == CUSTOM:
        width, height = custom
        if width is None or height is None:
            raise ExportError("Give a width and a height for a custom size.")
        size = slide_size(width, height)
    else:
        size = parse_size(str(choice))
    try:
        factor = float(scale or 1) if fmt == "png" else 1.0
    except ValueError as error:
        raise ExportError(f"Scale {scale!r}: expected a number.") from error
    return slide_size(size.width, size.height, factor)


def register(app: Dash, services: Services) -> None:
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
        output={
            "download": Output(ids.EXPORT_DOWNLOAD, "data"),
            "status": Output(ids.EXPORT_STATUS, "children"),
        },
        inputs={"clicks": Input(ids.EXPORT_BUTTON, "n_clicks")},
        state={
            "fmt": State(ids.EXPORT_FORMAT, "value"),
            "size_choice": State(ids.EXPORT_SIZE, "value"),
            "width": State(ids.EXPORT_WIDTH, "value"),
            "height": State(ids.EXPORT_HEIGHT, "value"),
            "scale": State(ids.EXPORT_SCALE, "value"),
            "lanes": State(ids.EXPORT_LANES, "value"),
            "title": State(ids.EXPORT_TITLE, "value"),
            "view": State(ids.VIEW_STORE, "data"),
            "stored_notes": State(ids.NOTES_STORE, "data"),
            "uploaded": State(ids.UPLOADED, "data"),
        },
        prevent_initial_call=True,
        running=[(Output(ids.EXPORT_BUTTON, "disabled"), True, False)],
    )
    def download_export(
        clicks, fmt, size_choice, width, height, scale, lanes, title, view, stored_notes, uploaded
    ) -> dict:
        opened = case_in_view(services.library, view, uploaded)
        if opened is None:
            return {"download": no_update, "status": no_update}
        case, shown = opened
        notes = case_notes(stored_notes, case.case_id)
        try:
            size = chosen_size(fmt, size_choice, (width, height), scale)
            name, data, parts = export_case(
                case, shown.days, fmt, services.renderer, lanes or None, title or None, size, notes
            )
        except ExportError as error:
            return {"download": no_update, "status": html.Span(str(error), className="text-danger")}
        status = [html.Div(f"Downloaded {name}")]
        if parts:
            status.append(html.Div(parts_note(parts, fmt, size), className="export-parts"))
        return {"download": dcc.send_bytes(data, name), "status": status}
