"""The key intervals of a case, computed from the event table: nothing here is typed in.

API (pure; no dash):

- `key_intervals(events) -> list[Interval]`, always the same keys in the same order, each with
  `value` "–" and `days` None where the case lacks what it needs:
  `icans_onset`, `first_high_grade`, `longest_high_grade_run`, `icans_relapse`,
  `icans_relapse_reported`, `onset_to_intrathecal`, `intrathecal_to_improvement`, `icu_days`,
  `infusion_to_death`.
- The pieces, for a caller that needs one: `first_grade_day`, `high_grade_runs`,
  `first_improvement`, `icu_day_count`, `death_day`; and `days_text` ('1 day', '42 days').

Definitions, stated again in each interval's `how`:

- ICANS onset: the first day with an ICANS grade of 1 or more (`phases.icans_onset_day`).
- A run at grade 3 or more: consecutive days covered by an ICANS grade row of 3 or more, reported
  or derived (a derived grade is a lower bound, so "at least 3" is 3 or more); a span row counts
  for each of its days. A day without any grade row between two such days is "not recorded":
  it does not end the run, and the run names it; a grade below 3, or more than
  `MAX_NOT_RECORDED_DAYS` days in a row without a grade, ends the run.
- Relapse: the first rise of the ICANS grade after it had fallen (`phases.icans_relapse_day`),
  twice: from every grade row (the first relapse the findings support, often a derived grade),
  and from the reported grades alone (the relapse the source itself reports).
- Improvement after intrathecal therapy: for GCS and for ICE (both higher is better), the
  baseline is the last score on or before the first intrathecal day (a score on that day is
  the one the treatment was given for); improvement is the first later score whose lowest
  reading is above the baseline's highest. The earlier of the two scales counts.
- ICU days: calendar days within an ICU stay, admission and discharge days included, each day
  once.
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
from components.model.columns import DERIVED, REPORTED, Col
from components.model.formatting import day_text, number_text, value_text

ICANS = "ICANS"
HIGH_GRADE = 3
#: Days in a row without any grade row that a run at grade 3 or more is carried over.
MAX_NOT_RECORDED_DAYS = 2
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


@dataclass(frozen=True)
class Run:
    """Consecutive days at ICANS grade 3 or more, with the days inside it that have no grade."""

    first: int
    last: int
    not_recorded: tuple[int, ...] = ()

    @property
    def days(self) -> int:
        """Calendar days from the first to the last, days not recorded inside it included."""
        return self.last - self.first + 1

    def where(self) -> str:
        """'days 7–10, day 9 not recorded'."""
        text = day_text(self.first, self.last)
        if self.not_recorded:
            gap = ", ".join(str(d) for d in self.not_recorded)
            text += f", day{'s' if len(self.not_recorded) > 1 else ''} {gap} not recorded"
        return text


def high_grade_runs(events: pd.DataFrame, reported_only: bool = False) -> list[Run]:
    """Runs of days at ICANS grade 3 or more, longest first (earliest on a tie). A day without
    any ICANS grade row inside a run is not recorded, not the run's end."""
    rows = grade_rows(events, ICANS)
    if reported_only:
        rows = rows[rows[Col.BASIS] != DERIVED]
    high = covered_days(rows[rows[Col.VALUE] >= HIGH_GRADE])
    graded = covered_days(rows)
    runs: list[Run] = []
    for day in sorted(high):
        gap = tuple(range(runs[-1].last + 1, day)) if runs else ()
        if runs and len(gap) <= MAX_NOT_RECORDED_DAYS and not graded.intersection(gap):
            runs[-1] = Run(runs[-1].first, day, runs[-1].not_recorded + gap)
        else:
            runs.append(Run(day, day))
    return sorted(runs, key=lambda run: (-run.days, run.first))


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
    run = runs[0]
    rows = grade_rows(events, ICANS)
    rows = rows[
        (rows[Col.VALUE] >= HIGH_GRADE)
        & (rows[Col.DAY] <= run.last)
        & (last_days(rows) >= run.first)
    ]
    reported = high_grade_runs(events, reported_only=True)
    alone = f"{days_text(reported[0].days)}, {reported[0].where()}" if reported else "none"
    return Interval(
        key,
        label,
        f"{days_text(run.days)} ({run.where()})",
        run.days,
        _basis(rows),
        "Consecutive calendar days covered by an ICANS grade row of 3 or more, reported or "
        "derived (a derived grade is a lower bound); a span row counts for each of its days. A "
        f"day without any grade row inside a run (up to {MAX_NOT_RECORDED_DAYS} in a row) is "
        "not recorded, not the end of the run, and is counted in its days; a grade below 3 ends "
        f"it. Counting reported grades only: {alone}",
        (run.first, run.last),
    )


def _relapse(events: pd.DataFrame, reported_only: bool = False) -> Interval:
    if reported_only:
        key, label = "icans_relapse_reported", "ICANS relapse, reported grades"
        scope = "reported grades only (the source's own account)"
    else:
        key, label = "icans_relapse", "ICANS relapse"
        scope = "reported or derived grades (the first relapse the findings support)"
    rows = grade_rows(events, ICANS).sort_values(Col.DAY, kind="stable")
    if reported_only:
        rows = rows[rows[Col.BASIS] != DERIVED]
    day = icans_relapse_day(rows)
    if day is None:
        return _not_found(key, label, f"The ICANS grade does not rise again after falling, {scope}")
    earlier, on_day = rows[rows[Col.DAY] < day].iloc[-1], rows[rows[Col.DAY] == day]
    derived = "at least " if (on_day[Col.BASIS] == DERIVED).all() else ""
    return Interval(
        key,
        label,
        f"day {day}",
        day,
        _basis(on_day),
        f"First rise of the ICANS grade after it had fallen, {scope}: grade "
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
        "Counted in calendar days, admission and discharge days included, each day once: "
        f"{len(stays)} ICU stay{'s' if len(stays) != 1 else ''}, {listed}",
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
        _relapse(events, reported_only=True),
        _onset_to_intrathecal(events),
        _intrathecal_to_improvement(events),
        _icu(events),
        _death(events),
    ]
