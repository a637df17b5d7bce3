"""Key days, episodes and the headline numbers of a case, computed from the event table.

Nothing here is typed in per case: ICANS onset, the relapse, the intrathecal therapy days and
the ICU stays are read from the events, so the same code serves a user's own case.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.model.columns import DERIVED, Col
from components.model.drugs import CAR_T, DRUG, INTRATHECAL, LYMPHODEPLETION, drug_class

Span = tuple[int, int]


def last_days(events: pd.DataFrame) -> pd.Series:
    """The last day of each event: end_day for spans, day otherwise."""
    return events[Col.END_DAY].fillna(events[Col.DAY])


def in_day_range(events: pd.DataFrame, day_range: Span) -> pd.DataFrame:
    """Events that touch the inclusive range: a span counts if any of its days is inside."""
    first, last = day_range
    return events[(events[Col.DAY] <= last) & (last_days(events) >= first)]


def spans(rows: pd.DataFrame) -> list[Span]:
    return [(int(d), int(e)) for d, e in zip(rows[Col.DAY], last_days(rows), strict=True)]


def covered_days(rows: pd.DataFrame, day_range: Span | None = None) -> set[int]:
    """Every day a set of events covers, clipped to the range when one is given."""
    days = {day for start, end in spans(rows) for day in range(start, end + 1)}
    if day_range is not None:
        days = {d for d in days if day_range[0] <= d <= day_range[1]}
    return days


def grade_rows(events: pd.DataFrame, syndrome: str) -> pd.DataFrame:
    return events[(events[Col.CATEGORY] == "grade") & (events[Col.ITEM] == syndrome)]


def icans_onset_day(events: pd.DataFrame) -> int | None:
    """First day with an ICANS grade of 1 or more."""
    graded = grade_rows(events, "ICANS")
    graded = graded[graded[Col.VALUE] >= 1]
    return None if graded.empty else int(graded[Col.DAY].min())


def icans_relapse_day(events: pd.DataFrame) -> int | None:
    """First day the ICANS grade rises again after it had fallen: the start of a relapse."""
    graded = grade_rows(events, "ICANS").sort_values(Col.DAY)
    fallen = False
    previous = None
    for day, grade in zip(graded[Col.DAY], graded[Col.VALUE], strict=True):
        if previous is not None and grade < previous:
            fallen = True
        elif fallen and previous is not None and grade > previous:
            return int(day)
        previous = grade
    return None


def intrathecal_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The intrathecal drug rows (route IT)."""
    return events[(events[Col.CATEGORY] == DRUG) & (events[Col.ROUTE] == INTRATHECAL)]


def intrathecal_days(events: pd.DataFrame) -> list[int]:
    """Days of intrathecal drug administration (route IT)."""
    return sorted({int(d) for d in intrathecal_rows(events)[Col.DAY]})


def status_spans(events: pd.DataFrame, item: str) -> list[Span]:
    return spans(events[(events[Col.CATEGORY] == "status") & (events[Col.ITEM] == item)])


def _merged(day_spans: list[Span]) -> list[Span]:
    """Overlapping or touching spans joined: (1, 3) and (4, 6) make (1, 6)."""
    merged: list[Span] = []
    for first, last in sorted(day_spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def syndrome_episodes(events: pd.DataFrame, syndrome: str) -> list[Span]:
    """Runs of grade 1 or more: from the first such grade to the last one before a recorded
    grade 0. Days without a grade inside a run count as part of it (no resolution recorded)."""
    rows = grade_rows(events, syndrome).sort_values(Col.DAY, kind="stable")
    episodes: list[Span] = []
    current: Span | None = None
    for first, last, grade in zip(rows[Col.DAY], last_days(rows), rows[Col.VALUE], strict=True):
        if grade >= 1:
            current = (int(first), int(last)) if current is None else (current[0], int(last))
        elif current is not None:
            episodes.append(current)
            current = None
    if current is not None:
        episodes.append(current)
    return episodes


def _drug_spans(events: pd.DataFrame, drug_class_name: str) -> list[Span]:
    drugs = events[events[Col.CATEGORY] == DRUG]
    chosen = pd.Series(
        [
            drug_class(item, route) == drug_class_name
            for item, route in zip(drugs[Col.ITEM], drugs[Col.ROUTE], strict=True)
        ],
        index=drugs.index,
        dtype=bool,
    )
    return _merged(spans(drugs[chosen]))


def phase_spans(events: pd.DataFrame) -> dict[str, list[Span]]:
    """The shaded phases: lymphodepletion, infusion, ICU stays, CRS and ICANS episodes."""
    phases = {
        "lymphodepletion": _drug_spans(events, LYMPHODEPLETION),
        "infusion": _drug_spans(events, CAR_T),
        "icu": _merged(status_spans(events, "ICU stay")),
        "crs": syndrome_episodes(events, "CRS"),
        "icans": syndrome_episodes(events, "ICANS"),
    }
    return {kind: found for kind, found in phases.items() if found}


def key_days(events: pd.DataFrame) -> dict[str, int | list[int]]:
    """Day 0, ICANS onset (first grade 1 or more) and the intrathecal therapy days."""
    days: dict[str, int | list[int]] = {"day_zero": 0}
    onset = icans_onset_day(events)
    if onset is not None:
        days["icans_onset"] = onset
    intrathecal = intrathecal_days(events)
    if intrathecal:
        days["intrathecal"] = intrathecal
    return days


def case_day_span(events: pd.DataFrame) -> Span:
    return int(events[Col.DAY].min()), int(last_days(events).max())


@dataclass(frozen=True)
class Preset:
    """A named day range for the range filter."""

    key: str
    label: str
    first: int
    last: int


def day_range_presets(events: pd.DataFrame) -> list[Preset]:
    """The phases of this case worth jumping to, each only where the case has it."""
    first, last = case_day_span(events)
    presets = [Preset("all", "Whole course", first, last)]
    if first < 0:
        presets.append(Preset("pre", "Pre-infusion", first, 0))
    if last >= 0:
        presets.append(Preset("early", "First two weeks", max(first, 0), min(last, 14)))
    relapse = icans_relapse_day(events)
    it_days = intrathecal_days(events)
    if relapse is not None:
        end = it_days[0] - 1 if it_days and it_days[0] > relapse else last
        presets.append(Preset("relapse", "ICANS relapse", relapse, end))
    if it_days:
        presets.append(
            Preset(
                "intrathecal",
                "Intrathecal therapy",
                max(first, it_days[0] - 5),
                min(last, it_days[-1] + 5),
            )
        )
    return presets


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Peak:
    """The highest grade of some grade rows, the first day it was reached, and whether only
    derived rows reach it (then it is a lower bound, shown "≥3")."""

    grade: int
    day: int
    derived_only: bool

    @property
    def text(self) -> str:
        return f"{'≥' if self.derived_only else ''}{self.grade}"


def peak_grade(rows: pd.DataFrame) -> Peak | None:
    """The highest grade of grade rows (reported where stated, else derived), or None."""
    if rows.empty:
        return None
    top = rows[rows[Col.VALUE] == rows[Col.VALUE].max()]
    return Peak(
        int(top[Col.VALUE].iloc[0]),
        int(top[Col.DAY].min()),
        bool((top[Col.BASIS] == DERIVED).all()),
    )


@dataclass(frozen=True)
class Headline:
    """One number at the top of the page: label, value as shown, and what it rests on."""

    key: str
    label: str
    value: str
    note: str


def headline_numbers(events: pd.DataFrame, day_range: Span) -> list[Headline]:
    """Peak ICANS grade, days at grade 3 or more and ICU days in the range; onset to IT."""
    visible = in_day_range(events, day_range)
    icans = grade_rows(visible, "ICANS")
    top = peak_grade(icans)
    if top is None:
        peak = Headline("peak_icans", "Peak ICANS grade", "–", "no ICANS grade in range")
    else:
        peak = Headline(
            "peak_icans",
            "Peak ICANS grade",
            top.text,
            f"first on day {top.day}" + (" (derived, a lower bound)" if top.derived_only else ""),
        )
    high = covered_days(icans[icans[Col.VALUE] >= 3], day_range)
    high_reported = covered_days(
        icans[(icans[Col.VALUE] >= 3) & (icans[Col.BASIS] != DERIVED)], day_range
    )
    icu = covered_days(
        visible[(visible[Col.CATEGORY] == "status") & (visible[Col.ITEM] == "ICU stay")],
        day_range,
    )
    onset, it_days = icans_onset_day(events), intrathecal_days(events)
    if onset is not None and it_days:
        to_it = Headline(
            "onset_to_it",
            "ICANS onset to intrathecal therapy",
            f"{it_days[0] - onset} days",
            f"day {onset} to day {it_days[0]}, whole course",
        )
    else:
        to_it = Headline("onset_to_it", "ICANS onset to intrathecal therapy", "–", "not in case")
    return [
        peak,
        Headline(
            "high_grade_days",
            "Days at ICANS grade ≥3",
            str(len(high)),
            f"{len(high_reported)} reported, {len(high) - len(high_reported)} derived",
        ),
        Headline("icu_days", "ICU days", str(len(icu)), "days in ICU within the range"),
        to_it,
    ]
