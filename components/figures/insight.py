"""What the clinical insight panel shows, as figures and tables of one case and day range.

The page, the exports and the deck all take their insight figures and tables from here, so a
slide and the screen never disagree. Pure: no dash.

- `steroid_figure(events, days, theme)`: daily and cumulative systemic corticosteroid dose in
  dexamethasone equivalents for the days, intrathecal doses apart (`steroids`).
- `intrathecal_figure(events, case_label, theme)`: days from ICANS onset to intrathecal therapy
  in earlier reports, this case computed from its events and marked (`literature`).
- `intrathecal_comparison(events, case_label, theme)`: that figure and its table together.
- `insight_table(name, events, days, case_label)`: one of `INSIGHT_TABLES` as an
  `InsightTable` (title, headed columns, rows of text) for a grid, a CSV or a slide.
"""

from __future__ import annotations

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
from components.clinical.phases import Span
from components.clinical.steroids import steroid_exposure
from components.figures.insight_figures import grade_check_table, steroid_exposure_figure
from components.figures.intrathecal_figure import intrathecal_timing_figure
from components.figures.theme import Theme

STEROID_EXPOSURE = "steroid-exposure"
INTRATHECAL_TIMING = "intrathecal-timing"
#: The insight figures by export name, with the title of their slide.
INSIGHT_FIGURES: dict[str, str] = {
    STEROID_EXPOSURE: "Corticosteroid exposure",
    INTRATHECAL_TIMING: "Intrathecal therapy: this case beside earlier reports",
}

KEY_INTERVALS = "key-intervals"
GRADE_CHECK = "grade-check"
INTRATHECAL_REPORTS = "intrathecal-reports"


@dataclass(frozen=True)
class InsightTable:
    """A table of display text: its title, (key, heading) per column, a dict per row."""

    title: str
    columns: tuple[tuple[str, str], ...]
    rows: list[dict]

    def frame(self) -> pd.DataFrame:
        """The rows under their headings, for a CSV."""
        keys = [key for key, _ in self.columns]
        return pd.DataFrame(
            [[row[key] for key in keys] for row in self.rows],
            columns=[heading for _, heading in self.columns],
        )


def steroid_figure(events: pd.DataFrame, days: Span, theme: Theme) -> go.Figure:
    return steroid_exposure_figure(steroid_exposure(events, days), theme, days)


@cache
def earlier_reports() -> pd.DataFrame:
    """The literature table, read once per process (it ships with the code)."""
    return load_intrathecal_reports()


def reports_beside(events: pd.DataFrame, case_label: str) -> pd.DataFrame:
    return beside_the_case(earlier_reports(), events, case_label)


def intrathecal_figure(events: pd.DataFrame, case_label: str, theme: Theme) -> go.Figure:
    return intrathecal_timing_figure(reports_beside(events, case_label), theme)


def _interval_rows(events: pd.DataFrame) -> list[dict]:
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


def grade_check_rows(events: pd.DataFrame, days: Span) -> list[dict]:
    """The grade check of the runs of days that overlap the range, from the check of the whole
    course (a day's CRS grade can rest on a drug given days before)."""
    return grade_check_table(events, days)


TABLE_COLUMNS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    KEY_INTERVALS: (
        "Key intervals, whole course",
        (("interval", "Interval"), ("value", "Value"), ("basis", "Basis"), ("how", "How")),
    ),
    GRADE_CHECK: (
        "Grade check: reported grade beside the ASTCT 2019 grade derived from the findings",
        (
            ("syndrome", "Syndrome"),
            ("days", "Days"),
            ("reported", "Reported"),
            ("derived", "Derived (at least)"),
            ("verdict", "Check"),
            ("why", "Why"),
        ),
    ),
    INTRATHECAL_REPORTS: (
        "Intrathecal therapy for ICANS: earlier reports and this case",
        (
            ("report", "Report"),
            ("patients", "N"),
            ("agents", "Agents"),
            ("onset_to_it", "Onset to IT"),
            ("improvement", "To improvement"),
            ("response", "Response"),
            ("outcome", "Outcome"),
            ("source", "Source"),
        ),
    ),
}
#: The insight tables by export name.
INSIGHT_TABLES: tuple[str, ...] = tuple(TABLE_COLUMNS)


def _table(name: str, rows: list[dict]) -> InsightTable:
    title, columns = TABLE_COLUMNS[name]
    return InsightTable(title, columns, rows)


def insight_table(name: str, events: pd.DataFrame, days: Span, case_label: str) -> InsightTable:
    """One insight table; the grade check follows the range, the others cover the course."""
    if name == KEY_INTERVALS:
        return _table(name, _interval_rows(events))
    if name == GRADE_CHECK:
        return _table(name, grade_check_rows(events, days))
    return _table(name, intrathecal_report_rows(reports_beside(events, case_label)))


def intrathecal_comparison(
    events: pd.DataFrame, case_label: str, theme: Theme
) -> tuple[go.Figure, InsightTable]:
    """The literature figure and table together, from one computation of the case's row
    (for the page and the deck, which show both)."""
    reports = reports_beside(events, case_label)
    return (
        intrathecal_timing_figure(reports, theme),
        _table(INTRATHECAL_REPORTS, intrathecal_report_rows(reports)),
    )
