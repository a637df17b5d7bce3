"""Filter, align and rank a cohort (pure functions of the index's frames), and what the
selection says about itself: notes on cases left out, the caption, the link to each case.

Aligning moves every case's days so the chosen event is day 0; a case without that event is
left out and named. Ranking sorts the rows; a case without the ranked value goes last.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from components.cases.index import Cohort
from components.clinical.cohort import FIELD_NAMES
from components.model.cohort_view import ALIGNS, RANKS, CohortView

#: The index column each align key reads (None: day 0 of the case itself).
ALIGN_COLUMNS: dict[str, str | None] = {
    "infusion": None,
    "crs-onset": "crs_onset_day",
    "icans-onset": "icans_onset_day",
    "icans-3": "icans_high_day",
    "intrathecal": "intrathecal_first_day",
}
#: What a case left out by an alignment lacks: "3 cases have no intrathecal therapy".
LACKS: dict[str, str] = {
    "crs-onset": "no CRS",
    "icans-onset": "no ICANS",
    "icans-3": "no ICANS grade ≥3",
    "intrathecal": "no intrathecal therapy",
}
#: The index column each rank key sorts and whether lowest comes first.
RANK_COLUMNS: dict[str, tuple[str, bool]] = {
    "name": ("case", True),
    "icans-onset": ("icans_onset_day", True),
    "peak-icans": ("icans_max_grade", False),
    "icans-high-days": ("icans_high_days", False),
    "steroids": ("corticosteroid_dex_eq_mg", False),
    "onset-to-it": ("onset_to_intrathecal", True),
    "follow-up": ("last_day", False),
}
#: Days shown around the aligned event when a case is opened from the cohort.
OPEN_DAYS_BEFORE, OPEN_DAYS_AFTER = 7, 21
MAX_NAMED = 8
TITLE = "CAR-T toxicity cohort"


@dataclass(frozen=True)
class Selection:
    """The cases shown, in rank order (with `offset`, the case day that is aligned day 0), their
    series on the aligned axis, and notes on the cases left out."""

    view: CohortView
    cases: pd.DataFrame
    series: pd.DataFrame
    notes: tuple[str, ...]


def filter_cases(cases: pd.DataFrame, view: CohortView) -> pd.DataFrame:
    """The cases every filter of the view keeps."""
    keep = pd.Series(True, index=cases.index)
    for key, value in view.filters:
        if key == "product":
            keep &= cases["product"] == value
        elif key in ("crs", "icans"):
            keep &= cases[f"{key}_max_grade"].fillna(0) >= int(value)
        elif key == "drug":
            wanted = value.strip().lower()
            given = [wanted in drugs.lower().split("; ") for drugs in cases["drugs"]]
            keep &= pd.Series(given, index=cases.index, dtype=bool)
        elif key == "outcome":
            keep &= cases["died"] == (value == "died")
        elif key == "source":
            keep &= cases["source"] == value
    return cases[keep]


def align_cases(cases: pd.DataFrame, align: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cases with the event (with `offset` set) and those without it."""
    column = ALIGN_COLUMNS[align]
    if column is None:
        return cases.assign(offset=0), cases.iloc[0:0]
    has = cases[column].notna()
    return cases[has].assign(offset=cases.loc[has, column].astype(int)), cases[~has]


def rank_cases(cases: pd.DataFrame, rank: str) -> pd.DataFrame:
    """Sorted by a rank key, or by a table column ('-' first for highest first)."""
    if rank in RANK_COLUMNS:
        column, ascending = RANK_COLUMNS[rank]
    else:
        column, ascending = rank.removeprefix("-"), not rank.startswith("-")
    return cases.sort_values(
        [column, "case"], ascending=[ascending, True], na_position="last", kind="stable"
    )


def _named(cases: pd.DataFrame) -> str:
    names = list(cases["case"][:MAX_NAMED])
    more = len(cases) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _count(n: int) -> str:
    return f"{n} case{'' if n == 1 else 's'}"


def select(cohort: Cohort, view: CohortView) -> Selection:
    """Filter, align and rank the valid cases of a cohort."""
    kept = filter_cases(cohort.valid, view)
    aligned, lacking = align_cases(kept, view.align)
    ranked = rank_cases(aligned, view.rank).reset_index(drop=True)
    notes = []
    if len(kept) < len(cohort.valid):
        notes.append(f"{_count(len(cohort.valid) - len(kept))} filtered out.")
    if len(lacking):
        have = "has" if len(lacking) == 1 else "have"
        notes.append(f"{_count(len(lacking))} {have} {LACKS[view.align]}: {_named(lacking)}.")
    offsets = ranked.set_index("case")["offset"]
    series = cohort.series[cohort.series["case"].isin(offsets.index)]
    # As whole days even when no case is kept (mapping nothing keeps the ids' string type).
    shift = series["case"].map(offsets).astype(int)
    series = series.assign(day=series["day"] - shift, end_day=series["end_day"] - shift)
    return Selection(view, ranked, series.reset_index(drop=True), tuple(notes))


def rank_label(rank: str) -> str:
    if rank in RANKS:
        return RANKS[rank]
    column = rank.removeprefix("-").replace("_", " ")
    return f"{column}, {'highest' if rank.startswith('-') else 'lowest'} first"


def caption_parts(selection: Selection) -> tuple[str, str]:
    """The caption before and after the rank's label: a new rank changes only the label."""
    view = selection.view
    head = f"{_count(len(selection.cases))} aligned on {ALIGNS[view.align]}, ranked by "
    tail = ""
    if view.filters:
        tail += "; " + ", ".join(f"{k} {v}" for k, v in view.filters)
    synthetic = int(selection.cases["synthetic"].sum())
    if synthetic:
        tail += f". {synthetic} of them synthetic (generated, not patients)"
    return head, tail


def cohort_caption(selection: Selection) -> str:
    """'40 cases aligned on ICANS onset, ranked by highest ICANS grade'."""
    head, tail = caption_parts(selection)
    return head + rank_label(selection.view.rank) + tail


def cohort_title(selection: Selection) -> str:
    """The figure's title; it says 'synthetic' when any case shown is."""
    synthetic = int(selection.cases["synthetic"].sum())
    if not synthetic:
        return TITLE
    if synthetic == len(selection.cases):
        return f"{TITLE} (SYNTHETIC cases)"
    return f"{TITLE} (includes {synthetic} SYNTHETIC cases)"


def case_link(case_id: str, offset: int, last_day: int) -> str:
    """The case page around the aligned event: '/?case=x&days=38:66'."""
    first = offset - OPEN_DAYS_BEFORE
    last = min(max(last_day, offset), offset + OPEN_DAYS_AFTER)
    return "/?" + urlencode({"case": case_id, "days": f"{first}:{last}"}, safe=":")


def aligned_link(cohort: Cohort, case_id: str, align: str) -> str | None:
    """The link `case_link` gives a valid case of the cohort under an alignment; None when the
    case is not in the cohort or lacks the aligned event."""
    valid = cohort.valid
    aligned, _ = align_cases(valid[valid["case"] == case_id], align)
    if aligned.empty:
        return None
    row = aligned.iloc[0]
    return case_link(case_id, int(row["offset"]), int(row["last_day"]))


def summary_counts(selection: Selection, syndrome: str) -> pd.DataFrame:
    """For each aligned day, how many shown cases are at each grade of 1 or more."""
    grades = selection.series[
        (selection.series["lane"] == syndrome) & (selection.series["grade"] >= 1)
    ]
    counts = grades.groupby(["day", "grade"]).size().rename("cases").reset_index()
    return counts.astype({"day": int, "grade": int, "cases": int})


def rank_from_table(column_state: list | None) -> str | None:
    """The rank a sorted table column means: a rank key where one sorts that column that way,
    else the column ('-' first for highest first); None when no column is sorted."""
    for column in column_state or []:
        field, direction = column.get("colId"), column.get("sort")
        if field in FIELD_NAMES and direction in ("asc", "desc"):
            for key, (name, ascending) in RANK_COLUMNS.items():
                if name == field and ascending == (direction == "asc"):
                    return key
            return field if direction == "asc" else f"-{field}"
    return None
