"""Earlier reports of intrathecal therapy for ICANS, as the seed paper states them, beside this
case: when after ICANS onset the intrathecal therapy was given, and what followed.

The numbers are only those van Nijendaal et al. (Haematologica 2026) give in their discussion
(references 12-15 there); each row names its reference and the sentence it comes from. Where
the paper gives no day (the two case reports) the day is empty and the figure lists the report
in a note instead of placing it anywhere. The case on screen is never typed into the file: its
row is computed from its own events, so an uploaded case is compared the same way.

API (pure; no dash; the figure is `components.figures.insight.intrathecal`):

- `load_intrathecal_reports(path=REPORTS_FILE) -> pd.DataFrame`: the table, validated with
  pandera; raises `CaseFileError` with every problem (file, row, column, found, expected).
- `beside_the_case(reports, events, case_label) -> pd.DataFrame`: the reports and, last, the
  case on screen (day kind `THIS_CASE`), its days computed from its events by
  `intervals.key_intervals`; the figure and the table take this frame.
- `intrathecal_report_rows(reports) -> list[dict]`: the table as display text, one dict per
  report (keys in `ROW_KEYS`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from components.clinical.intervals import days_text, key_intervals
from components.clinical.phases import intrathecal_days, intrathecal_rows
from components.model.columns import Col
from components.model.csv_text import read_csv_table
from components.model.problems import CaseFileError, Problem, spreadsheet_row

REPORTS_FILE = (
    Path(__file__).resolve().parents[2] / "data" / "literature" / "intrathecal_reports.csv"
)
SEED_PAPER = (
    "van Nijendaal RM et al. Relapsing, steroid-refractory ICANS after CAR T-cell therapy. "
    "Haematologica 2026, discussion (references 12-15 there)"
)

MEDIAN, UPPER_BOUND, SINGLE, STATED, THIS_CASE, NOT_STATED = (
    "median",
    "upper bound",
    "single patient",
    "stated day",
    "this case",
    "not stated",
)
#: The kinds a report in the file can have; THIS_CASE is the case on screen, computed from its
#: events by `beside_the_case`, never typed into the file.
DAY_KINDS = (MEDIAN, UPPER_BOUND, SINGLE, STATED, NOT_STATED)
NOT_IMPROVED = "not improved"
CASE_RECORD = "Case record"  # the reference of the case on screen's row
RESPONSES = ("improved", NOT_IMPROVED, "mixed", NOT_STATED)

TEXT_COLUMNS = ("report", "reference", "agents", "day_kind", "response", "outcome", "source")
NUMBER_COLUMNS = ("n_patients", "days_onset_to_it", "median_days_to_improvement")
DAY_COLUMNS = ("day_kind", "days_onset_to_it")

_text = pa.Check.str_length(min_value=1, error="some text")
_days = pa.Check.in_range(0, 365, error="a number of days from 0 to 365")
REPORTS_SCHEMA = pa.DataFrameSchema(
    {
        "report": pa.Column(str, _text, unique=True),
        "reference": pa.Column(str, _text),
        "n_patients": pa.Column("Int64", pa.Check.ge(1, error="1 or more"), nullable=True),
        "agents": pa.Column(str, _text),
        "days_onset_to_it": pa.Column(float, _days, nullable=True),
        "day_kind": pa.Column(
            str, pa.Check.isin(DAY_KINDS, error=f"one of: {', '.join(DAY_KINDS)}")
        ),
        "median_days_to_improvement": pa.Column(float, _days, nullable=True),
        "response": pa.Column(
            str, pa.Check.isin(RESPONSES, error=f"one of: {', '.join(RESPONSES)}")
        ),
        "outcome": pa.Column(str),
        "source": pa.Column(str, _text),
    },
    checks=pa.Check(
        lambda t: (t["day_kind"] == NOT_STATED) == t["days_onset_to_it"].isna(),
        element_wise=False,
        error="a day exactly where day_kind is not 'not stated'",
    ),
    strict=True,
    coerce=True,
)


def _problems(cases: pd.DataFrame, text: pd.DataFrame, file: str) -> list[Problem]:
    """One problem per cell, and one per row for the check across columns (pandera reports
    that check once for every column of the row)."""
    row_wide = cases["schema_context"] == "DataFrameSchema"
    cases = cases.assign(column=cases["column"].where(~row_wide)).drop_duplicates(
        ["index", "column"]
    )
    located = cases[cases["index"].notna()]
    # A column that cannot be read at all also fails its checks as a whole: keep the cells.
    cases = pd.concat(
        [located, cases[cases["index"].isna() & ~cases["column"].isin(located["column"])]]
    )
    problems = []
    for case in cases.itertuples():
        if pd.isna(case.index):
            row, column, found = None, case.column, str(case.failure_case)
        elif pd.isna(case.column):
            row, column = spreadsheet_row(case.index), None
            found = ", ".join(f"{n} {text.at[case.index, n] or 'empty'}" for n in DAY_COLUMNS)
        else:
            row, column = spreadsheet_row(case.index), case.column
            found = str(text.at[case.index, column] or "")
        check = str(case.check)
        expected = "a number" if check.startswith(("coerce_dtype", "dtype")) else check
        problems.append(Problem(file, row, column, found, expected))
    return sorted(problems, key=lambda p: p.row or 0)


def load_intrathecal_reports(path: Path = REPORTS_FILE) -> pd.DataFrame:
    """The reports table, typed; every problem reported at once."""
    path = Path(path)
    text = read_csv_table(path.read_text(encoding="utf-8-sig"), path.name)
    cells = text.copy()
    for name in NUMBER_COLUMNS:
        if name in cells.columns:
            cells[name] = cells[name].replace("", None)
    try:
        return REPORTS_SCHEMA.validate(cells, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise CaseFileError(_problems(errors.failure_cases, text, path.name)) from errors


def _agents_given(events: pd.DataFrame, days: list[int]) -> str:
    """'IT cytarabine, hydrocortisone and methotrexate on days 45 and 47', from every
    intrathecal drug row; `days` are their days."""
    names = sorted({str(item).lower() for item in intrathecal_rows(events)[Col.ITEM]})
    drugs = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    when = " and ".join(str(d) for d in days)
    return f"IT {drugs} on day{'s' if len(days) > 1 else ''} {when}"


def beside_the_case(reports: pd.DataFrame, events: pd.DataFrame, case_label: str) -> pd.DataFrame:
    """The reports with the case on screen as the last row (day kind `THIS_CASE`), its days from
    ICANS onset to intrathecal therapy and to improvement computed from its events. A case
    without an ICANS onset or an intrathecal drug adds a row with no day, which the figure lists
    in its note."""
    intervals = {interval.key: interval for interval in key_intervals(events)}
    onset_to_it = intervals["onset_to_intrathecal"]
    improvement = intervals["intrathecal_to_improvement"]
    it_days = intrathecal_days(events)
    placed = onset_to_it.days is not None
    row = {
        "report": f"This case ({case_label})",
        "reference": CASE_RECORD,
        "n_patients": 1,
        "agents": _agents_given(events, it_days) if it_days else "No intrathecal drug recorded",
        "days_onset_to_it": float(onset_to_it.days) if placed else None,
        "day_kind": THIS_CASE if placed else NOT_STATED,
        "median_days_to_improvement": (
            float(improvement.days) if improvement.days is not None else None
        ),
        "response": "improved" if improvement.days is not None else NOT_STATED,
        "outcome": f"First improvement after intrathecal therapy: {improvement.how}",
        "source": f"Computed from the case's events ({onset_to_it.basis or 'not found'}): "
        f"{onset_to_it.how}",
    }
    this_case = pd.DataFrame([row]).astype(reports.dtypes.to_dict())
    return pd.concat([reports, this_case], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Display text.

ROW_KEYS = (
    "report",
    "reference",
    "patients",
    "onset_to_it",
    "agents",
    "improvement",
    "response",
    "outcome",
    "source",
)


def onset_to_it_text(days: float, day_kind: str) -> str:
    """'median 3 days', 'within 5 days', '23 days' or 'not stated'."""
    if day_kind == NOT_STATED:
        return "not stated"
    if day_kind == MEDIAN:
        return f"median {days_text(days)}"
    if day_kind == UPPER_BOUND:
        return f"within {days_text(days)}"
    return days_text(days)


def improvement_text(row) -> str:
    days = row.median_days_to_improvement
    if pd.isna(days):
        return "not stated"
    return days_text(days) if row.day_kind == THIS_CASE else f"median {days_text(days)}"


def intrathecal_report_rows(reports: pd.DataFrame) -> list[dict]:
    """One dict of display text per report, in the table's order."""
    return [
        {
            "report": row.report,
            "reference": row.reference,
            "patients": "not stated" if pd.isna(row.n_patients) else str(int(row.n_patients)),
            "onset_to_it": onset_to_it_text(row.days_onset_to_it, row.day_kind),
            "agents": row.agents,
            "improvement": improvement_text(row),
            "response": row.response,
            "outcome": row.outcome,
            "source": row.source,
        }
        for row in reports.itertuples(index=False)
    ]
