"""What a request is about, for the access log (`serving.RequestTimer`): the case it opens and
the export format it asks for, and nothing else a person sent (no notes, titles or files).

A case page names its case in its URL (`/?case=x`, `/present?case=x`); its callbacks carry it in
the view they send (the URL's search, the view store, the presenter's state, the selector), and
an export's callback carries the format its panel chose. `subject` reads them from the query
string and the callback's JSON body; `record_subject` puts them where `RequestTimer` finds them
once the answer is sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs

from flask import Flask, request

from components.web import ids

#: Where `record_subject` leaves a request's subject in its WSGI environ.
SUBJECT_KEY = "case_timeline.subject"
#: Where a callback finds its case, the view asked for before the view shown: (id, property).
CASE_SOURCES = (
    (ids.URL, "search"),
    (ids.PRESENT_URL, "search"),
    (ids.VIEW_STORE, "data"),
    (ids.PRESENT_STATE, "data"),
    (ids.CASE_SELECT, "value"),
)
#: Each export's download and the control holding its format.
EXPORT_FORMATS = {
    ids.EXPORT_DOWNLOAD: ids.EXPORT_FORMAT,
    ids.COHORT_DOWNLOAD: ids.COHORT_EXPORT_FORMAT,
}


def _case_in_query(query: str) -> str | None:
    found = parse_qs(query.lstrip("?")).get("case")
    return found[0] if found else None


def _props(items: object) -> Iterator[dict]:
    """Each input or state of a callback body (pattern-matching ones are lists of them)."""
    for item in items if isinstance(items, list) else ():
        if isinstance(item, list):
            yield from _props(item)
        elif isinstance(item, dict):
            yield item


def _case_in(values: dict) -> str | None:
    for key in CASE_SOURCES:
        value = values.get(key)
        if key[1] == "search" and isinstance(value, str):
            case = _case_in_query(value)
        elif isinstance(value, dict):
            case = value.get("case")
        else:
            case = value
        if isinstance(case, str) and case:
            return case
    return None


def _insight_format(changed: object) -> str | None:
    """'png' from the insight button that was clicked: '{"index":"steroid.png",...}.n_clicks'."""
    for prop in changed if isinstance(changed, list) else ():
        try:
            button = json.loads(str(prop).rpartition(".")[0])
        except ValueError:
            continue
        if isinstance(button, dict) and button.get("type") == ids.INSIGHT_EXPORT:
            return str(button.get("index", "")).rpartition(".")[2] or None
    return None


def _format_in(body: dict, values: dict) -> str | None:
    outputs = str(body.get("output", "")).strip(".").split("...")
    for download, control in EXPORT_FORMATS.items():
        if f"{download}.data" in outputs:
            chosen = values.get((control, "value"))
            return chosen if isinstance(chosen, str) else None
    if f"{ids.INSIGHT_DOWNLOAD}.data" in outputs:
        return _insight_format(body.get("changedPropIds"))
    return None


def subject(query: str, body: object = None) -> dict[str, str]:
    """The case and export format a request names ({"case": ..., "format": ...}, either left
    out when it names none), from its query string and, for a callback, its JSON body."""
    found = {"case": _case_in_query(query)}
    if isinstance(body, dict):
        values = {
            (str(prop.get("id")), str(prop.get("property"))): prop.get("value")
            for prop in [*_props(body.get("inputs")), *_props(body.get("state"))]
        }
        found = {"case": _case_in(values) or found["case"], "format": _format_in(body, values)}
    return {key: value for key, value in found.items() if value}


def record_subject(server: Flask) -> None:
    """Before anything else answers a request, note its subject for the access log (so a
    refused request is logged with it too). A callback's body is JSON Flask parses once."""

    @server.before_request
    def note_subject() -> None:
        body = request.get_json(silent=True) if request.is_json else None
        request.environ[SUBJECT_KEY] = subject(request.query_string.decode("latin-1"), body)
