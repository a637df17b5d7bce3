"""The POST bodies the browser sends to `/_dash-update-component`, rebuilt from the app's own
`/_dash-dependencies`, for the load benchmark and the fault tests; and the components of a
`/_dash-layout` answer by id.

The shape is the one Dash's renderer sends (captured from Chromium): output, outputs, inputs
and state with their values, and the ids of the properties that changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

UPDATE_PATH = "/_dash-update-component"
DEPENDENCIES_PATH = "/_dash-dependencies"


def output_props(output: str) -> list[tuple[str, str]]:
    """'..a.x...b.y..' (several outputs) or 'a.x' (one) as [(id, property), ...]."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    return [tuple(part.rsplit(".", 1)) for part in parts]  # type: ignore[misc]


def find_callback(dependencies: list[dict], output_prop: str) -> dict:
    """The callback whose outputs include `output_prop` (e.g. 'event-grid.rowData')."""
    for dependency in dependencies:
        if output_prop in {".".join(p) for p in output_props(dependency["output"])}:
            return dependency
    raise LookupError(f"no callback updates {output_prop}")


def update_body(dependency: dict, values: Mapping[str, Any], changed: str) -> bytes:
    """The JSON body of one callback call: `values` by 'id.property' for inputs and state; a
    property without a value is sent without one, as the browser does for an unset store."""

    def with_values(props: list[dict]) -> list[dict]:
        sent = []
        for prop in props:
            key = f"{prop['id']}.{prop['property']}"
            item = {"id": prop["id"], "property": prop["property"]}
            if key in values:
                item["value"] = values[key]
            sent.append(item)
        return sent

    outputs = [{"id": i, "property": p} for i, p in output_props(dependency["output"])]
    body = {
        "output": dependency["output"],
        "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
        "inputs": with_values(dependency["inputs"]),
        "state": with_values(dependency["state"]),
        "changedPropIds": [changed],
        "parsedChangedPropsIds": [changed],
    }
    return json.dumps(body).encode("utf-8")


def components_by_id(node: Any, found: dict | None = None) -> dict:
    """The props of every component with a string id in a layout (`/_dash-layout`'s JSON)."""
    found = {} if found is None else found
    if isinstance(node, dict):
        props = node.get("props", {})
        if isinstance(props.get("id"), str):
            found[props["id"]] = props
        for value in node.values():
            components_by_id(value, found)
    elif isinstance(node, list):
        for value in node:
            components_by_id(value, found)
    return found
