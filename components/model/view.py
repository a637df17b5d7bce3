"""The view in the URL: `/?case=<id>&days=A:B&lanes=a,b&collapse=c`, parsed and written back.

A link reproduces what a person saw. Anything unreadable falls back to a sensible default and
says so in a notice; it never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

_DAYS = re.compile(r"^\s*(-?\d+)\s*:\s*(-?\d+)\s*$")


@dataclass(frozen=True)
class View:
    case_id: str
    days: tuple[int, int]
    lanes: tuple[str, ...]
    collapsed: tuple[str, ...] = ()


def parse_days(text: str | None, span: tuple[int, int]) -> tuple[tuple[int, int], str | None]:
    """`A:B` clipped to the case's span; the whole span and a notice when it cannot be read."""
    if not text:
        return span, None
    match = _DAYS.match(text)
    if not match:
        return (
            span,
            f"Could not read days={text!r} (expected days=A:B, e.g. 40:50); "
            "showing the whole course.",
        )
    first, last = sorted((int(match[1]), int(match[2])))
    clipped = max(first, span[0]), min(last, span[1])
    if clipped[0] > clipped[1]:
        return span, (
            f"Days {first} to {last} are outside this case (days {span[0]} to {span[1]}); "
            "showing the whole course."
        )
    return clipped, None


def parse_view(
    search: str | None,
    case_ids: list[str],
    describe: Callable[[str], tuple[tuple[int, int], list[str]]],
) -> tuple[View, list[str]]:
    """The view a query string asks for, and notices for whatever had to be replaced.

    `describe(case_id)` gives the case's day span and the lanes it has data for; only the case
    the URL settles on is described, so only that one is loaded.
    """
    query = parse_qs((search or "").lstrip("?"))
    notices = []
    case_id = (query.get("case") or [""])[0]
    if case_id not in case_ids:
        if case_id:
            notices.append(f"No case named {case_id!r}; showing {case_ids[0]!r}.")
        case_id = case_ids[0]
    span, available = describe(case_id)
    days, notice = parse_days((query.get("days") or [""])[0], span)
    if notice:
        notices.append(notice)
    asked = _keys(query, "lanes")
    lanes = [k for k in asked if k in available] or available
    collapsed = [k for k in _keys(query, "collapse") if k in lanes]
    unknown = [k for k in [*asked, *_keys(query, "collapse")] if k not in available]
    if unknown:
        notices.append(f"Unknown or empty lanes ignored: {', '.join(dict.fromkeys(unknown))}.")
    return View(
        case_id, days, tuple(dict.fromkeys(lanes)), tuple(dict.fromkeys(collapsed))
    ), notices


def _keys(query: dict[str, list[str]], name: str) -> list[str]:
    return [k for k in ",".join(query.get(name) or []).split(",") if k]


def stored_days(view: dict) -> tuple[int, int]:
    """The day range of the view the browser keeps (`callbacks.view_data`), as ints."""
    return int(view["days"][0]), int(view["days"][1])


def view_query(view: View, all_lanes: list[str]) -> str:
    """The query string for a view; lanes are left out when they are the default set."""
    params = {"case": view.case_id, "days": f"{view.days[0]}:{view.days[1]}"}
    if list(view.lanes) != list(all_lanes):
        params["lanes"] = ",".join(view.lanes)
    if view.collapsed:
        params["collapse"] = ",".join(view.collapsed)
    return "?" + urlencode(params, safe=":,")
