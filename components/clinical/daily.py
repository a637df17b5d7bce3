"""Per-day series of a case, computed once per case, from which every number a day range shows
is a count, a sum or a maximum over the range's days.

The clinical rules stay here (which rows are ICANS grades, which days a span covers, how a dose
counts in dexamethasone equivalents, which counts rest on assumptions); the browser only slices
these series (assets/timeline.js, `rangeNumbers`), so a range change asks nothing of the server.
`numbers_in_range` is the same slicing in Python: the tests check it against
`phases.headline_numbers` and `steroids.steroid_exposure` for every range of a case.

API (pure; JSON-ready plain values):
- `daily_series(events) -> dict`:
  - `icans`: the ICANS grade rows, `[first, last, grade, derived]` each (the peak of a range is
    the highest grade of the rows touching it, "first on" the earliest such row's first day);
  - `high_days` / `high_reported_days`: the days covered by an ICANS grade of 3 or more (any,
    and reported ones);
  - `icu_days`: the days covered by an ICU stay;
  - `dose_days`: `[day, mg dexamethasone equivalent, documented minimum]` per day with a
    counted systemic corticosteroid dose;
  - `intrathecal_days`: the first day of each intrathecal corticosteroid row;
  - `assumptions`: `[row's first day, last day, text]` for each dose row counted a certain way
    (a range's total rests on those starting on or before its last day, as `steroid_exposure`
    says; those touching the range are listed, the earlier ones counted).
- `numbers_in_range(series, days) -> RangeNumbers`
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.clinical.phases import Span, covered_days, grade_rows, spans
from components.clinical.steroids import corticosteroid_rows, steroid_exposure
from components.model.drugs import INTRATHECAL
from components.model.schema import DERIVED, Col

#: An ICANS grade of this or more counts as a high-grade day (ASTCT 2019 grades 3 and 4).
HIGH_GRADE = 3


def daily_series(events: pd.DataFrame) -> dict:
    """The series of a case (see the module docstring)."""
    icans = grade_rows(events, "ICANS")
    high = icans[icans[Col.VALUE] >= HIGH_GRADE]
    icu = events[(events[Col.CATEGORY] == "status") & (events[Col.ITEM] == "ICU stay")]
    exposure = steroid_exposure(events)
    by_day = exposure.doses.groupby("dose_day").agg(
        mg=("dex_eq_mg", "sum"), minimum=("documented_minimum", "any")
    )
    steroids = corticosteroid_rows(events)
    return {
        "icans": [
            [first, last, int(grade), basis == DERIVED]
            for (first, last), grade, basis in zip(
                spans(icans), icans[Col.VALUE], icans[Col.BASIS], strict=True
            )
        ],
        "high_days": sorted(covered_days(high)),
        "high_reported_days": sorted(covered_days(high[high[Col.BASIS] != DERIVED])),
        "icu_days": sorted(covered_days(icu)),
        "dose_days": [
            [int(day), float(row.mg), bool(row.minimum)] for day, row in by_day.iterrows()
        ],
        "intrathecal_days": sorted(
            int(d) for d in steroids[steroids[Col.ROUTE] == INTRATHECAL][Col.DAY]
        ),
        "assumptions": [[a.day, a.end_day or a.day, str(a)] for a in exposure.assumptions],
    }


@dataclass(frozen=True)
class RangeNumbers:
    """What a range shows, sliced from the series; None where the range has no such value."""

    peak_icans: int | None
    peak_derived_only: bool
    peak_first_day: int | None
    high_days: int
    high_reported_days: int
    icu_days: int
    steroid_mg: float
    cumulative_mg: float
    documented_minimum: bool
    steroid_doses: int
    intrathecal: int
    assumptions: tuple[str, ...]


def _count(days: list[int], first: int, last: int) -> int:
    return sum(first <= d <= last for d in days)


def numbers_in_range(series: dict, days: Span) -> RangeNumbers:
    """The numbers of a range as the browser slices them from `daily_series`."""
    first, last = days
    touching = [row for row in series["icans"] if row[0] <= last and row[1] >= first]
    peak = max((row[2] for row in touching), default=None)
    top = [row for row in touching if row[2] == peak]
    doses = series["dose_days"]
    return RangeNumbers(
        peak_icans=peak,
        peak_derived_only=bool(top) and all(row[3] for row in top),
        peak_first_day=min((row[0] for row in top), default=None),
        high_days=_count(series["high_days"], first, last),
        high_reported_days=_count(series["high_reported_days"], first, last),
        icu_days=_count(series["icu_days"], first, last),
        steroid_mg=sum(mg for day, mg, _ in doses if first <= day <= last),
        cumulative_mg=sum(mg for day, mg, _ in doses if day <= last),
        documented_minimum=any(minimum for day, _, minimum in doses if day <= last),
        steroid_doses=sum(first <= day <= last for day, _, _ in doses),
        intrathecal=_count(series["intrathecal_days"], first, last),
        assumptions=tuple(text for day, _, text in series["assumptions"] if day <= last),
    )
