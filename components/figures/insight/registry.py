"""What the clinical insight panel shows, as figures and tables of one case and day range, in
one registry: the page, the exports and the deck all take their insight items from here, so a
slide and the screen never disagree. Pure: no dash.

Each `InsightItem` is a figure (PNG, SVG, PDF) or a table (CSV, a grid, a deck table), in the
order the deck shows them, with its title, its builder and when the deck includes it. Adding an
item is one builder and one entry in `INSIGHT_ITEMS`.

- `insight_figure(name, events, days, case_label, theme)` and
  `insight_table(name, events, days, case_label)`: one item, by its export name.
- `intrathecal_comparison(events, case_label, theme)`: the literature figure and its table from
  one computation of the case's row (the page shows both at once).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd
import plotly.graph_objects as go

from components.clinical.intervals import key_intervals
from components.clinical.literature import (
    beside_the_case,
    intrathecal_report_rows,
    load_intrathecal_reports,
)
from components.clinical.phases import Span, in_day_range
from components.clinical.steroids import corticosteroid_rows, steroid_exposure
from components.figures.insight.builders import grade_check_table, steroid_exposure_figure
from components.figures.insight.intrathecal import intrathecal_timing_figure
from components.figures.theme import Theme

STEROID_EXPOSURE = "steroid-exposure"
INTRATHECAL_TIMING = "intrathecal-timing"
KEY_INTERVALS = "key-intervals"
GRADE_CHECK = "grade-check"
INTRATHECAL_REPORTS = "intrathecal-reports"

Columns = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class InsightTable:
    """A table of display text: its title, (key, heading) per column, a dict per row."""

    title: str
    columns: Columns
    rows: list[dict]

    def frame(self) -> pd.DataFrame:
        """The rows under their headings, for a CSV."""
        keys = [key for key, _ in self.columns]
        return pd.DataFrame(
            [[row[key] for key in keys] for row in self.rows],
            columns=[heading for _, heading in self.columns],
        )


def _always(_events: pd.DataFrame, _days: Span) -> bool:
    return True


@dataclass(frozen=True)
class InsightItem:
    """One figure or table. A figure has `figure` (events, days, case label, theme); a table
    has `rows` (events, days, case label) and `columns`. `in_deck` says whether the deck
    shows it for a range (a corticosteroid figure only when one was given)."""

    name: str
    title: str
    figure: Callable[[pd.DataFrame, Span, str, Theme], go.Figure] | None = None
    rows: Callable[[pd.DataFrame, Span, str], list[dict]] | None = None
    columns: Columns = ()
    in_deck: Callable[[pd.DataFrame, Span], bool] = _always
    #: The deck slide's title, when shorter than the item's title.
    slide_title: str = ""
    #: Columns the deck puts in the speaker notes of a row's slide instead of on it: quotes
    #: for the presenter, too long to read from the room (and, at 4:3, wider than the slide).
    notes_columns: tuple[str, ...] = ()

    @property
    def is_table(self) -> bool:
        return self.rows is not None

    @property
    def formats(self) -> tuple[str, ...]:
        return ("csv",) if self.is_table else ("png", "svg", "pdf")

    def table(self, events: pd.DataFrame, days: Span, case_label: str) -> InsightTable:
        assert self.rows is not None, f"{self.name} is a figure"
        return InsightTable(self.title, self.columns, self.rows(events, days, case_label))


@cache
def earlier_reports() -> pd.DataFrame:
    """The literature table, read once per process (it ships with the code)."""
    return load_intrathecal_reports()


def reports_beside(events: pd.DataFrame, case_label: str) -> pd.DataFrame:
    return beside_the_case(earlier_reports(), events, case_label)


def steroid_figure(events: pd.DataFrame, days: Span, theme: Theme) -> go.Figure:
    return steroid_exposure_figure(steroid_exposure(events, days), theme, days)


def intrathecal_figure(events: pd.DataFrame, case_label: str, theme: Theme) -> go.Figure:
    return intrathecal_timing_figure(reports_beside(events, case_label), theme)


def _interval_rows(events: pd.DataFrame, _days: Span, _label: str) -> list[dict]:
    return [
        {
            "key": interval.key,
            "interval": interval.label,
            "value": interval.value,
            "basis": interval.basis or "not found",
            "how": interval.how,
            "days": "" if interval.span is None else f"{interval.span[0]}:{interval.span[1]}",
        }
        for interval in key_intervals(events)
    ]


def grade_check_rows(events: pd.DataFrame, days: Span, _label: str = "") -> list[dict]:
    """The grade check of the runs of days that overlap the range, from the check of the whole
    course (a day's CRS grade can rest on a drug given days before)."""
    return grade_check_table(events, days)


def _report_rows(events: pd.DataFrame, _days: Span, case_label: str) -> list[dict]:
    return intrathecal_report_rows(reports_beside(events, case_label))


def _steroids_in_range(events: pd.DataFrame, days: Span) -> bool:
    return len(corticosteroid_rows(in_day_range(events, days))) > 0


def _grade_checks_in_range(events: pd.DataFrame, days: Span) -> bool:
    return bool(grade_check_rows(events, days))


#: The insight items in the order the deck shows them, by export name.
INSIGHT_ITEMS: Mapping[str, InsightItem] = {
    item.name: item
    for item in (
        InsightItem(
            STEROID_EXPOSURE,
            "Corticosteroid exposure",
            figure=lambda events, days, _label, theme: steroid_figure(events, days, theme),
            in_deck=_steroids_in_range,
        ),
        InsightItem(
            KEY_INTERVALS,
            "Key intervals, whole course",
            rows=_interval_rows,
            columns=(
                ("interval", "Interval"),
                ("value", "Value"),
                ("basis", "Basis"),
                ("how", "How"),
            ),
            slide_title="Key intervals",
        ),
        InsightItem(
            GRADE_CHECK,
            "Grade check: reported grade beside the ASTCT 2019 grade derived from the findings",
            rows=grade_check_rows,
            columns=(
                ("syndrome", "Syndrome"),
                ("days", "Days"),
                ("reported", "Reported"),
                ("derived", "Derived (at least)"),
                ("verdict", "Check"),
                ("why", "Why"),
            ),
            in_deck=_grade_checks_in_range,
            slide_title="Grade check",
        ),
        InsightItem(
            INTRATHECAL_TIMING,
            "Intrathecal therapy: this case beside earlier reports",
            figure=lambda events, _days, label, theme: intrathecal_figure(events, label, theme),
        ),
        InsightItem(
            INTRATHECAL_REPORTS,
            "Intrathecal therapy for ICANS: earlier reports and this case",
            rows=_report_rows,
            columns=(
                ("report", "Report"),
                ("patients", "N"),
                ("agents", "Agents"),
                ("onset_to_it", "Onset to IT"),
                ("improvement", "To improvement"),
                ("response", "Response"),
                ("outcome", "Outcome"),
                ("source", "Source"),
            ),
            slide_title="Earlier reports",
            notes_columns=("source",),
        ),
    )
}
#: The insight figures and tables by export name.
INSIGHT_FIGURES: Mapping[str, InsightItem] = {
    name: item for name, item in INSIGHT_ITEMS.items() if not item.is_table
}
INSIGHT_TABLES: Mapping[str, InsightItem] = {
    name: item for name, item in INSIGHT_ITEMS.items() if item.is_table
}


def insight_table(name: str, events: pd.DataFrame, days: Span, case_label: str) -> InsightTable:
    """One insight table; the grade check follows the range, the others cover the course."""
    return INSIGHT_TABLES[name].table(events, days, case_label)


def insight_figure(
    name: str, events: pd.DataFrame, days: Span, case_label: str, theme: Theme
) -> go.Figure:
    """One insight figure; the exposure follows the range, the literature covers the course."""
    build = INSIGHT_FIGURES[name].figure
    assert build is not None
    return build(events, days, case_label, theme)


def intrathecal_comparison(
    events: pd.DataFrame, case_label: str, theme: Theme
) -> tuple[go.Figure, InsightTable]:
    """The literature figure and table together, from one computation of the case's row
    (for the page, which shows both)."""
    reports = reports_beside(events, case_label)
    item = INSIGHT_TABLES[INTRATHECAL_REPORTS]
    return (
        intrathecal_timing_figure(reports, theme),
        InsightTable(item.title, item.columns, intrathecal_report_rows(reports)),
    )
