"""The dashboard page: named blocks composed in rows. Content arrives through callbacks."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.cases.case import MEGABYTE, SIZE_LIMIT_TEXT, CaseInfo
from components.cases.notes import MAX_NOTE_LENGTH, Note
from components.cases.upload import MAX_UPLOAD_BYTES
from components.clinical.phases import Headline, Preset
from components.export.formats import MAX_SIDE, MIN_SIDE, SLIDE_16_9
from components.model.schema import MAX_EVENT_ROWS
from components.web import ids
from components.web.insight_panel import insight_section

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
    return [
        html.H1(info.title, className="case-title"),
        html.P(info.summary, className="lead case-summary") if info.summary else None,
        html.Ul(details, className="case-facts"),
        undated,
        html.P(reference, className="case-reference small"),
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
            className="me-1 mb-1",
            title=f"Show days {p.first} to {p.last}",
        )
        for i, p in enumerate(presets)
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


SIZE_OPTIONS = [
    {"label": "16:9 slide, 1920 x 1080", "value": "1920x1080"},
    {"label": "4:3 slide, 1440 x 1080", "value": "1440x1080"},
    {"label": "Custom width and height", "value": "custom"},
]
FORMAT_OPTIONS = [
    {"label": "PNG", "value": "png"},
    {"label": "SVG", "value": "svg"},
    {"label": "PDF", "value": "pdf"},
    {"label": "PowerPoint deck", "value": "pptx"},
    {"label": "Events (CSV)", "value": "csv"},
]


def side_input(component_id: str, pixels: int) -> dbc.Input:
    return dbc.Input(
        id=component_id, type="number", value=pixels, min=MIN_SIDE, max=MAX_SIDE, step=10
    )


def export_panel() -> dbc.Card:
    """Slide-ready files of the visible days: format, size, lanes and title."""
    size_controls = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Size", html_for=ids.EXPORT_SIZE),
                    dbc.Select(id=ids.EXPORT_SIZE, options=SIZE_OPTIONS, value="1920x1080"),
                ],
                width=12,
            ),
            dbc.Col(
                [
                    dbc.Label("Custom width x height (px)", html_for=ids.EXPORT_WIDTH),
                    dbc.InputGroup(
                        [
                            side_input(ids.EXPORT_WIDTH, SLIDE_16_9.width),
                            dbc.InputGroupText("x"),
                            side_input(ids.EXPORT_HEIGHT, SLIDE_16_9.height),
                        ]
                    ),
                ],
                width=8,
            ),
            dbc.Col(
                [
                    dbc.Label("PNG scale", html_for=ids.EXPORT_SCALE),
                    dbc.Select(
                        id=ids.EXPORT_SCALE,
                        options=[{"label": f"{s}x", "value": str(s)} for s in (1, 2, 3)],
                        value="1",
                    ),
                ],
                width=4,
            ),
        ],
        className="g-2",
    )
    return dbc.Card(
        [
            dbc.CardHeader("Export for slides"),
            dbc.CardBody(
                [
                    dbc.RadioItems(
                        id=ids.EXPORT_FORMAT, options=FORMAT_OPTIONS, value="png", inline=True
                    ),
                    size_controls,
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


def notes_panel() -> dbc.Card:
    """Presenter's notes: pinned to a day and optionally a lane, kept in this browser."""
    return dbc.Card(
        [
            dbc.CardHeader("Presenter's notes"),
            dbc.CardBody(
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.Input(
                                    id=ids.NOTE_DAY, type="number", step=1, placeholder="Day"
                                ),
                                width=4,
                            ),
                            dbc.Col(
                                dcc.Dropdown(id=ids.NOTE_LANE, placeholder="Whole figure"),
                                width=8,
                            ),
                        ],
                        className="g-2",
                    ),
                    dbc.Input(
                        id=ids.NOTE_TEXT,
                        placeholder="e.g. IT MTX/AraC/HC - GCS improves",
                        maxLength=MAX_NOTE_LENGTH,
                        className="mt-2",
                    ),
                    dbc.Button("Pin note", id=ids.NOTE_ADD, size="sm", className="mt-2 me-2"),
                    dbc.Button(
                        "Save to case folder",
                        id=ids.NOTE_SAVE,
                        size="sm",
                        color="secondary",
                        outline=True,
                        className="mt-2",
                    ),
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


TEMPLATE_BUTTONS = (
    ("csv", "Template (CSV)"),
    ("xlsx", "Template (Excel)"),
    ("example", "Example: the bundled case"),
)


def own_case_panel() -> dbc.Card:
    """Upload a case file, see it at once, save it to the library; templates to start from."""
    return dbc.Card(
        [
            dbc.CardHeader("Your own case"),
            dbc.CardBody(
                [
                    dcc.Upload(
                        html.Div(["Drop a CSV or Excel file here, or ", html.U("choose one")]),
                        id=ids.UPLOAD,
                        accept=".csv,.xlsx,text/csv",
                        multiple=False,
                        className="case-upload",
                    ),
                    html.Div(
                        f"Shown for this browser session only; up to "
                        f"{MAX_UPLOAD_BYTES // MEGABYTE} MB and {MAX_EVENT_ROWS:,} events.",
                        className="small text-muted mt-1",
                    ),
                    html.Div(
                        [
                            dbc.Button(
                                label,
                                id={"type": ids.TEMPLATE_DOWNLOAD, "index": key},
                                color="link",
                                size="sm",
                                className="p-0 me-3",
                            )
                            for key, label in TEMPLATE_BUTTONS
                        ],
                        className="mt-1",
                    ),
                    dbc.Button(
                        "Save to library",
                        id=ids.UPLOAD_SAVE,
                        size="sm",
                        color="secondary",
                        outline=True,
                        disabled=True,
                        className="mt-2",
                    ),
                    html.Div(id=ids.UPLOAD_STATUS, className="small mt-2", role="status"),
                    dcc.Download(id=ids.TEMPLATE_FILE),
                    dcc.Store(
                        id=ids.UPLOAD_LIMIT,
                        data={"bytes": MAX_UPLOAD_BYTES, "expected": SIZE_LIMIT_TEXT},
                    ),
                    dcc.Store(id=ids.UPLOAD_RECEIVED),
                    dcc.Store(id=ids.UPLOADED, storage_type="session"),
                ]
            ),
        ],
        className="own-case-panel",
    )


def page_layout() -> dbc.Container:
    case_controls = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Case", html_for=ids.CASE_SELECT),
                    dcc.Dropdown(id=ids.CASE_SELECT, clearable=False, searchable=False),
                ],
                md=4,
            ),
            dbc.Col(
                [
                    dbc.Label("Lanes, top to bottom", html_for=ids.LANE_SELECT),
                    dcc.Dropdown(id=ids.LANE_SELECT, multi=True, clearable=False),
                ],
                md=5,
            ),
            dbc.Col(
                [
                    dbc.Label("Collapsed to a strip", html_for=ids.COLLAPSE_SELECT),
                    dcc.Dropdown(id=ids.COLLAPSE_SELECT, multi=True, placeholder="None"),
                ],
                md=3,
            ),
        ],
        className="g-3",
    )
    day_range_controls = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Days after CAR-T infusion", html_for=ids.RANGE_SLIDER),
                    dcc.RangeSlider(
                        id=ids.RANGE_SLIDER,
                        min=0,
                        max=1,
                        step=1,
                        allowCross=False,
                        updatemode="mouseup",
                        tooltip={"placement": "bottom", "always_visible": False},
                    ),
                ],
                lg=7,
            ),
            dbc.Col(
                dbc.InputGroup(
                    [
                        dbc.InputGroupText("From day"),
                        dbc.Input(id=ids.DAY_FIRST, type="number", step=1, debounce=True),
                        dbc.InputGroupText("to"),
                        dbc.Input(id=ids.DAY_LAST, type="number", step=1, debounce=True),
                    ],
                    size="sm",
                ),
                lg=5,
                className="align-self-end",
            ),
            dbc.Col(html.Div(id=ids.PRESETS, className="mt-2"), width=12),
        ],
        className="g-3 mt-1",
    )
    controls = dbc.Card(dbc.CardBody([case_controls, day_range_controls]), className="controls")

    timeline = dcc.Loading(
        dcc.Graph(id=ids.TIMELINE, config=GRAPH_CONFIG, className="timeline-graph"),
        type="default",
        delay_show=300,
    )
    legend_note = html.P(
        "Hover a mark to list everything recorded that day; click it to find it in the table. "
        "Drag across the figure to zoom into days; double-click to see the whole course.",
        className="small text-muted legend-note",
    )
    day_panel = dbc.Card(
        [
            dbc.CardHeader("On the hovered day"),
            dbc.CardBody(
                html.P("Hover a mark on the timeline.", className="text-muted small"),
                id=ids.DAY_PANEL,
            ),
        ],
        className="day-panel",
    )
    events_table = dbc.Card(
        [
            dbc.CardHeader("Events in the visible days"),
            dag.AgGrid(
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
            ),
        ]
    )
    return dbc.Container(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEW_STORE),
            dcc.Store(id=ids.PRESET_STORE),
            dcc.Store(id=ids.SELECTED_EVENT),
            dcc.Store(id=ids.URL_WRITTEN),
            dcc.Store(id=ids.NOTES_STORE, storage_type="local"),
            dcc.Store(id=ids.NOTES_SHOWN),
            html.Div(id=ids.ERROR_ALERT),
            html.Header(id=ids.HEADER, className="case-header"),
            html.Div(id=ids.NOTICE),
            dbc.Row([dbc.Col(controls, xl=9), dbc.Col(own_case_panel(), xl=3)], className="g-3"),
            dbc.Row(id=ids.HEADLINES, className="g-2 my-2"),
            dbc.Row(
                [
                    dbc.Col([timeline, legend_note], xl=9),
                    dbc.Col([day_panel, notes_panel(), export_panel()], xl=3),
                ],
                className="g-3",
            ),
            dbc.Row(dbc.Col(events_table), className="my-3"),
            insight_section(),
        ],
        fluid=True,
        className="dashboard",
    )
