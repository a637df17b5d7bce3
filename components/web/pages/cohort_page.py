"""The cohort page (`/cohort?align=&rank=&filter=&summary=`): every case of the library (and a
case uploaded in this tab) as a swimmer plot under a per-day grade summary, with the registry
table under it. The view lives in the URL; sorting a table column ranks the plot; clicking a
row or a swimmer opens that case around the aligned event. Cases that fail validation are
listed, never drawn.

The page arrives with the view of its URL drawn (`fill_view`). The server then sends the cases
once (per page and upload) and, per filter, their views under every alignment
(`figures.cohort.browser_views`); an align, rank or summary change is drawn by the browser
(`assets/cohort.js`) with no server round trip, and so is the table's new order.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from components.cases.cohort_select import (
    aligned_link,
    cohort_caption,
    cohort_title,
    rank_from_table,
    select,
)
from components.cases.index import Cohort, summarise
from components.cases.upload import stored_upload, uploaded_case
from components.clinical.cohort import FIELD_NAMES, FIELDS
from components.export.cohort_export import COHORT_FORMATS, export_cohort
from components.export.renderer import ExportError
from components.figures.cohort.browser_views import (
    case_data,
    cohort_token,
    grid_rows,
    shown_key,
    view_data,
)
from components.figures.cohort.swimmers import cohort_figure, drawn_note
from components.figures.theme import SCREEN_THEME
from components.model.cohort_view import (
    ALIGNS,
    FILTER_KEYS,
    OUTCOMES,
    RANKS,
    CohortView,
    parse_cohort_view,
)
from components.model.schema import CaseFileError
from components.web import ids
from components.web.context import Services
from components.web.router import fill

SOURCE_LABELS = {
    "published": "Published",
    "uploaded": "Uploaded (this tab)",
    "synthetic": "Synthetic",
}
GRADE_OPTIONS = [{"label": f"≥{g}", "value": str(g)} for g in (1, 2, 3, 4)]
FILTER_LABELS = {
    "product": "Product",
    "icans": "Highest ICANS grade",
    "crs": "Highest CRS grade",
    "drug": "Drug given",
    "outcome": "Outcome",
    "source": "Source",
}
STATIC_FILTER_OPTIONS = {
    "icans": GRADE_OPTIONS,
    "crs": GRADE_OPTIONS,
    "outcome": [{"label": o, "value": o} for o in OUTCOMES],
    "source": [{"label": label, "value": key} for key, label in SOURCE_LABELS.items()],
}


def _filter_id(key: str) -> dict:
    return {"type": ids.COHORT_FILTER, "index": key}


def _dropdown(label: str, component_id, options: list, value, **extra) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=str(component_id) if isinstance(component_id, str) else None),
            dcc.Dropdown(id=component_id, options=options, value=value, **extra),
        ],
        md=3,
        lg=2,
    )


def controls(view: CohortView) -> dbc.Card:
    """Align, rank, summary and one dropdown per filter, set from the URL's view."""
    chosen = dict(view.filters)
    rank_options = [{"label": label, "value": key} for key, label in RANKS.items()]
    if view.rank not in RANKS:
        rank_options.append({"label": view.rank, "value": view.rank})
    filters = [
        _dropdown(
            FILTER_LABELS[key],
            _filter_id(key),
            STATIC_FILTER_OPTIONS.get(key, []),
            chosen.get(key),
            placeholder="Any",
        )
        for key in FILTER_KEYS
    ]
    toggle = dbc.RadioItems(
        id=ids.COHORT_SUMMARY,
        options=[{"label": "ICANS", "value": "icans"}, {"label": "CRS", "value": "crs"}],
        value=view.summary,
        inline=True,
    )
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        _dropdown(
                            "Align on",
                            ids.COHORT_ALIGN,
                            [{"label": v, "value": k} for k, v in ALIGNS.items()],
                            view.align,
                            clearable=False,
                        ),
                        _dropdown(
                            "Rank by", ids.COHORT_RANK, rank_options, view.rank, clearable=False
                        ),
                        dbc.Col([dbc.Label("Summary counts"), toggle], md=3, lg=2),
                    ],
                    className="g-3",
                ),
                dbc.Row(filters, className="g-3 mt-1"),
            ]
        ),
        className="controls",
    )


def export_block() -> html.Div:
    return html.Div(
        [
            dbc.InputGroup(
                [
                    dbc.Select(
                        id=ids.COHORT_EXPORT_FORMAT,
                        options=[{"label": v, "value": k} for k, v in COHORT_FORMATS.items()],
                        value="png",
                    ),
                    dbc.Button("Export", id=ids.COHORT_EXPORT, color="primary"),
                ],
                size="sm",
                style={"maxWidth": "22rem"},
            ),
            dcc.Loading(html.Div(id=ids.COHORT_EXPORT_STATUS, className="small mt-1")),
            dcc.Download(id=ids.COHORT_DOWNLOAD),
        ],
        className="my-2",
    )


def grid() -> dag.AgGrid:
    definitions = {f.name: f.definition for f in FIELDS}
    return dag.AgGrid(
        id=ids.COHORT_GRID,
        columnDefs=[
            {
                "field": name,
                "headerName": name,
                "headerTooltip": definitions[name],
                "pinned": "left" if name == "case" else None,
            }
            for name in FIELD_NAMES
        ],
        defaultColDef={"sortable": True, "resizable": True, "minWidth": 90},
        getRowId="params.data.case",
        dashGridOptions={"tooltipShowDelay": 300, "suppressColumnVirtualisation": True},
        style={"height": "480px"},
        className="ag-theme-alpine",
    )


def layout(query: str = "") -> dbc.Container:
    view, notices = parse_cohort_view(query, FIELD_NAMES)
    return dbc.Container(
        [
            dcc.Location(id=ids.COHORT_URL, refresh=False),
            dcc.Location(id=ids.COHORT_OPEN, refresh=True),
            dcc.Store(id=ids.UPLOADED, storage_type="session"),
            dcc.Store(id=ids.COHORT_CASES),
            dcc.Store(id=ids.COHORT_TOKEN),
            dcc.Store(id=ids.COHORT_VIEWS),
            dcc.Store(id=ids.COHORT_SHOWN),
            html.Header(
                [
                    html.A("← Case timeline", href="/", className="small", id="cohort-back"),
                    html.H1("Cohort", className="case-title"),
                    html.P(
                        "Every case of the library on one day axis, aligned, ranked and "
                        "filtered; click a row or a swimmer to open its timeline.",
                        className="lead",
                    ),
                ],
                className="case-header",
            ),
            controls(view),
            html.Div([dbc.Alert(n, color="warning") for n in notices], className="mt-2"),
            html.Div(
                [html.Div(id=ids.COHORT_VIEW_NOTES), html.Div(id=ids.COHORT_LIBRARY_NOTES)],
                id=ids.COHORT_NOTES,
                className="mt-2",
            ),
            html.P(id=ids.COHORT_CAPTION, className="fw-semibold mt-2"),
            dcc.Graph(id=ids.COHORT_FIGURE, config={"displaylogo": False}),
            export_block(),
            grid(),
        ],
        fluid=True,
        className="dashboard cohort",
    )


# ---------------------------------------------------------------------------------------------


def view_of(align, rank, summary, filters: list) -> CohortView:
    """The view the controls show (each checked as the URL's would be)."""
    pairs = ";".join(f"{k}:{v}" for k, v in zip(FILTER_KEYS, filters, strict=True) if v)
    query = urlencode({"align": align, "rank": rank, "summary": summary, "filter": pairs})
    return parse_cohort_view(query, FIELD_NAMES)[0]


def missing_folders(services: Services) -> list:
    """One clear message per library folder that is missing or cannot be read."""
    said = []
    for folder in services.library.folders:
        try:
            next(folder.iterdir(), None)
        except OSError as error:
            reason = (
                "does not exist" if not folder.exists() else f"cannot be read ({error.strerror})"
            )
            said.append(dbc.Alert(f"The case folder {folder} {reason}.", color="danger"))
    return said


def cohort_with_upload(services: Services, uploaded: dict | None) -> Cohort:
    cohort = services.index.current()
    upload = stored_upload(uploaded)
    if upload is None:
        return cohort
    try:
        return cohort.joined(summarise(uploaded_case(upload)))
    except CaseFileError:
        return cohort


def problems_note(cohort: Cohort) -> list:
    """'not shown: 3 problems', a line per case that fails validation, linked to its page."""
    return [
        dbc.Alert(
            [
                html.A(row.case, href=f"/?case={row.case}"),
                f" not shown: {row.problems} problem{'s' if row.problems != 1 else ''} ",
                html.Small(f"({row.problem_text})", className="text-muted"),
            ],
            color="danger",
            className="py-1 mb-1 cohort-problem",
        )
        for row in cohort.invalid.itertuples()
    ]


def view_notes(texts: list[str]) -> list[html.Div]:
    """The notes on the cases a view leaves out, as `assets/cohort.js` draws them."""
    return [html.Div(text, className="alert alert-secondary py-1 mb-1") for text in texts]


def filter_options(cohort: Cohort) -> dict:
    """The product and drug filters offer what the library's valid cases hold."""
    valid = cohort.valid
    drugs = sorted({d for text in valid["drugs"] for d in text.split("; ") if d})
    return {
        "products": [{"label": p, "value": p} for p in sorted(set(valid["product"])) if p],
        "drugs": [{"label": d, "value": d} for d in drugs],
    }


#: What the server sets: the cases and the filter's views, and what the filter's cases offer.
LOAD_OUTPUTS = {
    "cases": Output(ids.COHORT_CASES, "data"),
    "token": Output(ids.COHORT_TOKEN, "data"),
    "views": Output(ids.COHORT_VIEWS, "data"),
    "notes": Output(ids.COHORT_LIBRARY_NOTES, "children"),
    "products": Output(_filter_id("product"), "options"),
    "drugs": Output(_filter_id("drug"), "options"),
}
#: What the browser draws for a view (`assets/cohort.js` `showView`), in its return order.
VIEW_OUTPUTS = {
    "figure": Output(ids.COHORT_FIGURE, "figure"),
    "rows": Output(ids.COHORT_GRID, "rowData"),
    "reset": Output(ids.COHORT_GRID, "resetColumnState"),
    "caption": Output(ids.COHORT_CAPTION, "children"),
    "view_notes": Output(ids.COHORT_VIEW_NOTES, "children"),
    "search": Output(ids.COHORT_URL, "search"),
    "shown": Output(ids.COHORT_SHOWN, "data"),
}


def fill_view(page: dbc.Container, services: Services, query: str) -> None:
    """The view of the URL drawn in the page's layout, as the browser would draw it: the page
    paints with no callback round trip (the cases and views arrive after, for the changes)."""
    view, _ = parse_cohort_view(query, FIELD_NAMES)
    cohort = services.index.current()
    selection = select(cohort, view)
    said = [*selection.notes, drawn_note(selection)]
    values = {
        "figure": cohort_figure(selection, SCREEN_THEME, cohort_title(selection)),
        "rows": grid_rows(selection.cases),
        "caption": cohort_caption(selection),
        "view_notes": view_notes([n for n in said if n]),
        "shown": shown_key(cohort, view),
        "notes": missing_folders(services) + problems_note(cohort),
    }
    fill(page, {**VIEW_OUTPUTS, **LOAD_OUTPUTS}, values)


def view_controls(dependency: type[Input] | type[State]) -> dict:
    """The controls the cohort view is read from, as inputs or as state."""
    return {
        "align": dependency(ids.COHORT_ALIGN, "value"),
        "rank": dependency(ids.COHORT_RANK, "value"),
        "summary": dependency(ids.COHORT_SUMMARY, "value"),
        "filters": [dependency(_filter_id(key), "value") for key in FILTER_KEYS],
        "uploaded": dependency(ids.UPLOADED, "data"),
    }


def register(app: Dash, services: Services) -> None:
    @app.callback(
        output=LOAD_OUTPUTS,
        inputs={
            "filters": [Input(_filter_id(key), "value") for key in FILTER_KEYS],
            "uploaded": Input(ids.UPLOADED, "data"),
        },
        # The token, not the cases: a state is sent with every request, and the cases are large.
        state={"held": State(ids.COHORT_TOKEN, "data")},
    )
    def load(filters, uploaded, held) -> dict:
        """The filter's views; the cases too when the browser does not have these cases yet
        (on opening the page, with an upload, or when the library changed)."""
        cohort = cohort_with_upload(services, uploaded)
        token = cohort_token(cohort)
        view = view_of("infusion", "name", "icans", filters)
        return {
            "cases": no_update if held == token else case_data(cohort, SCREEN_THEME),
            "token": token,
            "views": view_data(cohort, view, SCREEN_THEME),
            "notes": missing_folders(services) + problems_note(cohort),
            **filter_options(cohort),
        }

    app.clientside_callback(
        ClientsideFunction("cohort", "showView"),
        list(VIEW_OUTPUTS.values()),
        Input(ids.COHORT_ALIGN, "value"),
        Input(ids.COHORT_RANK, "value"),
        Input(ids.COHORT_SUMMARY, "value"),
        Input(ids.COHORT_VIEWS, "data"),
        State(ids.COHORT_CASES, "data"),
        State(ids.COHORT_SHOWN, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.COHORT_RANK, "value"),
        Output(ids.COHORT_RANK, "options"),
        Input(ids.COHORT_GRID, "columnState"),
        State(ids.COHORT_RANK, "options"),
        prevent_initial_call=True,
    )
    def rank_by_table(column_state, options):
        rank = rank_from_table(column_state)
        if rank is None:
            return no_update, no_update
        if rank not in [o["value"] for o in options]:
            options = [*options, {"label": rank, "value": rank}]
        return rank, options

    @app.callback(
        Output(ids.COHORT_OPEN, "href"),
        Input(ids.COHORT_GRID, "cellClicked"),
        Input(ids.COHORT_FIGURE, "clickData"),
        State(ids.COHORT_ALIGN, "value"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def open_case(cell, click, align, uploaded):
        if ctx.triggered_id == ids.COHORT_GRID:
            case = (cell or {}).get("rowId")
        else:
            points = (click or {}).get("points") or [{}]
            case = points[0].get("customdata")
        cohort = cohort_with_upload(services, uploaded)
        link = aligned_link(cohort, case, align) if case and align in ALIGNS else None
        return link or no_update

    @app.callback(
        output={
            "download": Output(ids.COHORT_DOWNLOAD, "data"),
            "status": Output(ids.COHORT_EXPORT_STATUS, "children"),
        },
        inputs={"clicks": Input(ids.COHORT_EXPORT, "n_clicks")},
        state={"fmt": State(ids.COHORT_EXPORT_FORMAT, "value"), **view_controls(State)},
        prevent_initial_call=True,
        running=[(Output(ids.COHORT_EXPORT, "disabled"), True, False)],
    )
    def export(clicks, fmt, align, rank, summary, filters, uploaded) -> dict:
        selection = select(
            cohort_with_upload(services, uploaded), view_of(align, rank, summary, filters)
        )
        try:
            name, data = export_cohort(selection, fmt, services.renderer)
        except ExportError as error:
            return {"download": no_update, "status": dbc.Alert(str(error), color="danger")}
        return {
            "download": dcc.send_bytes(data, name),
            "status": f"Exported {name} ({len(data) / 1024:.0f} KiB).",
        }
