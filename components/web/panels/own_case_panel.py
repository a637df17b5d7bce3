"""Your own case: upload a CSV or Excel file and see it at once (this browser session only),
save it to the library, and download templates to start from."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from components.cases.case import MEGABYTE, SIZE_LIMIT_TEXT, summary_line
from components.cases.templates import DOWNLOADS
from components.cases.upload import MAX_UPLOAD_BYTES, read_upload, stored_upload, uploaded_case
from components.model.columns import MAX_EVENT_ROWS
from components.model.problems import CaseFileError
from components.model.view import View
from components.web import ids
from components.web.context import WRITES_OFF, Services, problems_alert

TEMPLATE_BUTTONS = (
    ("csv", "Template (CSV)"),
    ("xlsx", "Template (Excel)"),
    ("example", "Example: the bundled case"),
)


def own_case_panel() -> dbc.Card:
    """Upload a case file, see it at once, save it to the library; templates to start from."""
    templates = html.Div(
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
    )
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
                    templates,
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


def register(app: Dash, services: Services) -> None:
    library = services.library
    app.clientside_callback(
        ClientsideFunction("upload", "checkSize"),
        Output(ids.UPLOAD_RECEIVED, "data"),
        Output(ids.UPLOAD_STATUS, "children"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.UPLOAD_LIMIT, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        output={
            "uploaded": Output(ids.UPLOADED, "data"),
            "search": Output(ids.URL, "search", allow_duplicate=True),
            "status": Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True),
            "save_disabled": Output(ids.UPLOAD_SAVE, "disabled", allow_duplicate=True),
        },
        inputs={"received": Input(ids.UPLOAD_RECEIVED, "data")},
        prevent_initial_call=True,
    )
    def receive_upload(received) -> dict:
        """A valid file replaces this session's uploaded case and opens it; an invalid one
        lists its problems and leaves the page as it was, with nothing offered for saving (the
        earlier upload is not what the person just chose)."""
        nothing = {
            "uploaded": no_update,
            "search": no_update,
            "status": no_update,
            "save_disabled": no_update,
        }
        if not isinstance(received, dict):
            return nothing
        try:
            upload = read_upload(received.get("contents"), received.get("name"))
        except CaseFileError as error:
            return {
                **nothing,
                "status": problems_alert("This file cannot be shown:", error.problems),
                "save_disabled": True,
            }
        events = uploaded_case(upload).events
        keeping = "'Save to library' keeps it." if services.writes else WRITES_OFF
        status = dbc.Alert(
            f"{upload.name}: {summary_line(events)}. Shown for this browser session. {keeping}",
            color="success",
        )
        return {
            "uploaded": upload.as_store(),
            "search": "?case=" + upload.case_id,
            "status": status,
            "save_disabled": not services.writes,
        }

    @app.callback(Output(ids.UPLOAD_SAVE, "disabled"), Input(ids.UPLOADED, "data"))
    def offer_saving(uploaded: dict | None):
        return not (uploaded and services.writes)

    @app.callback(
        output={
            "uploaded": Output(ids.UPLOADED, "data", allow_duplicate=True),
            "search": Output(ids.URL, "search", allow_duplicate=True),
            "status": Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True),
        },
        inputs={"clicks": Input(ids.UPLOAD_SAVE, "n_clicks")},
        state={"uploaded": State(ids.UPLOADED, "data"), "view": State(ids.VIEW_STORE, "data")},
        prevent_initial_call=True,
    )
    def save_to_library(clicks, uploaded, view) -> dict:
        """Write the uploaded case as a new case folder and open it from there. The server
        decides: writes must be on, and the library checks whatever the browser sent as it
        checks an upload (a button enabled in the browser proves nothing)."""
        nothing = {"uploaded": no_update, "search": no_update, "status": no_update}
        if not services.writes:
            return {**nothing, "status": dbc.Alert(WRITES_OFF, color="warning")}
        try:
            upload = stored_upload(uploaded)
            if not upload:
                return nothing
            case_id = library.add(upload.info.title, upload.events_csv, upload.info)
        except CaseFileError as error:
            return {**nothing, "status": problems_alert("Not saved:", error.problems)}
        shown = View.from_store(view)
        search = f"?case={case_id}"
        if shown is not None and shown.case_id == upload.case_id:
            search = View(case_id, shown.days, ()).query()
        status = dbc.Alert(
            f"Saved as case '{case_id}' in the library.", color="success", dismissable=True
        )
        return {"uploaded": None, "search": search, "status": status}

    @app.callback(
        Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True),
        Input(ids.CASE_SELECT, "value"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def forget_old_messages(case_id, uploaded):
        """Another case on screen: the upload's messages were about the one before."""
        upload = stored_upload(uploaded)
        return no_update if upload and upload.case_id == case_id else None

    @app.callback(
        Output(ids.TEMPLATE_FILE, "data"),
        Input({"type": ids.TEMPLATE_DOWNLOAD, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def download_template(clicks: list):
        if not ctx.triggered_id or not any(clicks) or ctx.triggered_id["index"] not in DOWNLOADS:
            return no_update
        name, data = DOWNLOADS[ctx.triggered_id["index"]]()
        return dcc.send_bytes(data, name)
