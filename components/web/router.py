"""Pages by path: `/` is the case page; other pages (a presenter view, the cohort) register
here the same way. Each page is a module with `layout(query)` and `register(app, services)`.

Dash fetches the page's layout with a request of its own (`/_dash-layout`); the page it is for
is that request's referrer (the browser sends it: the referrer policy is same-origin). So the
layout of the page a person opened arrives in that first answer, with no routing round trip.
Links between pages are plain links: each page loads whole.

A page may also name a `fill(layout, services, query)`: it sets in the layout what the page's
callbacks would answer for the URL (with `fill` below), so the view a URL asks for is in the
layout answer, not in a callback after it. The validation layout is never filled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import flask
from dash import Dash, Output, html
from dash.development.base_component import Component

from components.web import ids
from components.web.context import Services


@dataclass(frozen=True)
class Page:
    path: str
    layout: Callable[[str], Component]
    register: Callable[[Dash, Services], None]
    fill: Callable[[Component, Services, str], None] | None = None


def requested_page(referrer: str | None, pages: Mapping[str, Page]) -> tuple[Page, str]:
    """The page a layout request is for, and its query string; the first page when the
    referrer names none of them."""
    default = next(iter(pages.values()))
    if not referrer:
        return default, ""
    parts = urlsplit(referrer)
    path = parts.path.rstrip("/") or "/"
    return pages.get(path, default), parts.query


def fill(layout: Component, outputs: Mapping[str, Output], values: Mapping[str, object]) -> None:
    """Set in `layout` what callbacks would answer: `values` by the names of `outputs`, as a
    callback with dict outputs returns them. A name without a value is left as it is."""
    wanted = {
        (output.component_id, output.component_property): values[name]
        for name, output in outputs.items()
        if name in values
    }
    for component in layout._traverse():
        component_id = getattr(component, "id", None)
        if not isinstance(component_id, str):
            continue
        for (target, prop), value in wanted.items():
            if target == component_id:
                setattr(component, prop, value)


def shell(page: Component) -> html.Div:
    """What every page has around it: the place our own errors are apologised for."""
    return html.Div([html.Div(id=ids.ERROR_ALERT), page])


def route(app: Dash, pages: Mapping[str, Page], services: Services) -> None:
    """Every page's callbacks registered once; the layout chosen per request."""
    for page in pages.values():
        page.register(app, services)

    def layout() -> html.Div:
        if not flask.has_request_context():  # Dash checking the layout as it sets up
            return shell(next(iter(pages.values())).layout(""))
        page, query = requested_page(flask.request.referrer, pages)
        component = page.layout(query)
        if page.fill is not None:
            page.fill(component, services, query)
        return shell(component)

    app.layout = layout
    # Callbacks of the other pages name components this page does not have.
    app.config.suppress_callback_exceptions = True
    app.validation_layout = shell(html.Div([page.layout("") for page in pages.values()]))
