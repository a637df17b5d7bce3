"""The key intervals of a case, computed from the event table: nothing here is typed in.

API (pure; no dash):

- `key_intervals(events) -> list[Interval]`, always the same keys in the same order, each with
  `value` "–" and `days` None where the case lacks what it needs:
  `icans_onset`, `first_high_grade`, `longest_high_grade_run`, `icans_relapse`,
  `onset_to_intrathecal`, `intrathecal_to_improvement`, `icu_days`, `infusion_to_death`.
- The pieces, for a caller that needs one: `first_grade_day`, `high_grade_runs`,
  `first_improvement`, `icu_day_count`, `death_day`; and `days_text` ('1 day', '42 days').

Definitions, stated again in each interval's `how`:

- ICANS onset: the first day with an ICANS grade of 1 or more (`phases.icans_onset_day`).
- A run at grade 3 or more: consecutive days covered by an ICANS grade row of 3 or more, reported
  or derived (a derived grade is a lower bound, so "at least 3" is 3 or more); a span row counts
  for each of its days. A day without a grade row ends a run: no grade is carried over a gap.
- Relapse: the first rise of the ICANS grade after it had fallen (`phases.icans_relapse_day`).
- Improvement after intrathecal therapy: for GCS and for ICE (both higher is better), the
  baseline is the last score on or before the first intrathecal day (a score on that day is
  the one the treatment was given for); improvement is the first later score whose lowest
  reading is above the baseline's highest. The earlier of the two scales counts.
- ICU days: every day within an ICU stay, admission and discharge days included, each day once.
- Days are counted from the day of infusion (day 0), so death on day 88 is 88 days after it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.clinical.phases import (
    Span,
    covered_days,
    grade_rows,
    icans_onset_day,
    icans_relapse_day,
    intrathecal_days,
    intrathecal_rows,
    last_days,
    status_spans,
)
from components.model.formatting import day_text, number_text, value_text
from components.model.schema import DERIVED, REPORTED, Col

ICANS = "ICANS"
HIGH_GRADE = 3
IMPROVEMENT_SCORES = ("GCS", "ICE")
NOT_FOUND = "–"


@dataclass(frozen=True)
class Interval:
    """One key interval: as shown (`value`), as a number (`days`), and what it rests on."""

    key: str
    label: str
    value: str
    days: int | None
    #: `reported`, `derived` (it rests on at least one derived row), or "" when not found.
    basis: str
    how: str
    #: The days on the timeline it runs from and to, for a guide or highlight.
    span: Span | None = None


@dataclass(frozen=True)
class Improvement:
    """A score that rose after a day: the baseline reading and the first one above it."""

    item: str
    before: pd.Series
    after: pd.Series

    @property
    def day(self) -> int:
        return int(self.after[Col.DAY])


def _basis(*rows: pd.DataFrame | pd.Series) -> str:
    """Derived if any row it rests on is (rows as frames, or single rows as series)."""
    derived = any((pd.Series(r[Col.BASIS]) == DERIVED).any() for r in rows)
    return DERIVED if derived else REPORTED


def days_text(days: float) -> str:
    """'1 day', '42 days', '2.5 days'."""
    return f"{number_text(days)} day{'' if days == 1 else 's'}"


def _reading(row: pd.Series) -> str:
    """'GCS 5 on day 45 (E1M3V1)'."""
    value = value_text(row[Col.VALUE], row[Col.VALUE_MAX], row[Col.UNIT])
    detail = f" ({row[Col.DETAIL]})" if row[Col.DETAIL] else ""
    return f"{row[Col.ITEM]} {value} on {day_text(row[Col.DAY], row[Col.END_DAY])}{detail}"


def _not_found(key: str, label: str, why: str) -> Interval:
    return Interval(key, label, NOT_FOUND, None, "", why)


def first_grade_day(events: pd.DataFrame, at_least: int, syndrome: str = ICANS) -> pd.DataFrame:
    """The grade rows on the first day with a grade of `at_least` or more (empty if none)."""
    rows = grade_rows(events, syndrome)
    rows = rows[rows[Col.VALUE] >= at_least]
    return rows[rows[Col.DAY] == rows[Col.DAY].min()] if len(rows) else rows


def high_grade_runs(events: pd.DataFrame, reported_only: bool = False) -> list[Span]:
    """Runs of consecutive days at ICANS grade 3 or more, longest first (earliest on a tie)."""
    rows = grade_rows(events, ICANS)
    rows = rows[rows[Col.VALUE] >= HIGH_GRADE]
    if reported_only:
        rows = rows[rows[Col.BASIS] != DERIVED]
    runs: list[Span] = []
    for day in sorted(covered_days(rows)):
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return sorted(runs, key=lambda run: (run[0] - run[1], run[0]))


def first_improvement(events: pd.DataFrame, day: int) -> Improvement | None:
    """The first GCS or ICE score after `day` above the last one on or before it."""
    found = []
    for item in IMPROVEMENT_SCORES:
        scores = events[(events[Col.CATEGORY] == "score") & (events[Col.ITEM] == item)]
        scores = scores.sort_values(Col.DAY, kind="stable")
        before = scores[scores[Col.DAY] <= day]
        if before.empty:
            continue
        baseline = before.iloc[-1]
        ceiling = (
            baseline[Col.VALUE_MAX] if pd.notna(baseline[Col.VALUE_MAX]) else baseline[Col.VALUE]
        )
        better = scores[(scores[Col.DAY] > day) & (scores[Col.VALUE] > ceiling)]
        if len(better):
            found.append(Improvement(item, baseline, better.iloc[0]))
    return min(found, key=lambda f: f.day, default=None)


def icu_day_count(events: pd.DataFrame) -> int:
    icu = events[(events[Col.CATEGORY] == "status") & (events[Col.ITEM] == "ICU stay")]
    return len(covered_days(icu))


def death_day(events: pd.DataFrame) -> pd.Series | None:
    deaths = events[(events[Col.CATEGORY] == "outcome") & (events[Col.ITEM] == "Death")]
    return None if deaths.empty else deaths.iloc[0]


# ---------------------------------------------------------------------------------------------


def _onset(events: pd.DataFrame) -> Interval:
    key, label = "icans_onset", "ICANS onset"
    day = icans_onset_day(events)
    if day is None:
        return _not_found(key, label, "No ICANS grade of 1 or more in the case")
    rows = first_grade_day(events, 1)
    return Interval(
        key,
        label,
        f"day {day}",
        day,
        _basis(rows),
        f"First day with an ICANS grade of 1 or more: grade {int(rows[Col.VALUE].max())} "
        f"({'; '.join(rows[Col.SOURCE])})",
        (0, day),
    )


def _first_high_grade(events: pd.DataFrame) -> Interval:
    key, label = "first_high_grade", "First ICANS grade ≥3"
    rows = first_grade_day(events, HIGH_GRADE)
    if rows.empty:
        return _not_found(key, label, "No ICANS grade of 3 or more in the case")
    day, onset = int(rows[Col.DAY].iloc[0]), icans_onset_day(events)
    return Interval(
        key,
        label,
        f"day {day}, {days_text(day - onset)} after onset",
        day,
        _basis(rows),
        f"First day with an ICANS grade of 3 or more: grade {int(rows[Col.VALUE].max())} "
        f"({'; '.join(rows[Col.SOURCE])}); ICANS onset on day {onset}",
        (onset, day),
    )


def _longest_run(events: pd.DataFrame) -> Interval:
    key, label = "longest_high_grade_run", "Longest run at ICANS grade ≥3"
    runs = high_grade_runs(events)
    if not runs:
        return _not_found(key, label, "No ICANS grade of 3 or more in the case")
    first, last = runs[0]
    length = last - first + 1
    rows = grade_rows(events, ICANS)
    rows = rows[
        (rows[Col.VALUE] >= HIGH_GRADE) & (rows[Col.DAY] <= last) & (last_days(rows) >= first)
    ]
    reported = high_grade_runs(events, reported_only=True)
    if reported:
        r_first, r_last = reported[0]
        alone = f"{days_text(r_last - r_first + 1)}, {day_text(r_first, r_last)}"
    else:
        alone = "none"
    return Interval(
        key,
        label,
        f"{days_text(length)} ({day_text(first, last)})",
        length,
        _basis(rows),
        "Consecutive days covered by an ICANS grade row of 3 or more, reported or derived "
        "(a derived grade is a lower bound); a span row counts for each of its days, and a day "
        f"without a grade row ends a run. Counting reported grades only: {alone}",
        (first, last),
    )


def _relapse(events: pd.DataFrame) -> Interval:
    key, label = "icans_relapse", "ICANS relapse"
    day = icans_relapse_day(events)
    if day is None:
        return _not_found(key, label, "The ICANS grade does not rise again after falling")
    rows = grade_rows(events, ICANS).sort_values(Col.DAY, kind="stable")
    earlier, on_day = rows[rows[Col.DAY] < day].iloc[-1], rows[rows[Col.DAY] == day]
    derived = "at least " if (on_day[Col.BASIS] == DERIVED).all() else ""
    return Interval(
        key,
        label,
        f"day {day}",
        day,
        _basis(on_day),
        "First rise of the ICANS grade after it had fallen: grade "
        f"{int(earlier[Col.VALUE])} on {day_text(earlier[Col.DAY], earlier[Col.END_DAY])}, then "
        f"{derived}grade {int(on_day[Col.VALUE].max())} from day {day} "
        f"({'; '.join(on_day[Col.SOURCE])})",
        (day, day),
    )


def _onset_to_intrathecal(events: pd.DataFrame) -> Interval:
    key, label = "onset_to_intrathecal", "ICANS onset to intrathecal therapy"
    onset, it_days = icans_onset_day(events), intrathecal_days(events)
    if onset is None or not it_days:
        return _not_found(key, label, "Needs an ICANS onset and an intrathecal drug (route IT)")
    given = intrathecal_rows(events)
    given = given[given[Col.DAY] == it_days[0]]
    return Interval(
        key,
        label,
        days_text(it_days[0] - onset),
        it_days[0] - onset,
        _basis(first_grade_day(events, 1), given),
        f"ICANS onset on day {onset} to the first intrathecal drug on day {it_days[0]} "
        f"({', '.join(given[Col.ITEM])} IT)",
        (onset, it_days[0]),
    )


def _intrathecal_to_improvement(events: pd.DataFrame) -> Interval:
    key, label = "intrathecal_to_improvement", "Intrathecal therapy to first improvement"
    it_days = intrathecal_days(events)
    if not it_days:
        return _not_found(key, label, "No intrathecal drug (route IT) in the case")
    found = first_improvement(events, it_days[0])
    if found is None:
        return _not_found(
            key, label, f"No GCS or ICE score after day {it_days[0]} above the last one before it"
        )
    return Interval(
        key,
        label,
        days_text(found.day - it_days[0]),
        found.day - it_days[0],
        _basis(found.before, found.after),
        f"First intrathecal drug on day {it_days[0]}. Baseline {_reading(found.before)}, the "
        f"last {found.item} on or before that day; first later {found.item} above it: "
        f"{_reading(found.after)}",
        (it_days[0], found.day),
    )


def _icu(events: pd.DataFrame) -> Interval:
    key, label = "icu_days", "ICU days"
    stays = status_spans(events, "ICU stay")
    if not stays:
        return _not_found(key, label, "No ICU stay in the case")
    count = icu_day_count(events)
    rows = events[(events[Col.CATEGORY] == "status") & (events[Col.ITEM] == "ICU stay")]
    listed = "; ".join(f"{day_text(a, b)} ({days_text(b - a + 1)})" for a, b in stays)
    return Interval(
        key,
        label,
        days_text(count),
        count,
        _basis(rows),
        f"{len(stays)} ICU stay{'s' if len(stays) != 1 else ''}: {listed}; admission and "
        "discharge days both counted, each day once",
        (min(a for a, _ in stays), max(b for _, b in stays)),
    )


def _death(events: pd.DataFrame) -> Interval:
    key, label = "infusion_to_death", "Infusion to death"
    death = death_day(events)
    if death is None:
        return _not_found(key, label, "No death recorded")
    day = int(death[Col.DAY])
    return Interval(
        key,
        label,
        days_text(day),
        day,
        _basis(death),
        f"Day 0 is the infusion; death on day {day} ({death[Col.SOURCE]})",
        (0, day),
    )


def key_intervals(events: pd.DataFrame) -> list[Interval]:
    """The key intervals of a case, in the order they happen in a course."""
    return [
        _onset(events),
        _first_high_grade(events),
        _longest_run(events),
        _relapse(events),
        _onset_to_intrathecal(events),
        _intrathecal_to_improvement(events),
        _icu(events),
        _death(events),
    ]
