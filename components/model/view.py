"""The view a person sees, typed: which case, which days, which lanes (and which are collapsed).

It lives in the URL (`/?case=<id>&days=A:B&lanes=a,b&collapse=c`) so a link reproduces what a
person saw, and in the browser's view store (`View.to_store`), which `assets/timeline.js` moves
when the day range changes. Anything unreadable falls back to a sensible default and says so in
a notice; nothing here raises on what a browser sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

_DAYS = re.compile(r"^\s*(-?\d+)\s*:\s*(-?\d+)\s*$")

Span = tuple[int, int]


@dataclass(frozen=True)
class View:
    case_id: str
    days: Span
    lanes: tuple[str, ...]
    collapsed: tuple[str, ...] = ()
    #: The case's whole course, and the lanes it has data for (the default lane set).
    span: Span | None = None
    available: tuple[str, ...] = ()

    @property
    def default_lanes(self) -> bool:
        return not self.available or self.lanes == self.available

    def with_days(self, days: Span) -> View:
        return replace(self, days=days)

    def query(self) -> str:
        """The query string of this view; lanes are left out when they are the default set."""
        params = {"case": self.case_id, "days": f"{self.days[0]}:{self.days[1]}"}
        if not self.default_lanes:
            params["lanes"] = ",".join(self.lanes)
        if self.collapsed:
            params["collapse"] = ",".join(self.collapsed)
        return "?" + urlencode(params, safe=":,")

    def to_store(self) -> dict:
        """What the browser keeps (the view store): plain JSON, read by assets/timeline.js."""
        return {
            "case": self.case_id,
            "days": list(self.days),
            "span": list(self.span or self.days),
            "lanes": list(self.lanes),
            "available": list(self.available),
            "defaultLanes": self.default_lanes,
            "collapsed": list(self.collapsed),
        }

    @classmethod
    def from_store(cls, data: object) -> View | None:
        """The view a store holds, or None when it is missing or malformed (a browser may send
        anything)."""
        if not isinstance(data, Mapping):
            return None
        try:
            case_id = data["case"]
            days = _span(data["days"])
            span = _span(data.get("span") or data["days"])
            lanes = _keys(data.get("lanes"))
            collapsed = _keys(data.get("collapsed"))
            available = _keys(data.get("available"))
        except (KeyError, TypeError, ValueError):
            return None
        if not isinstance(case_id, str) or not case_id:
            return None
        return cls(case_id, days, lanes, collapsed, span, available)


def _span(value: object) -> Span:
    first, last = value  # type: ignore[misc]
    if isinstance(first, bool) or isinstance(last, bool):
        raise TypeError("a day is a number")
    return int(first), int(last)


def _keys(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(k, str) for k in value):
        raise TypeError("lanes are a list of keys")
    return tuple(value)


def parse_days(text: str | None, span: Span) -> tuple[Span, str | None]:
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
    describe: Callable[[str], tuple[Span, list[str]]],
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
    asked = _query_keys(query, "lanes")
    lanes = [k for k in asked if k in available] or available
    collapsed = [k for k in _query_keys(query, "collapse") if k in lanes]
    unknown = [k for k in [*asked, *_query_keys(query, "collapse")] if k not in available]
    if unknown:
        notices.append(f"Unknown or empty lanes ignored: {', '.join(dict.fromkeys(unknown))}.")
    view = View(
        case_id,
        days,
        tuple(dict.fromkeys(lanes)),
        tuple(dict.fromkeys(collapsed)),
        span,
        tuple(available),
    )
    return view, notices


def _query_keys(query: dict[str, list[str]], name: str) -> list[str]:
    return [k for k in ",".join(query.get(name) or []).split(",") if k]
