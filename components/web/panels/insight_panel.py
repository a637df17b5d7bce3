"""The clinical insight section of the page: corticosteroid exposure, key intervals, the grade
check and the literature beside the case. Layout and wiring only; what it shows comes from
`components.insight`, the same functions the exports use.

The exposure and the grade check follow the day range; the intervals and the literature are of
the whole course, drawn again only when the case changes. Nothing here is drawn before the
timeline has painted (`INSIGHT_WANTED`, set by assets/timeline.js `afterPaint`).
"""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from components.cases.case import Case
from components.clinical.phases import case_day_span
from components.clinical.steroids import EQUIVALENCE_SOURCE, UNIT
from components.export.formats import export_insight
from components.export.renderer import ExportError
from components.figures.insight.builders import grade_check_table
from components.figures.insight.registry import (
    GRADE_CHECK,
    INSIGHT_ITEMS,
    INTRATHECAL_REPORTS,
    INTRATHECAL_TIMING,
    KEY_INTERVALS,
    STEROID_EXPOSURE,
    InsightTable,
    insight_table,
    intrathecal_comparison,
    steroid_figure,
)
from components.figures.text import HALF_DAY
from components.figures.theme import SCREEN_THEME
from components.web import ids
from components.web.context import Services, case_in_view

STEROID_THEME = replace(SCREEN_THEME, height=480)
INTRATHECAL_THEME = replace(SCREEN_THEME, height=520)
FIGURE_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png"}}
#: Grade check verdicts a person should look at, and the colour of their row.
VERDICT_STYLES = {"disagrees": "table-danger", "unconfirmed": "table-warning"}
BASIS_BADGES = {"reported": "secondary", "derived": "info", "not found": "light"}


def export_buttons(name: str) -> dbc.ButtonGroup:
    """A button per format the insight item exports as."""
    return dbc.ButtonGroup(
        [
            dbc.Button(
                fmt.upper(),
                id={"type": ids.INSIGHT_EXPORT, "index": f"{name}.{fmt}"},
                color="secondary",
                outline=True,
                size="sm",
                title=f"Download as {fmt.upper()}",
            )
            for fmt in INSIGHT_ITEMS[name].formats
        ],
        size="sm",
        className="float-end",
    )


def card(title: str, body: list, exports: dbc.ButtonGroup | None = None) -> dbc.Card:
    header = [html.Span(title, className="fw-semibold")]
    return dbc.Card(
        [dbc.CardHeader([*header, exports] if exports else header), dbc.CardBody(body)],
        className="insight-card h-100",
    )


def insight_section() -> html.Section:
    """The four insight panels, under the events table."""
    steroids = card(
        "Corticosteroid exposure, in the visible days",
        [
            html.P(id=ids.STEROID_SUMMARY, className="mb-2"),
            dcc.Graph(id=ids.STEROID_FIGURE, config=FIGURE_CONFIG),
            html.Div(id=ids.STEROID_ASSUMPTIONS),
            html.P(EQUIVALENCE_SOURCE, className="small text-muted mb-0 equivalence-source"),
        ],
        export_buttons(STEROID_EXPOSURE),
    )
    intervals = card(
        "Key intervals, whole course",
        [html.Div(id=ids.KEY_INTERVALS)],
        export_buttons(KEY_INTERVALS),
    )
    grade_check = card(
        "Grade check: reported grade beside the ASTCT grade the findings support",
        [
            html.P(
                "Derived grades are lower bounds from what the record states (ICE score, level "
                "of consciousness read from the GCS, seizures, vital signs); a finding the rule "
                "needs but the record lacks is named, not guessed.",
                className="small text-muted",
            ),
            html.Div(id=ids.GRADE_CHECK),
        ],
        export_buttons(GRADE_CHECK),
    )
    literature = card(
        "Intrathecal therapy: this case beside earlier reports",
        [
            dcc.Graph(id=ids.INTRATHECAL_FIGURE, config=FIGURE_CONFIG),
            html.Div(id=ids.INTRATHECAL_TABLE, className="mt-2"),
        ],
        dbc.ButtonGroup(
            [
                export_buttons(INTRATHECAL_TIMING),
                export_buttons(INTRATHECAL_REPORTS),
            ],
            className="float-end gap-2",
        ),
    )
    return html.Section(
        [
            html.H2("What the course shows", className="h4 mt-2"),
            html.Div(id=ids.INSIGHT_EXPORT_STATUS, className="small", role="status"),
            dcc.Download(id=ids.INSIGHT_DOWNLOAD),
            dcc.Store(id=ids.INSIGHT_CASE),
            dcc.Store(id=ids.INSIGHT_WANTED),
            dcc.Store(id=ids.INSIGHT_COURSE_WANTED),
            dbc.Row([dbc.Col(steroids, xl=7), dbc.Col(intervals, xl=5)], className="g-3 mb-3"),
            dbc.Row(dbc.Col(grade_check), className="g-3 mb-3"),
            dbc.Row(dbc.Col(literature), className="g-3 mb-3"),
        ],
        className="insight",
        id="insight",
    )


def text_table(table: InsightTable, row_class=None) -> dbc.Table:
    """A table of text cells (never HTML): a heading row, then one row per dict; `row_class`
    gives a row its class (a highlight) from its dict."""
    headings = [title for _, title in table.columns]
    rows = [
        html.Tr(
            [html.Td(str(row[key])) for key, _ in table.columns],
            className=row_class(row) if row_class else None,
        )
        for row in table.rows
    ]
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in headings])), html.Tbody(rows)],
        size="sm",
        bordered=False,
        hover=True,
        responsive=True,
        className="insight-table small mb-0",
    )


def interval_list(table: InsightTable) -> html.Div:
    """Each interval: value, basis, how it was found, and a button to show its days."""
    items = []
    for row in table.rows:
        show = (
            dbc.Button(
                f"Show days {row['days'].replace(':', '–')}",
                id={"type": ids.INTERVAL_DAYS, "index": row["days"]},
                color="link",
                size="sm",
                className="p-0 ms-2 align-baseline",
            )
            if row["days"]
            else None
        )
        items.append(
            html.Li(
                [
                    html.Div(
                        [
                            html.Span(row["interval"], className="interval-label"),
                            html.Span(row["value"], className="interval-value ms-2 fw-semibold"),
                            dbc.Badge(
                                row["basis"],
                                color=BASIS_BADGES.get(row["basis"], "light"),
                                text_color="dark" if row["basis"] == "not found" else None,
                                className="ms-2",
                            ),
                            show,
                        ]
                    ),
                    html.Div(row["how"], className="small text-muted"),
                ],
                className="list-group-item",
                id=f"interval-{row['key']}",
            )
        )
    return html.Ul(items, className="list-group list-group-flush key-intervals")


def range_data(case: Case) -> dict:
    """What the browser needs to word the exposure and the grade check of any range: the
    grade check of the whole course (a range shows the checks touching it, which are the
    checks of its own rows: `insight.grade_check_rows`), its columns and row styles."""
    return {
        "steroid_unit": UNIT,
        "checks": {
            "columns": [list(c) for c in INSIGHT_ITEMS[GRADE_CHECK].columns],
            "rows": grade_check_table(case.events),
            "styles": VERDICT_STYLES,
        },
    }


def course_exposure_figure(case: Case, days: tuple[int, int]) -> go.Figure:
    """The exposure over the whole course, opened on the visible days."""
    figure = steroid_figure(case.events, case_day_span(case.events), STEROID_THEME)
    # The range moves in the browser: the legend names no end day it would then contradict.
    figure.for_each_trace(
        lambda t: t.update(name="Cumulative, to each day"),
        selector=lambda t: (t.name or "").startswith("Cumulative"),
    )
    return figure.update_xaxes(range=[days[0] - HALF_DAY, days[1] + HALF_DAY])


def course_insight(case: Case) -> dict:
    """The parts of the section that are of the whole course, built once per case content
    (`BuiltViews.per_case`); the exposure figure is opened on the visible days by the caller."""
    span = case_day_span(case.events)
    intervals = insight_table(KEY_INTERVALS, case.events, span, case.case_id)
    timing, reports = intrathecal_comparison(case.events, case.case_id, INTRATHECAL_THEME)
    shown = replace(reports, columns=reports.columns[:-1])  # the source is in the hover
    return {
        "intervals": interval_list(intervals),
        "timing": timing.to_plotly_json(),
        "reports": text_table(
            shown,
            lambda row: "table-primary" if row["report"].startswith("This case") else None,
        ),
        "exposure": course_exposure_figure(case, span).to_plotly_json(),
    }


def register(app: Dash, services: Services) -> None:
    # The section waits for the timeline: the view is passed on once the figure has painted.
    # The course-wide part is asked of the server only when the case is not the one drawn.
    app.clientside_callback(
        ClientsideFunction("timeline", "afterPaint"),
        Output(ids.INSIGHT_WANTED, "data"),
        Output(ids.INSIGHT_COURSE_WANTED, "data"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.INSIGHT_CASE, "data"),
        State(ids.CLIENT_IDS, "data"),
    )

    # The range's numbers are sliced in the browser from the case's data (`range_data`).
    app.clientside_callback(
        ClientsideFunction("timeline", "showRangeInsight"),
        Output(ids.STEROID_SUMMARY, "children"),
        Output(ids.STEROID_ASSUMPTIONS, "children"),
        Output(ids.GRADE_CHECK, "children"),
        Input(ids.INSIGHT_WANTED, "data"),
        Input(ids.CASE_DATA, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.KEY_INTERVALS, "children"),
        Output(ids.INTRATHECAL_FIGURE, "figure"),
        Output(ids.INTRATHECAL_TABLE, "children"),
        Output(ids.STEROID_FIGURE, "figure"),
        Output(ids.INSIGHT_CASE, "data"),
        Input(ids.INSIGHT_COURSE_WANTED, "data"),
        State(ids.INSIGHT_CASE, "data"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def show_course_insight(view: dict | None, drawn: str | None, uploaded: dict | None):
        """Intervals, literature and the exposure figure are of the whole course: drawn once
        per case. The exposure figure then follows the range in the browser, as the timeline
        does, with no rebuild on the server."""
        opened = case_in_view(services.library, view, uploaded)
        if opened is None or opened[1].case_id == drawn:
            return no_update, no_update, no_update, no_update, no_update
        case, shown = opened
        course = services.built.per_case("course insight", case, course_insight)
        exposure = {**course["exposure"], "layout": dict(course["exposure"]["layout"])}
        exposure["layout"]["xaxis"] = {
            **exposure["layout"]["xaxis"],
            "range": [shown.days[0] - HALF_DAY, shown.days[1] + HALF_DAY],
        }
        return course["intervals"], course["timing"], course["reports"], exposure, case.case_id

    app.clientside_callback(
        ClientsideFunction("timeline", "followDays"),
        Output(ids.STEROID_FIGURE, "figure", allow_duplicate=True),
        Input(ids.VIEW_STORE, "data"),
        State(ids.STEROID_FIGURE, "figure"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction("timeline", "showDays"),
        Output(ids.RANGE_SLIDER, "value", allow_duplicate=True),
        Input({"type": ids.INTERVAL_DAYS, "index": ALL}, "n_clicks"),
        State(ids.CLIENT_IDS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.INSIGHT_DOWNLOAD, "data"),
        Output(ids.INSIGHT_EXPORT_STATUS, "children"),
        Input({"type": ids.INSIGHT_EXPORT, "index": ALL}, "n_clicks"),
        State(ids.VIEW_STORE, "data"),
        State(ids.UPLOADED, "data"),
        prevent_initial_call=True,
    )
    def download_insight(clicks: list, view: dict | None, uploaded: dict | None):
        opened = case_in_view(services.library, view, uploaded)
        if opened is None or not ctx.triggered_id or not any(clicks):
            return no_update, no_update
        name, fmt = str(ctx.triggered_id["index"]).rpartition(".")[::2]
        case, shown = opened
        try:
            file_name, data = export_insight(case, shown.days, name, fmt, services.renderer)
        except ExportError as error:
            return no_update, html.Span(str(error), className="text-danger")
        return dcc.send_bytes(data, file_name), f"Downloaded {file_name}"
