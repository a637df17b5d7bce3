"""What every panel's callbacks share: the services of the app, and the case and view a
callback works on, read from the browser's stores without trusting them."""

from __future__ import annotations

from dataclasses import dataclass, field

import dash_bootstrap_components as dbc
from dash import html

from components.cases.case import Case
from components.cases.index import LibraryIndex
from components.cases.library import CaseLibrary
from components.cases.upload import resolve_case
from components.export.renderer import FigureRenderer
from components.model.view import View
from components.web.built import BuiltViews

MAX_LISTED_PROBLEMS = 50


@dataclass(frozen=True)
class Services:
    """What the panels' callbacks use beyond their inputs: the case library, its index (the
    cohort's summaries), one warm export browser per server process, what the process already
    built for a case, and whether this server writes into the library (saving cases, saving
    notes into case folders)."""

    library: CaseLibrary
    renderer: FigureRenderer
    index: LibraryIndex
    writes: bool = False
    built: BuiltViews = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "built", BuiltViews(self.library))


#: What a person is told when this server does not write into its library.
WRITES_OFF = (
    "This server does not save into its case library: whoever runs it can allow that "
    "(CASE_TIMELINE_WRITES=1; README, 'Serving a department')."
)


def case_in_view(
    library: CaseLibrary, view_data: object, uploaded: dict | None
) -> tuple[Case, View] | None:
    """The case and view the browser's view store names, or None when the store is empty or
    malformed. The case is the browser's upload when the id is its, else the library's (and
    CaseFileError when that case cannot be loaded, as `CaseLibrary.get`)."""
    view = View.from_store(view_data)
    if view is None:
        return None
    return resolve_case(library, view.case_id, uploaded), view


def problems_alert(title: str, problems: list) -> dbc.Alert:
    """A list of problems a person can fix, at most MAX_LISTED_PROBLEMS of them."""
    items = [html.Li(str(p)) for p in problems[:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        more = len(problems) - MAX_LISTED_PROBLEMS
        items.append(html.Li(f"... and {more} more (`case-timeline validate` lists them all)"))
    return dbc.Alert([html.Strong(title), html.Ul(items)], color="danger")
