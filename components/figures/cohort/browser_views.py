"""What the browser needs to re-align, re-rank and re-summarise the cohort page with no server
round trip (`assets/cohort.js`): the cases once per page (`case_data`), and for each filter the
view of every alignment (`view_data`).

The rules stay in Python: which cases an alignment keeps and their offsets (`align_cases`), the
summary counts, the figure's traces and layout, the notes and the caption are computed here, by
the functions the server's figure and the exports use. The browser only ranks (as `rank_cases`:
the rank's column, then the case id, missing values last), keeps the first `MAX_SWIMMERS` rows,
and moves each case's points to its row and aligned days. The browser tests check the page's
figure, table, caption and URL against `select` and `cohort_figure` for every align and rank.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pandas as pd

from components.cases.cohort_select import (
    RANK_COLUMNS,
    caption_parts,
    cohort_title,
    rank_cases,
    rank_label,
    select,
)
from components.cases.index import Cohort, registry_table
from components.clinical.cohort import FIELD_NAMES, SYNDROMES
from components.figures.cohort.swimmers import (
    MAX_SWIMMERS,
    cohort_layout,
    drawn_note,
    row_label,
    summary_traces,
    swimmer_traces,
)
from components.figures.theme import Theme
from components.model.cohort_view import ALIGNS, RANKS, SUMMARIES, CohortView

#: Every column a rank can sort: the table's fields and the rank keys' own columns.
RANK_VALUE_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys([*FIELD_NAMES, *(column for column, _ in RANK_COLUMNS.values())])
)
#: The view with nothing chosen: the URL leaves these out.
DEFAULT = CohortView()
#: Every rank the page can show: the rank keys and each table column, either way round.
ALL_RANKS: tuple[str, ...] = (*RANKS, *FIELD_NAMES, *(f"-{name}" for name in FIELD_NAMES))


def grid_rows(cases: pd.DataFrame) -> list[dict]:
    """The table's rows: the registry fields exactly as the CSV and the command line give them."""
    table = registry_table(cases)
    return table.astype(object).where(table.notna(), None).to_dict("records")


def cohort_token(cohort: Cohort) -> str:
    """A short name for the valid cases' content (ids, content keys, registry values): the
    browser pairs a filter's views with the cases they were computed from by it."""
    text = cohort.valid[["key", *RANK_VALUE_COLUMNS]].to_csv(index=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def case_order(cohort: Cohort) -> list[str]:
    """The valid cases by case id: the order of every per-case list sent to the browser."""
    return list(rank_cases(cohort.valid, "name")["case"])


def _values(column: pd.Series) -> list:
    return column.astype(object).where(column.notna(), None).tolist()


def case_data(cohort: Cohort, theme: Theme) -> dict:
    """Every valid case, once per page: the values a rank sorts, the row labels, the table's
    rows, and the swimmer traces on the infusion's days with every case on row 0 (the browser
    adds the case's row and subtracts its offset), in `case_order`. The row labels are
    `row_label`s, already plain text: the browser places them as they are."""
    everyone = select(cohort, CohortView())
    cases = everyone.cases
    on_row_zero = pd.Series(0.0, index=cases["case"].to_numpy())
    return {
        "token": cohort_token(cohort),
        "values": {column: _values(cases[column]) for column in RANK_VALUE_COLUMNS},
        "labels": [row_label(title) for title in cases["title"]],
        "rows": grid_rows(cases),
        "swimmers": swimmer_traces(everyone, on_row_zero, theme),
        "rank_columns": {
            key: [column, ascending] for key, (column, ascending) in RANK_COLUMNS.items()
        },
        "rank_labels": {rank: rank_label(rank) for rank in ALL_RANKS},
        "max_rows": MAX_SWIMMERS,
        "defaults": {"align": DEFAULT.align, "rank": DEFAULT.rank, "summary": DEFAULT.summary},
    }


def align_view(cohort: Cohort, view: CohortView, theme: Theme, order: list[str]) -> dict:
    """One alignment of a filter's cases: each case's offset (None: left out), by `order`; the
    layout and summary bars for either summary; the notes and the caption around the rank."""
    selection = select(cohort, replace(view, rank="name"))
    offsets: list[int | None] = [None] * len(order)
    place = {case: i for i, case in enumerate(order)}
    for case, offset in zip(selection.cases["case"], selection.cases["offset"], strict=True):
        offsets[place[case]] = int(offset)
    title = cohort_title(selection)
    by_summary = {
        summary: replace(selection, view=replace(selection.view, summary=summary))
        for summary in SUMMARIES
    }
    return {
        "offsets": offsets,
        "layouts": {s: cohort_layout(shown, theme, title) for s, shown in by_summary.items()},
        "summaries": {s: summary_traces(shown, theme) for s, shown in by_summary.items()},
        "notes": [note for note in (*selection.notes, drawn_note(selection)) if note],
        "caption": list(caption_parts(selection)),
    }


def view_data(cohort: Cohort, view: CohortView, theme: Theme) -> dict:
    """A filter's cases under every alignment, and the filter's part of the URL."""
    order = case_order(cohort)
    # The summary counts only grade days: the treatment marks need not be shifted five times.
    graded = Cohort(cohort.cases, cohort.series[cohort.series["lane"].isin(SYNDROMES)])
    return {
        "token": cohort_token(cohort),
        "filter": CohortView(filters=view.filters).query().lstrip("?"),
        "aligns": {
            align: align_view(graded, replace(view, align=align), theme, order) for align in ALIGNS
        },
    }


def shown_key(cohort: Cohort, view: CohortView) -> str:
    """What the page shows, as `assets/cohort.js` names it: the cases' token and the URL's query.
    The page arrives with this view drawn; the browser redraws only when it changes."""
    return f"{cohort_token(cohort)}{view.query()}"
